import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from djrh_desktop.domain import idnumber
from djrh_desktop.domain.errors import ValidationError
from tests.conftest import ID_FEMALE, ID_MALE


def test_known_numbers_validate_with_birth_and_gender():
    assert idnumber.validate(ID_MALE) == ID_MALE
    assert idnumber.birth_date(ID_MALE) == dt.date(1990, 3, 7)
    assert idnumber.gender(ID_MALE) == "男"
    assert idnumber.gender(ID_FEMALE) == "女"


def test_lower_case_x_and_full_width_digits_are_normalised():
    base = "11010519491231002"
    number = base + idnumber.check_digit(base)
    assert number.endswith("X")
    assert idnumber.validate(number.lower()) == number
    full_width = "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in ID_MALE)
    assert idnumber.validate(full_width) == ID_MALE


@pytest.mark.parametrize(
    "raw, reason",
    [
        ("11010119900307123", "应为18位"),
        ("1101011990030712A3", "前17位应为数字"),
        ("010101199003071233", "行政区划代码无效"),
        ("110101199002301233", "出生日期无效"),
        ("110101299003071233", "出生日期无效"),
        ("110101199003071234", "校验位错误"),
    ],
)
def test_bad_numbers_say_why(raw, reason):
    with pytest.raises(ValidationError) as err:
        idnumber.validate(raw, today=dt.date(2026, 11, 23))
    assert reason in str(err.value)
    assert str(err.value).startswith("公民身份号码：")


def test_masking_keeps_region_and_last_four():
    assert idnumber.mask(ID_MALE) == "110101********1233"
    assert idnumber.mask(None) == ""


@given(
    region=st.sampled_from(["110101", "150783", "320106", "440305"]),
    born=st.dates(min_value=dt.date(1920, 1, 1), max_value=dt.date(2008, 12, 31)),
    seq=st.integers(min_value=0, max_value=999),
)
def test_made_numbers_validate_and_any_digit_change_is_caught(region, born, seq):
    number = idnumber.make(region, born, seq)
    assert idnumber.validate(number) == number
    assert idnumber.birth_date(number) == born
    # Changing any one of the 17 body digits must break the check digit (GB 11643 catches all
    # single-digit errors).
    for pos in range(17):
        digit = int(number[pos])
        changed = number[:pos] + str((digit + 1) % 10) + number[pos + 1 :]
        assert not idnumber.is_valid(changed)
