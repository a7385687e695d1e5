"""A meeting can be corrected or voided (issue 14 / PRODUCT.md 2.6): the points its attendance posted are
reversed and re-posted in the same transaction, the audit shows before and after, a voided meeting leaves
every count."""

from __future__ import annotations

import datetime as dt

import pytest

from djrh_desktop.domain.errors import ValidationError
from djrh_desktop.domain.periods import Quarter
from djrh_desktop.services import meetings, stats
from djrh_desktop.services.meetings import MeetingInput
from djrh_desktop.store import integrity

TODAY = dt.date.today()
DAY = TODAY.replace(day=1).isoformat()


def net(db, member_id):
    return db.execute("SELECT ifnull(sum(points), 0) FROM point_ledger WHERE member_id = ?", [member_id]).fetchone()[0]


def test_correcting_attendance_reverses_and_reposts_points(admin, org_tree):
    p = org_tree["people"]
    mid = meetings.record_meeting(admin, MeetingInput(org_tree["a"], "主题党日", DAY, "学习",
                                                      attendance={p["张三"]: "出席", p["李四"]: "缺席"})).ids[0]  # fmt: skip
    assert (net(admin.db, p["张三"]), net(admin.db, p["李四"])) == (0.5, -2)
    change = meetings.correct_meeting(admin, mid, MeetingInput(org_tree["a"], "主题党日", DAY, "学习党章",
                                                               attendance={p["张三"]: "出席", p["李四"]: "出席"}))  # fmt: skip
    assert change.extra == {"reversed": 2, "points": 2}
    assert (net(admin.db, p["张三"]), net(admin.db, p["李四"])) == (0.5, 0.5)
    view = meetings.get_meeting(admin, mid)
    assert view["topic"] == "学习党章" and dict(view["attendance"])["李四"] == "出席"
    before, after = admin.db.execute("SELECT before_json, after_json FROM audit_log WHERE action = '修改' "
                                     "AND entity = 'meetings'").fetchone()  # fmt: skip
    assert "缺席" in before and "学习党章" in after
    assert integrity.check(admin.db) == []


def test_a_failed_correction_changes_nothing(admin, org_tree, monkeypatch):
    p = org_tree["people"]
    mid = meetings.record_meeting(admin, MeetingInput(org_tree["a"], "党课", DAY, "党课",
                                                      attendance={p["李四"]: "缺席"})).ids[0]  # fmt: skip
    rows = admin.db.execute("SELECT count(*) FROM point_ledger").fetchone()[0]
    monkeypatch.setattr(meetings, "_post_attendance", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("断电")))
    with pytest.raises(RuntimeError):
        meetings.correct_meeting(admin, mid, MeetingInput(org_tree["a"], "党课", DAY, "改", attendance={p["李四"]: "出席"}))
    assert admin.db.execute("SELECT count(*) FROM point_ledger").fetchone()[0] == rows
    assert meetings.get_meeting(admin, mid)["topic"] == "党课" and net(admin.db, p["李四"]) == -2


def test_a_voided_meeting_reverses_its_points_and_leaves_the_counts(admin, org_tree):
    p = org_tree["people"]
    q = Quarter.of(TODAY)
    mid = meetings.record_meeting(admin, MeetingInput(org_tree["a"], "支部委员会", DAY, "研究",
                                                      attendance={p["张三"]: "出席", p["李四"]: "缺席"})).ids[0]  # fmt: skip
    assert stats.quarter_figures(admin, q)["meetings"] == 1
    change = meetings.void_meeting(admin, mid, "重复录入")
    assert change.extra == {"reversed": 2}
    assert stats.quarter_figures(admin, q)["meetings"] == 0
    held = {t.type: t.held for t in meetings.compliance(admin, q)[0].types}
    assert held["支部委员会"] == 0
    assert (net(admin.db, p["张三"]), net(admin.db, p["李四"])) == (0, 0)
    with pytest.raises(ValidationError, match="已作废"):
        meetings.void_meeting(admin, mid, "再来")
    assert integrity.check(admin.db) == []


def test_group_meeting_names_its_group_and_compliance_counts_per_group(admin, org_tree):
    from djrh_desktop.services import org

    p, a = org_tree["people"], org_tree["a"]
    g1 = org.add_org(admin, "第一党小组", "党小组", a).ids[0]
    org.add_org(admin, "第二党小组", "党小组", a)
    with pytest.raises(ValidationError, match="党小组"):
        meetings.record_meeting(admin, MeetingInput(a, "党小组会", DAY, "学习", attendance={p["张三"]: "出席"}))
    with pytest.raises(ValidationError, match="只有党小组会"):
        meetings.record_meeting(admin, MeetingInput(a, "党课", DAY, "党课", group_id=g1))
    mid = meetings.record_meeting(admin, MeetingInput(a, "党小组会", DAY, "学习", attendance={p["张三"]: "出席"},
                                                      group_id=g1)).ids[0]  # fmt: skip
    assert meetings.get_meeting(admin, mid)["group"] == "第一党小组"
    q = Quarter.of(TODAY)
    branch = next(b for b in meetings.compliance(admin, q, dt.date(q.year + 1, 1, 1)) if b.branch_id == a)
    group = next(t for t in branch.types if t.type == "党小组会")
    assert group.required == 6 and any(x.startswith("第二党小组") for x in group.missing_periods)
    assert not any(x.startswith(f"第一党小组{TODAY.month}月") for x in group.missing_periods)


def test_democratic_appraisal_records_each_members_result(admin, org_tree):
    p, a = org_tree["people"], org_tree["a"]
    with pytest.raises(ValidationError, match="评议结果"):
        meetings.record_meeting(admin, MeetingInput(a, "民主评议党员", DAY, "民主评议", attendance={p["张三"]: "出席"},
                                                    appraisals={p["张三"]: "很好"}))  # fmt: skip
    with pytest.raises(ValidationError, match="参加评议"):
        meetings.record_meeting(admin, MeetingInput(a, "民主评议党员", DAY, "民主评议", attendance={p["张三"]: "出席"},
                                                    appraisals={p["李四"]: "合格"}))  # fmt: skip
    mid = meetings.record_meeting(admin, MeetingInput(a, "民主评议党员", DAY, "民主评议", attendance={
        p["张三"]: "出席", p["李四"]: "出席"}, appraisals={p["张三"]: "优秀", p["李四"]: "合格"})).ids[0]  # fmt: skip
    assert meetings.get_meeting(admin, mid)["appraisals_by_member"] == {p["张三"]: "优秀", p["李四"]: "合格"}
    items = {b.branch_id: {t.type: t for t in b.types} for b in meetings.annual_items(admin, TODAY.year)}
    assert items[a]["民主评议党员"].held == 1 and items[a]["组织生活会"].held == 0
    late = meetings.annual_items(admin, TODAY.year, dt.date(TODAY.year + 1, 1, 2))
    assert "组织生活会全年未召开" in next(b for b in late if b.branch_id == a).behind


def test_dual_organisational_life_of_committee_members(admin, org_tree):
    from djrh_desktop.services import org

    p, a = org_tree["people"], org_tree["a"]
    org.set_committee_member(admin, org_tree["root"], p["张三"], "书记", "2020-01-01")
    meetings.record_meeting(admin, MeetingInput(a, "主题党日", DAY, "主题党日", attendance={p["张三"]: "出席"}))
    meetings.record_meeting(admin, MeetingInput(a, "党课", DAY, "党课", attendance={p["张三"]: "请假"}))
    meetings.record_meeting(admin, MeetingInput(a, "支部委员会", DAY, "委员会", attendance={p["张三"]: "出席"}))  # not counted
    rows = meetings.dual_life(admin, dt.date(TODAY.year, 1, 1), dt.date(TODAY.year, 12, 31))
    assert [(r["name"], r["branch"], r["held"], r["attended"]) for r in rows] == [("张三", "一监区党支部", 2, 1)]
