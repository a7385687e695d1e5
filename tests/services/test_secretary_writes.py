"""A 支部书记's writes touch only members of their branch; a talk is changed only by its talkers or an
officer (issue 13)."""

from __future__ import annotations

import pytest

from djrh_desktop.domain.errors import PermissionDenied
from djrh_desktop.services import meetings, points, talks, users
from djrh_desktop.services.meetings import MeetingInput
from djrh_desktop.services.points import Posting
from djrh_desktop.services.talks import Talker, TalkInput
from tests.services.test_records_services import DAY


def counts(db):
    return [db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("meetings", "meeting_attendance", "point_ledger")]


def test_meeting_attendance_of_another_branchs_member_is_refused(secretary_a, admin, org_tree):
    p = org_tree["people"]
    before = counts(admin.db)
    with pytest.raises(PermissionDenied, match="本支部"):
        meetings.record_meeting(secretary_a, MeetingInput(org_tree["a"], "主题党日", DAY, "学习", attendance={
            p["张三"]: "出席", p["赵六"]: "缺席"}))  # fmt: skip
    with pytest.raises(PermissionDenied, match="本支部"):
        meetings.record_meeting(secretary_a, MeetingInput(org_tree["a"], "主题党日", DAY, "学习", attendance={
            p["张三"]: "出席", p["钱七"]: "请假"}))  # fmt: skip
    assert counts(admin.db) == before
    meetings.record_meeting(secretary_a, MeetingInput(org_tree["a"], "主题党日", DAY, "学习", attendance={
        p["张三"]: "出席", p["李四"]: "缺席"}))  # fmt: skip


def test_points_for_another_branchs_member_are_refused(secretary_a, admin, org_tree):
    p = org_tree["people"]
    before = counts(admin.db)
    with pytest.raises(PermissionDenied):
        points.batch_post(secretary_a, [p["赵六"]], Posting("A1-01", DAY))
    with pytest.raises(PermissionDenied):
        points.batch_post(secretary_a, [p["张三"], p["赵六"]], Posting("A1-01", DAY))
    assert counts(admin.db) == before


def held_by(admin, org_tree, talker: str) -> int:
    p = org_tree["people"]
    return talks.record_talk(admin, TalkInput(type="谈心谈话", date=DAY, topic="思想", talkers=[Talker(p[talker])],
                                              talkees=[p["李四"]], content="原内容")).ids[0]  # fmt: skip


def edit(s, tid):
    view = talks.get_talk(s, tid)
    return talks.update_talk(s, tid, TalkInput(type=view["type"], date=view["date"], topic="改过的主题",
                                               talkers=[Talker(t["member_id"], t["name"], t["post"]) for t in view["talkers"]],
                                               talkees=view["talkees"], content=view["content"]))  # fmt: skip


def test_a_talk_is_changed_only_by_its_talkers_or_an_officer(secretary_a, admin, org_tree):
    others = held_by(admin, org_tree, "王芳")  # in the secretary's branch, held by someone else
    with pytest.raises(PermissionDenied, match="本人作为谈话人"):
        edit(secretary_a, others)
    with pytest.raises(PermissionDenied, match="本人作为谈话人"):
        talks.set_followup(secretary_a, others, "已办结")
    assert admin.db.execute("SELECT topic FROM talks WHERE id = ?", [others]).fetchone()[0] == "思想"
    own = held_by(admin, org_tree, "张三")
    edit(secretary_a, own)
    users.create_user(admin, "officer9", "Officer2026", "officer", "党务")
    edit(users.sign_in(admin.db, "officer9", "Officer2026"), others)
    assert admin.db.execute("SELECT topic FROM talks WHERE id = ?", [others]).fetchone()[0] == "改过的主题"
