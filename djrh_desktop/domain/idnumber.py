"""GB 11643-1999 citizen identity numbers (公民身份号码): check digit, birth date, gender, masking."""

from __future__ import annotations

import datetime as dt

from .errors import ValidationError

FIELD = "公民身份号码"
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
# First digit of the administrative division code: 1–6 are the provinces' regions,
# 7 Taiwan, 8 Hong Kong / Macau (and residence permits); 0 and 9 are never used.
_VALID_REGION_FIRST = set("12345678")


def check_digit(first17: str) -> str:
    total = sum(int(c) * w for c, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK[total % 11]


def normalize(raw: str) -> str:
    """Strip spaces, make full-width digits half-width and a trailing x upper-case."""
    text = str(raw).strip().replace(" ", "")
    text = text.translate({0xFF10 + i: 0x30 + i for i in range(10)} | {0xFF38: "X", 0xFF58: "X"})
    return text.upper()


def validate(raw: str, today: dt.date | None = None) -> str:
    """Return the normalised number or raise ValidationError with the reason in Chinese."""
    text = normalize(raw)
    if len(text) != 18:
        raise ValidationError(f"应为18位，实际为{len(text)}位", FIELD)
    if not text[:17].isdigit() or not (text[17].isdigit() or text[17] == "X"):
        raise ValidationError("前17位应为数字，最后一位应为数字或X", FIELD)
    if text[0] not in _VALID_REGION_FIRST:
        raise ValidationError("行政区划代码无效", FIELD)
    try:
        born = birth_date(text)
    except ValueError:
        raise ValidationError("出生日期无效", FIELD) from None
    if born > (today or dt.date.today()) or born.year < 1900:
        raise ValidationError("出生日期无效", FIELD)
    if check_digit(text[:17]) != text[17]:
        raise ValidationError("校验位错误", FIELD)
    return text


def is_valid(raw: str, today: dt.date | None = None) -> bool:
    try:
        validate(raw, today)
    except ValidationError:
        return False
    return True


def birth_date(number: str) -> dt.date:
    return dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def gender(number: str) -> str:
    """'男' for an odd sequence digit (17th), '女' for an even one."""
    return "男" if int(number[16]) % 2 else "女"


def mask(number: str | None) -> str:
    """110101********1234: region code and the last four digits only."""
    if not number:
        return ""
    return number[:6] + "*" * (len(number) - 10) + number[-4:] if len(number) > 10 else "*" * len(number)


def make(region: str, born: dt.date, sequence: int) -> str:
    """Build a valid number (used by demo data and tests)."""
    first17 = f"{region}{born:%Y%m%d}{sequence:03d}"
    return first17 + check_digit(first17)
