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
