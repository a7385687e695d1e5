"""Fixtures of the service tests."""

import datetime as dt

import pytest

from djrh_desktop.services import meetings, points, talks, visits
from djrh_desktop.services.meetings import MeetingInput
from djrh_desktop.services.points import Posting
from djrh_desktop.services.talks import Talker, TalkInput
from djrh_desktop.services.visits import VisitInput
from tests.services.role_world import world  # noqa: F401 - the role matrix's world

DAY = dt.date.today().replace(day=1).isoformat()


@pytest.fixture
def office(admin, org_tree):
    """The office file with a record of every kind in branch A (and one talk in branch B)."""
    p = org_tree["people"]
    talks.record_talk(admin, TalkInput(type="谈心谈话", date=DAY, topic="思想动态", talkers=[Talker(p["张三"])], talkees=[p["李四"]]))
    talks.record_talk(admin, TalkInput(type="谈心谈话", date=DAY, topic="二支部谈话", talkers=[Talker(p["赵六"])], talkees=[p["钱七"]]))
    visits.record_visit(admin, VisitInput(DAY, p["李四"], visitors=[p["张三"]], content="家访", family=[("李某", "配偶")]))
    meetings.record_meeting(admin, MeetingInput(org_tree["a"], "党课", DAY, "党课一",
                                                attendance={p["张三"]: "出席", p["李四"]: "出席", p["王芳"]: "缺席"}))  # fmt: skip
    entry = points.batch_post(admin, [p["王芳"]], Posting("A1-01", DAY)).ids[0]
    points.reverse(admin, entry, "误登")
    return admin
