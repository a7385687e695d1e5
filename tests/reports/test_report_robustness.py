"""No input stops a report (issue 15): a long record continues onto the next page, any member prints for any
year, before joining and after leaving."""

from __future__ import annotations

import datetime as dt

from djrh_desktop.domain.periods import Quarter
from djrh_desktop.services import org, points, reporting, talks, visits
from djrh_desktop.services.points import Posting
from djrh_desktop.services.reporting import ReportRequest
from djrh_desktop.services.talks import Talker, TalkInput
from djrh_desktop.services.visits import VisitInput
from tests.reports.conftest import flat, pdf_text

TODAY = dt.date.today()
LONG = "".join(f"第{k}条：谈话对象对近期工作中存在的问题作了说明，表示今后严格遵守纪律，认真整改。" for k in range(1, 36))


def test_a_long_talk_and_visit_continue_on_the_next_page(admin, org_tree, tmp_path):
    p = org_tree["people"]
    day = TODAY.replace(day=1).isoformat()
    assert len(LONG) > 1200
    talks.record_talk(admin, TalkInput("诫勉谈话", day, "违反工作纪律诫勉", [Talker(p["张三"])], [p["李四"]],
                                       content=LONG, statement=LONG[:400]))  # fmt: skip
    visits.record_visit(admin, VisitInput(day, p["李四"], visitors=[p["张三"]], content=LONG))
    q = Quarter.of(TODAY)
    for kind in ("talks", "visits"):
        out = tmp_path / f"{kind}.pdf"
        reporting.make(admin, ReportRequest(kind, q.year, q.quarter), out)
        text = flat(pdf_text(out))
        assert "第35条" in text and "第1条" in text  # nothing of the record is lost at the page foot


def test_ledger_of_a_member_who_left_or_had_not_joined(admin, org_tree, tmp_path):
    p = org_tree["people"]
    last = TODAY.year - 1
    points.batch_post(admin, [p["李四"]], Posting("A1-02", f"{last}-03-10"))
    org.change_status(admin, p["李四"], "转出", f"{last}-06-30", "调往外单位")
    out = tmp_path / "left.pdf"
    reporting.make(admin, ReportRequest("points", last, member_id=p["李四"]), out)
    text = flat(pdf_text(out))
    assert "李四" in text and f"{last}-06-30" in text and "转出" in text and "61" in text
    out2 = tmp_path / "before.pdf"
    reporting.make(admin, ReportRequest("points", 2005, member_id=p["张三"]), out2)
    text2 = flat(pdf_text(out2))
    assert "张三" in text2 and "2005年度尚未入党" in text2


def test_sensitive_talks_in_print(admin, org_tree, secretary_a, tmp_path):
    """An overdue 敏感 talk shows only that it exists to a reader who may not read it; its form is marked."""
    from djrh_desktop.services import users

    p = org_tree["people"]
    day = (TODAY - dt.timedelta(days=60)).isoformat()
    due = (TODAY - dt.timedelta(days=5)).isoformat()
    talks.record_talk(admin, TalkInput("诫勉谈话", day, "违反工作纪律诫勉", [Talker(p["王芳"])], [p["李四"]], content="批评教育",
                                       sensitivity="敏感", followup_due=due, followup_status="待跟进"))  # fmt: skip
    users.create_user(admin, "dangwu7", "Dangwu2026", "officer", "党务")
    officer = users.sign_in(admin.db, "dangwu7", "Dangwu2026")
    shown = talks.overdue_followups(secretary_a, TODAY)  # 张三 is not the talker
    assert [(t["type"], t["talkees"], t["topic"]) for t in shown] == [("敏感谈话", "（无权查看）", "（无权查看）")]
    assert talks.overdue_followups(admin, TODAY)[0]["topic"] == "违反工作纪律诫勉"
    q = Quarter.of(TODAY)
    out = tmp_path / "q.pdf"
    reporting.make(officer, ReportRequest("quarterly", q.year, q.quarter), out)
    text = flat(pdf_text(out))
    assert "违反工作纪律诫勉" not in text and "敏感谈话" in text
    forms = tmp_path / "t.pdf"
    reporting.make(admin, ReportRequest("talks", Quarter.of(dt.date.fromisoformat(day)).year,
                                        Quarter.of(dt.date.fromisoformat(day)).quarter), forms)  # fmt: skip
    assert "【敏感】" in flat(pdf_text(forms))
