import copy
import datetime as dt
import json
from importlib import resources

import pytest

from djrh_desktop.domain import rulesets
from djrh_desktop.domain.errors import ValidationError
from djrh_desktop.domain.members import MemberInput, validate_member
from tests.conftest import ID_FEMALE, ID_MALE


def raw(name):
    return json.loads(resources.files("djrh_desktop.resources").joinpath("rules", name).read_text("utf-8"))


def test_defaults_load_and_round_trip_through_json():
    five_a = rulesets.default_five_a()
    assert five_a.dimension_codes == ("A1", "A2", "A3", "A4", "A5") and five_a.full_marks == 100
    assert rulesets.five_a_from_json(five_a.to_json()) == five_a
    st = rulesets.default_stars()
    assert rulesets.stars_from_json(st.to_json()) == st
    assert [name for _, name in st.vetoes] == [
        "支部党员发生严重违纪违法问题",
        "业务领域发生重大安全责任事故",
        "被列为软弱涣散党组织",
    ]


@pytest.mark.parametrize(
    "mutate, message",
    [
        (lambda d: d["items"][0].update(dimension="A9"), "维度“A9”不存在"),
        (lambda d: d["items"].append(dict(d["items"][0])), "重复"),
        (lambda d: d["items"][0].update(points="一分"), "应为数字"),
        (lambda d: d.update(a_threshold=30), "不能大于"),
        (lambda d: d["grades"].update(qualified=99), "优秀 ≥ 合格"),
    ],
)
def test_bad_five_a_rules_refused(mutate, message):
    data = copy.deepcopy(raw("five_a_default.json"))
    mutate(data)
    with pytest.raises(ValidationError, match=message):
        rulesets.parse_five_a(data)


def test_bad_star_rules_refused():
    data = raw("stars_default.json")
    data["stars"].pop()
    with pytest.raises(ValidationError, match="应有5颗星"):
        rulesets.parse_stars(data)


def member(**kw):
    base = dict(name="张三", gender="男", branch_id=1, join_date="2012-07-01", full_date="2013-07-01")
    return MemberInput(**{**base, **kw})


def test_member_birth_date_taken_from_id():
    row = validate_member(member(id_number=ID_MALE.lower()))
    assert row["birth_date"] == "1990-03-07" and row["id_number"] == ID_MALE


@pytest.mark.parametrize(
    "kw, message",
    [
        (dict(name=" "), "姓名：不能为空"),
        (dict(id_number=ID_FEMALE), "性别：与身份证号码（女性）不一致"),
        (dict(id_number=ID_MALE, birth_date="1990-03-08"), "出生日期：与身份证号码中的出生日期"),
        (dict(birth_date="1999-01-01", join_date="2016-07-01", full_date=None), "入党日期：入党时未满18周岁"),
        (dict(full_date="2012-06-30"), "转正日期：应晚于入党日期"),
        (dict(party_status="预备党员"), "预备党员不应有转正日期"),
        (dict(join_date="2099-01-01", full_date=None), "不能晚于今天"),
        (dict(category="临时"), "人员类别"),
        (dict(phone="138abc"), "联系电话"),
    ],
)
def test_member_rules(kw, message):
    with pytest.raises(ValidationError, match=message):
        validate_member(member(**kw))


@pytest.mark.parametrize("name, initials", [("单伟", "sw"), ("曾国", "zg"), ("解放", "xf"), ("仇英", "qy"), ("区华", "oh"),
                                            ("查明", "zm"), ("朴成", "pc"), ("盖军", "gj"), ("覃林", "ql"), ("缪红", "mh"),
                                            ("翟亮", "zl"), ("万俟卨", "mqx"), ("张三", "zs")])  # fmt: skip
def test_surnames_in_their_surname_reading(name, initials):
    from djrh_desktop.domain import pinyin

    assert pinyin.keys(name)[0] == initials
    assert pinyin.matches(initials, name, *pinyin.keys(name))


def test_birth_month_and_blank_gender_completed_from_the_id():
    """出生年月 to the month (1985.05 → 1985-05-01) agrees with an ID born on 1985-05-23, and takes its day; a
    blank 性别 is the ID's; a different month still disagrees."""
    from djrh_desktop.domain.idnumber import birth_date, gender
    from djrh_desktop.domain.members import MemberInput, validate_member
    from tests.conftest import ID_FEMALE

    day = birth_date(ID_FEMALE)
    row = validate_member(MemberInput("王芳", "", 1, id_number=ID_FEMALE, birth_date=day.replace(day=1).isoformat()))
    assert row["birth_date"] == day.isoformat() and row["gender"] == gender(ID_FEMALE)
    other = (day.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    with pytest.raises(ValidationError, match="不一致"):
        validate_member(MemberInput("王芳", "女", 1, id_number=ID_FEMALE, birth_date=other.isoformat()))
