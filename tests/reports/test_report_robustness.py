"""No input stops a report (issue 15): a long record continues onto the next page, any member prints for any
year, before joining and after leaving."""

from __future__ import annotations

import datetime as dt

from pypdf import PdfReader

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
    talks.record_talk(admin, TalkInput("诫勉谈话", day, "三页长的记录", [Talker(p["张三"])], [p["王芳"]],
                                       content=LONG * 3))  # fmt: skip
    q = Quarter.of(TODAY)
    for kind, first, label in (("talks", "谈话时间", "谈话内容（续）"), ("visits", "家访日期", "廉政教育内容（续）")):
        out = tmp_path / f"{kind}.pdf"
        reporting.make(admin, ReportRequest(kind, q.year, q.quarter), out)
        text = flat(pdf_text(out))
        assert "第35条" in text and "第1条" in text  # nothing of the record is lost at the page foot
        assert text.count("第35条") == (4 if kind == "talks" else 1)  # once for each copy of LONG, never twice
        pages = [flat(page.extract_text()) for page in PdfReader(str(out)).pages]
        assert len(pages) >= (5 if kind == "talks" else 2)
        assert all(first in page for page in pages)  # the form's first row repeats on every page
        assert any(label in page for page in pages)
        # the 签字 lines close each form, on the page of its last row, never alone on a page
        signed = [page for page in pages if "（签字）" in page]
        assert len(signed) == (2 if kind == "talks" else 1)
        assert all(("跟进状态" if kind == "talks" else "回访状态") in page for page in signed)


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


REPRINTS = [("quarterly", 2, None), ("points", 2, None), ("meetings", 2, None), ("talks", 2, None),
            ("visits", 2, None), ("notice", None, 1), ("monthly", 2, None)]  # (kind, quarter, half)


def test_past_periods_reprint_the_same_after_later_records(admin, org_tree, tmp_path):
    """Period truth (PRODUCT.md 2.8), for every report kind of a period: print the second quarter (or first
    half) of last year, record more afterwards (follow-up and return visit closed, later talks, visits,
    points and meetings, a rating round rated, a member joining and one leaving), print again: the same text
    but for the time made and the 数据核验码."""
    import re

    from djrh_desktop.domain.members import MemberInput
    from djrh_desktop.services import meetings, ratings
    from djrh_desktop.services.meetings import MeetingInput
    from tests.services.test_ratings_service import drive_to

    p, a = org_tree["people"], org_tree["a"]
    last = TODAY.year - 1
    talks.record_talk(admin, TalkInput("提醒谈话", f"{last}-04-10", "作风纪律提醒", [Talker(p["张三"])], [p["李四"]],
                                       followup_due=f"{last}-05-10", followup_status="待跟进"))  # fmt: skip
    visits.record_visit(admin, VisitInput(f"{last}-04-12", p["王芳"], visitors=[p["张三"]], revisit_due=f"{last}-06-01",
                                          revisit_status="待回访"))  # fmt: skip
    points.batch_post(admin, [p["李四"]], Posting("A1-02", f"{last}-05-02"))
    meetings.record_meeting(admin, MeetingInput(a, "党课", f"{last}-05-20", "党课", attendance={p["张三"]: "出席"}))

    def text(kind, quarter, half) -> str:
        out = tmp_path / f"{kind}.pdf"
        reporting.make(admin, ReportRequest(kind, last, quarter, half=half), out)
        return re.sub(r"生成时间：\S+ \S+|数据核验码：\S+|\d{4}年\d{1,2}月\d{1,2}日$", "", pdf_text(out), flags=re.M)

    filed = {kind: text(kind, quarter, half) for kind, quarter, half in REPRINTS}
    assert "作风纪律提醒" in flat(filed["quarterly"]) and "回访逾期1件" in flat(filed["quarterly"])
    assert "待跟进" in flat(filed["talks"]) and "待回访" in flat(filed["visits"])
    talk_id = admin.db.execute("SELECT id FROM talks").fetchone()[0]
    talks.set_followup(admin, talk_id, "已办结")
    visit_id = admin.db.execute("SELECT id FROM visits").fetchone()[0]
    stored = visits.get_visit(admin, visit_id)
    visits.update_visit(admin, visit_id, VisitInput(stored["date"], stored["member_id"], visitors=stored["visitors"],
                                                    revisit_due=stored["revisit_due"], revisit_status="已回访"))  # fmt: skip
    talks.record_talk(admin, TalkInput("谈心谈话", f"{last}-08-10", "思想动态", [Talker(p["张三"])], [p["王芳"]]))
    visits.record_visit(admin, VisitInput(f"{last}-09-12", p["李四"], visitors=[p["张三"]]))
    points.batch_post(admin, [p["李四"]], Posting("A4-02", f"{last}-08-02"))
    meetings.record_meeting(admin, MeetingInput(a, "主题党日", f"{last}-07-20", "主题党日", attendance={p["张三"]: "出席"}))
    ratings.open_year(admin, last)
    for branch in (a, org_tree["b"]):
        drive_to(admin, branch, "定级", last)
    org.add_member(admin, MemberInput("新同志", "女", a, join_date=f"{last}-09-01"))
    org.change_status(admin, p["钱七"], "转出", f"{last}-10-01", "调离")
    for kind, quarter, half in REPRINTS:
        assert text(kind, quarter, half) == filed[kind], kind


def test_cut_lists_keep_ties_and_say_so(admin, org_tree, tmp_path):
    from djrh_desktop.services import report_data

    class M:  # a ranking of 15 where places 7–13 share one total
        def __init__(self, total):
            self.score = type("S", (), {"total": total})()

    scores = [M(t) for t in (99, 98, 97, 96, 95, 94, *[90] * 7, 80, 70)]
    assert len(report_data.top_with_ties(scores)) == 13
    assert [m.score.total for m in report_data.bottom_with_ties(scores)][:3] == [70, 80, 90]
    assert len(report_data.bottom_with_ties(scores)) == 10  # the tenth from the bottom (94) is alone


def test_an_empty_period_is_one_page_saying_so(admin, tmp_path):
    from pypdf import PdfReader

    out = tmp_path / "q.pdf"
    reporting.make(admin, ReportRequest("quarterly", 2021, 2), out)  # a file with no members and no records
    assert len(PdfReader(str(out)).pages) == 1 and "暂无数据" in flat(pdf_text(out))


def test_a_quarters_ranking_is_as_of_its_end(admin, org_tree, tmp_path):
    p = org_tree["people"]
    last = TODAY.year - 1
    points.batch_post(admin, [p["李四"]], Posting("A1-02", f"{last}-05-02"))
    points.batch_post(admin, [p["李四"]], Posting("A4-03", f"{last}-08-02"))  # −10 in the third quarter
    out = tmp_path / "r.pdf"
    reporting.make(admin, ReportRequest("points", last, 2), out)
    text = flat(pdf_text(out))
    assert f"截至{last}-06-30" in text and "李四一监区党支部131212121261" in text  # 12+1, not the August −10


def test_publicity_notice_lists_the_branches_in_publicity(admin, org_tree, tmp_path):
    import pytest

    from djrh_desktop.domain.errors import ValidationError
    from djrh_desktop.services import ratings, settings
    from tests.services.test_ratings_service import drive_to

    year = TODAY.year
    with pytest.raises(ValidationError, match="尚未开启"):
        reporting.make(admin, ReportRequest("stars", year, public=True), tmp_path / "x.pdf")
    ratings.open_year(admin, year)
    with pytest.raises(ValidationError, match="没有处于“公示”环节"):
        reporting.make(admin, ReportRequest("stars", year, public=True), tmp_path / "x.pdf")
    for branch in (org_tree["a"], org_tree["b"]):
        drive_to(admin, branch, "公示", year)
        ratings.set_publicity(admin, year, branch, f"{year}-01-06", f"{year}-01-12")
    settings.put_many(admin, {settings.OBJECTION_CONTACT: "机关党委办公室（电话 0471-1234567）"})
    out = tmp_path / "notice.pdf"
    reporting.make(admin, ReportRequest("stars", year, public=True), out)
    text = flat(pdf_text(out))
    assert "一监区党支部" in text and "二监区党支部" in text and "五星级" in text
    assert f"{year}年1月6日至{year}年1月12日" in text and "机关党委办公室（电话0471-1234567）" in text
    root = admin.db.execute("SELECT name FROM orgs WHERE parent_id IS NULL").fetchone()[0]
    assert root in text and "机关党委机关党委" not in text  # signed by the 党委 itself, not a made-up name
    settings.put_many(admin, {settings.ISSUER: "中共测试监狱委员会机关党委"})
    reporting.make(admin, ReportRequest("stars", year, public=True), out)
    signed = flat(pdf_text(out))
    assert f"中共测试监狱委员会机关党委{TODAY.year}年{TODAY.month}月{TODAY.day}日" in signed  # 落款, the date under it


def test_written_sections_saved_with_the_quarter_and_printed_in_place(admin, org_tree, secretary_a, tmp_path):
    import pytest

    from djrh_desktop.domain.errors import PermissionDenied, ValidationError
    from djrh_desktop.services import closing, settings

    q = Quarter(TODAY.year - 1, 3)
    texts = {"主要做法和成效": "坚持党建与业务深度融合。\n推行“双领办”项目。", "存在问题": "个别支部组织生活不够规范。",
             "下一步打算": ""}  # fmt: skip
    reporting.save_quarter_texts(admin, q.year, q.quarter, texts)
    assert reporting.quarter_texts(admin, q.year, q.quarter) == {**texts, "主要做法和成效": texts["主要做法和成效"]}
    assert reporting.quarter_texts(secretary_a, q.year, q.quarter) == dict.fromkeys(texts, "")  # the branch's own
    with pytest.raises(ValidationError, match="不能超过"):
        reporting.save_quarter_texts(admin, q.year, q.quarter, {"存在问题": "问" * 5001})
    settings.put_many(admin, {settings.RECIPIENT: "县直机关工委"})
    out = tmp_path / "q.pdf"
    reporting.make(admin, ReportRequest("quarterly", q.year, q.quarter), out)
    text = flat(pdf_text(out))
    assert "县直机关工委：" in text and "八、主要做法和成效坚持党建与业务深度融合。推行“双领办”项目。" in text
    assert "九、存在问题个别支部组织生活不够规范。" in text and "下一步打算" not in text
    root = admin.db.execute("SELECT name FROM orgs WHERE parent_id IS NULL").fetchone()[0]
    assert f"{root}{TODAY.year}年{TODAY.month}月{TODAY.day}日" in text  # 落款 and date at the end
    from djrh_desktop.services import users
    users.create_user(admin, "jijian9", "Jijian2026", "inspector", "纪检")
    with pytest.raises(PermissionDenied):
        reporting.save_quarter_texts(users.sign_in(admin.db, "jijian9", "Jijian2026"), q.year, q.quarter, texts)
    closing.close_year(admin, q.year)
    with pytest.raises(ValidationError, match="已关账"):
        reporting.save_quarter_texts(admin, q.year, q.quarter, {"存在问题": "补充"})


def test_half_year_notice_and_monthly_table(admin, org_tree, tmp_path):
    import pytest

    from djrh_desktop.domain.errors import ValidationError

    p = org_tree["people"]
    last = TODAY.year - 1
    points.batch_post(admin, [p["李四"], p["王芳"]], Posting("A1-02", f"{last}-03-10"))  # +1 each
    points.batch_post(admin, [p["李四"]], Posting("A4-02", f"{last}-09-02"))  # −2 in September
    out = tmp_path / "n.pdf"
    reporting.make(admin, ReportRequest("notice", last, half=1), out)
    text = flat(pdf_text(out))
    assert f"关于{last}年上半年党员积分情况的公示" in text and f"截至{last}年6月30日" in text
    assert "李四一监区党支部131212121261基本合格" in text  # the September deduction is later
    reporting.make(admin, ReportRequest("notice", last, half=2), out)
    assert "李四一监区党支部131212101259不合格" in flat(pdf_text(out))  # A1 13, A4 12 − 2 = 10: 59
    with pytest.raises(ValidationError, match="半年"):
        reporting.make(admin, ReportRequest("notice", last), out)
    monthly = tmp_path / "m.pdf"
    reporting.make(admin, ReportRequest("monthly", last), monthly)
    text = flat(pdf_text(monthly))
    assert "3月22202" in text and "9月110-2-2" in text and "合计3—2-20" in text  # entries, members, +, −, net


def test_a_county_body_names_and_the_appendix_lists(admin, tmp_path):
    """Over 20 branches: the body names the branches that fell short (a few, then how many), the full
    tables are 附表 at the end."""
    from djrh_desktop.domain.members import MemberInput

    root = admin.db.execute("SELECT id FROM orgs WHERE parent_id IS NULL").fetchone()[0]
    for k in range(22):
        b = org.add_org(admin, f"第{k + 1}党支部", "党支部", root).ids[0]
        org.add_member(admin, MemberInput(f"党员{k}", "男", b, join_date="2010-01-01"))
    q = Quarter.of(TODAY).previous()
    out = tmp_path / "county.pdf"
    reporting.make(admin, ReportRequest("quarterly", q.year, q.quarter), out)
    text = flat(pdf_text(out))
    assert "各支部情况见附表1" in text and "附表1各支部积分情况" in text.replace("　", "")
    assert "本季度未达标的支部22个：第1党支部、第2党支部" in text and "等22个支部" in text
    assert "附表2各支部“三会一课”落实情况" in text.replace("　", "") and text.count("第22党支部") >= 2


def test_star_results_of_a_past_round_reprint_the_same(admin, org_tree, tmp_path, monkeypatch):
    """年度评星定级结果 of a round stands as of the end of the year after it (rated early in it, 复核 in it):
    a reprint later is the filed copy, whatever later rounds did; printed before its steps, it shows none of them."""
    import re

    from djrh_desktop.services import rating_follow_up, ratings
    from tests.services.test_ratings_service import drive_to

    year = TODAY.year - 2
    a, b = org_tree["a"], org_tree["b"]
    monkeypatch.setattr(ratings, "now_text", lambda: f"{year + 1}-02-01T10:00:00")  # rated in February after it
    ratings.open_year(admin, year)
    for branch in (a, b):
        drive_to(admin, branch, "定级", year)
    rating_follow_up.recheck(admin, year, a, "复核合格", "巩固提升", f"{year + 1}-06-01")

    def text(**kw) -> str:
        out = tmp_path / "stars.pdf"
        reporting.make(admin, ReportRequest("stars", year), out, **kw)
        return flat(re.sub(r"生成时间：\S+ \S+|数据核验码：\S+", "", pdf_text(out)))

    filed = text()
    assert f"截至{year + 1}年12月31日" in filed and "已定级2个" in filed and "验收合格2个" in filed
    early = text(today=dt.date(year + 1, 1, 20))  # before the round was opened and rated
    assert "尚未开启" in early and "五星级" not in early
    monkeypatch.setattr(ratings, "now_text", lambda: dt.datetime.now().isoformat(timespec="seconds"))
    rating_follow_up.recheck(admin, year, b, "复核不合格", "整改不到位", TODAY.isoformat())  # after that year
    ratings.open_year(admin, year + 1)  # a later round rated: its levels never reach back
    for branch in (a, b):
        drive_to(admin, branch, "定级", year + 1)
    assert text() == filed


def test_fusion_section_shows_projects_reports_and_reviews(admin, org_tree, tmp_path, monkeypatch):
    """党建与业务融合 in the quarterly report: a project set up, two monthly reports and the committee's
    review of the quarter, read back from the PDF; a branch that missed a month is named."""
    from djrh_desktop.domain.fusion import ProjectInput
    from djrh_desktop.services import projects

    last = TODAY.year - 1  # a whole past quarter, so every month of it is due
    p = org_tree["people"]
    monkeypatch.setattr(projects, "now_text", lambda: f"{last}-06-30T17:00:00")  # recorded within the quarter
    monkeypatch.setattr(projects, "today", lambda: dt.date(last, 6, 30))
    own = projects.create_project(admin, ProjectInput(last, org_tree["a"], "党员结对帮教顽危犯", "党建+教育改造", "党员一对一帮教",
                                                      "顽危犯转化", "转化顽危犯（名）", 0, 12, leader_member_id=p["张三"])).ids[0]  # fmt: skip
    projects.create_project(admin, ProjectInput(last, org_tree["b"], "生产现场党员示范岗", "党建+安全生产", "党员先锋岗",
                                                "安全零事故"))  # fmt: skip
    projects.report_progress(admin, own, 4, "建立帮教台账", 2)
    projects.report_progress(admin, own, 5, "转化顽危犯3名", 5)
    projects.review_quarter(admin, own, 2, "较好", "推进有力")
    out = tmp_path / "q.pdf"
    reporting.make(admin, ReportRequest("quarterly", last, 2), out)
    text = flat(pdf_text(out))
    assert f"七、党建与业务融合（一）“双领办”项目{last}年度各党支部书记领办“党建+发展”项目2个" in text
    assert "本季度应报月度进展3次，2个项目有未报月份：一监区党支部、二监区党支部。" in text
    assert "党员结对帮教顽危犯5/122/3较好（第二季度）" in text and "生产现场党员示范岗未报数值0/3尚未点评" in text
    import re

    def clean(path) -> str:
        return flat(re.sub(r"生成时间：\S+ \S+|数据核验码：\S+|\d{4}年\d{1,2}月\d{1,2}日$", "", pdf_text(path), flags=re.M))

    filed = clean(out)
    monkeypatch.setattr(projects, "now_text", lambda: dt.datetime.now().isoformat(timespec="seconds"))
    monkeypatch.setattr(projects, "today", dt.date.today)
    projects.report_progress(admin, own, 6, "六月进展（补报）", 6)  # reported after the quarter: not in its report
    projects.review_quarter(admin, own, 3, "好")
    again = tmp_path / "again.pdf"
    reporting.make(admin, ReportRequest("quarterly", last, 2), again)
    assert clean(again) == filed
