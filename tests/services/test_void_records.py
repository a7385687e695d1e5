"""作废 (issue 14): a talk or visit entered by mistake is voided with a reason, stays in the file, and is
absent from every count — stats, dashboard, reports, coverage, overdue lists."""

from __future__ import annotations

import datetime as dt

import pytest

from djrh_desktop.domain.errors import ValidationError
from djrh_desktop.domain.periods import Quarter
from djrh_desktop.services import report_data, stats, talks, visits
from djrh_desktop.services.talks import Talker, TalkInput
from djrh_desktop.services.visits import VisitInput

TODAY = dt.date.today()
Q = Quarter.of(TODAY)
DAY = TODAY.replace(day=1).isoformat()


def test_a_voided_talk_and_visit_leave_every_count(admin, org_tree):
    p = org_tree["people"]
    start = Q.start.isoformat()  # due the day the quarter began: overdue by today (tests run after that day)
    past = start
    keep = talks.record_talk(admin, TalkInput(type="谈心谈话", date=DAY, topic="保留", talkers=[Talker(p["张三"])],
                                              talkees=[p["李四"]])).ids[0]  # fmt: skip
    dup = talks.record_talk(admin, TalkInput(type="廉政谈话", date=start, topic="重复", talkers=[Talker(p["张三"])],
                                             talkees=[p["王芳"]], followup_status="待跟进", followup_due=past)).ids[0]  # fmt: skip
    v1 = visits.record_visit(admin, VisitInput(DAY, p["李四"], visitors=[p["张三"]], pledge_signed=True)).ids[0]
    visits.record_visit(admin, VisitInput(start, p["王芳"], visitors=[p["张三"]], pledge_signed=True,
                                          revisit_status="待回访", revisit_due=past))  # fmt: skip
    before = stats.quarter_figures(admin, Q, TODAY)
    talks.void_talk(admin, dup, "重复录入")
    dup_visit = [r["id"] for r in visits.overdue_returns(admin)][0]
    visits.void_visit(admin, dup_visit, "录错对象")
    after = stats.quarter_figures(admin, Q, TODAY)
    assert (before["talks"], before["talk_records"], before["visits"], before["pledges"]) == (2, 2, 2, 2)
    assert (after["talks"], after["talk_records"], after["visits"], after["pledges"]) == (1, 1, 1, 1)
    assert dict(stats.talks_by_type(admin, Q)) == {"谈心谈话": 1}
    assert talks.overdue_followups(admin) == [] and visits.overdue_returns(admin) == []
    assert visits.coverage(admin, TODAY.year).visited == 1
    assert [t["id"] for t in report_data.talk_forms(admin, Q.start, Q.end)] == [keep]
    assert [v["id"] for v in report_data.visit_forms(admin, Q.start, Q.end)] == [v1]
    d = report_data.quarterly(admin, Q, TODAY)
    assert d["talks"]["overdue_count"] == 0 and d["visits"]["overdue_count"] == 0
    # Still in the file, marked, audited; not editable; not voidable twice.
    row = admin.db.execute("SELECT void_reason, voided_by FROM talks WHERE id = ?", [dup]).fetchone()
    assert row == ("重复录入", admin.actor.user_id)
    assert admin.db.execute("SELECT count(*) FROM audit_log WHERE action = '作废'").fetchone()[0] == 2
    with pytest.raises(ValidationError, match="已作废"):
        talks.set_followup(admin, dup, "已办结")
    with pytest.raises(ValidationError, match="已经作废"):
        talks.void_talk(admin, dup, "再来一次")
    with pytest.raises(ValidationError, match="作废原因"):
        talks.void_talk(admin, keep, " ")


def test_void_from_the_talk_list(qtbot, admin, org_tree, db_path, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    from djrh_desktop.ui.app import make_app
    from djrh_desktop.ui.context import AppContext
    from djrh_desktop.ui.main_window import MainWindow

    make_app()
    p = org_tree["people"]
    tid = talks.record_talk(admin, TalkInput(type="谈心谈话", date=DAY, topic="重复", talkers=[Talker(p["张三"])],
                                             talkees=[p["李四"]])).ids[0]  # fmt: skip
    window = MainWindow(AppContext(admin, db_path))
    qtbot.addWidget(window)
    window.show()
    page = window.go("talks")
    page.refresh()
    qtbot.waitUntil(lambda: page.model is not None and page.model.total == 1)
    page.table.selectRow(0)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("重复录入", True))
    page.void_button.click()
    assert admin.db.execute("SELECT void_reason FROM talks WHERE id = ?", [tid]).fetchone()[0] == "重复录入"
    qtbot.waitUntil(lambda: "已作废" in str(page.model.row(0)))


def test_visit_coverage_counts_serving_members_unless_configured(admin, org_tree):
    from djrh_desktop.domain.members import MemberInput
    from djrh_desktop.services import org, settings

    org.add_member(admin, MemberInput("老党员", "男", org_tree["a"], birth_date="1950-01-01", category="离退休"))
    assert visits.coverage(admin, TODAY.year).members == 5  # the five serving members of the fixture
    settings.put_many(admin, {settings.VISIT_POPULATION: ["在职", "离退休"]})
    assert visits.coverage(admin, TODAY.year).members == 6
    with pytest.raises(ValidationError, match="人员类别"):
        settings.put_many(admin, {settings.VISIT_POPULATION: ["退休"]})
