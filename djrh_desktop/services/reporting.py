"""Making a report: check the period and names, gather the data, write the PDF (atomically)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..domain.errors import ValidationError
from ..domain.periods import Quarter, check_year
from ..reports import annual, document, forms, ledgers, projects_table, quarterly
from ..store import audit
from ..store import report_texts as text_store
from ..store.clock import now_text
from ..store.connection import snapshot
from . import closing, points, projects, report_data, settings
from .session import Change, Session

KINDS = {
    "quarterly": "季度工作报告",
    "stars": "年度评星定级结果",
    "points": "党员积分台账/积分排名",
    "talks": "谈心谈话记录表",
    "visits": "廉政家访登记表",
    "meetings": "三会一课落实情况统计表",
    "projects": "双领办项目推进情况表",
    "notice": "党员积分公示",
    "monthly": "月度积分统计表",
}


@dataclass
class ReportRequest:
    kind: str
    year: int
    quarter: int | None = None
    member_id: int | None = None  # 党员积分台账: the member
    branch_id: int | None = None  # 积分排名 of one branch (a 支部书记's ranking is always their branch)
    public: bool = False  # 评星定级公示
    half: int | None = None  # 积分公示: 1 上半年, 2 下半年


TEXT_LIMIT = 5000  # characters per written section: several pages, never a runaway paste


def quarter_texts(s: Session, year: int, quarter: int) -> dict[str, str]:
    """The written sections of the session's quarterly report (the unit's, or a 支部书记's branch's)."""
    Quarter(year, quarter)
    found = text_store.of_quarter(s.db, year, quarter, s.scope_branch or 0)
    return {section: found.get(section, "") for section in text_store.SECTIONS}


def save_quarter_texts(s: Session, year: int, quarter: int, texts: dict[str, str]) -> Change:
    """Save the written sections (an empty one is removed), all at once, audited before/after."""
    q = Quarter(year, quarter)
    s.require("report.write", s.scope_branch)
    closing.require_open(s, year)  # a closed year's reports are filed
    clean = {}
    for section, body in texts.items():
        if section not in text_store.SECTIONS:
            raise ValidationError(f"没有“{section}”这一部分", "报告内容")
        body = (body or "").strip()
        if len(body) > TEXT_LIMIT:
            raise ValidationError(f"不能超过{TEXT_LIMIT}字（现有{len(body)}字）", section)
        clean[section] = body
    before = quarter_texts(s, year, quarter)
    changed = {k: v for k, v in clean.items() if before.get(k, "") != v}
    if not changed:
        return Change("report_texts", (), "没有改动")
    with s.writing():
        text_store.put(s.db, year, quarter, s.scope_branch or 0, changed, s.actor.user_id, now_text())
        s.audit("修改", "report_texts", f"{year}/{quarter}/{s.scope_branch or 0}", f"修改{q.label}季度报告的"
                + "、".join(changed), before={k: before.get(k, "") for k in changed}, after=changed)  # fmt: skip
    return Change("report_texts", (), f"已保存{q.label}季度报告的" + "、".join(changed))


def _period(req: ReportRequest, today: dt.date) -> tuple[dt.date, dt.date, str]:
    check_year(req.year)
    if req.quarter is not None:
        q = Quarter(req.year, req.quarter)
        if q.start > today:
            raise ValidationError(f"{q.label}尚未开始", "期间")
        return q.start, q.end, q.label
    if req.year > today.year:
        raise ValidationError(f"{req.year}年尚未开始", "期间")
    return dt.date(req.year, 1, 1), dt.date(req.year, 12, 31), f"{req.year}年度"


def make(s: Session, req: ReportRequest, path, today: dt.date | None = None) -> str:
    """Write the report to path; return a Chinese one-line summary."""
    today = today or dt.date.today()
    if req.kind not in KINDS:
        raise ValidationError(f"报表只能是 {'、'.join(KINDS)} 之一", "报表")
    unit = settings.unit_name(s) or "（未设置单位名称）"
    font = settings.report_fonts(s)
    start, end, label = _period(req, today)
    with snapshot(s.db), document.page_foot(settings.get(s, settings.PAGE_FOOT, "")):  # one state of the file
        code = audit.witness_code(s.db)
        if req.kind == "quarterly":
            if req.quarter is None:
                raise ValidationError("季度工作报告须指定季度", "季度")
            quarterly.build(path, report_data.quarterly(s, Quarter(req.year, req.quarter), today), unit, font, code=code)
        elif req.kind == "stars":
            data = report_data.star_results(s, req.year, today)
            if req.public:
                if not data["opened"]:
                    raise ValidationError(f"{req.year}年度评星定级尚未开启，没有可公示的结果", "公示")
                if not data["publicity"]:
                    raise ValidationError(f"{req.year}年度没有处于“公示”环节的党支部，无需印发公示", "公示")
                annual.build_notice(path, data, unit, font, code=code, today=today)
            else:
                annual.build(path, data, unit, font, code=code)
        elif req.kind == "points":
            if req.member_id is not None:
                data = report_data.member_ledger(s, req.member_id, req.year, today)
                ledgers.build_member(path, data, unit, font, code=code)
            else:
                data = report_data.ranking(s, req.year, req.branch_id, today, end)
                data["period"] = label
                ledgers.build_ranking(path, data, unit, font, code=code)
        elif req.kind == "talks":
            forms.build_talks(path, report_data.talk_forms(s, start, end), unit, label, font, code=code)
        elif req.kind == "visits":
            forms.build_visits(path, report_data.visit_forms(s, start, end), unit, label, font, code=code)
        elif req.kind == "notice":
            if req.half is None:
                raise ValidationError("积分公示须指定上半年（1）或下半年（2）", "半年")
            if req.half == 2 and dt.date(req.year, 7, 1) > today:
                raise ValidationError(f"{req.year}年下半年尚未开始", "期间")
            data = points.half_year_notice(s, req.year, req.half)
            data.update(issuer=settings.issuer(s), contact=settings.get(s, settings.OBJECTION_CONTACT, ""),
                        scope=s.scope_name(None))  # fmt: skip
            ledgers.build_notice(path, data, unit, font, code=code, today=today)
            label = f"{req.year}年{'上' if req.half == 1 else '下'}半年"
        elif req.kind == "monthly":
            first = Quarter(req.year, req.quarter).months[0] if req.quarter is not None else 1
            months = points.monthly_tally(s, req.year, end, first)
            ledgers.build_monthly(path, {"year": req.year, "period": label, "months": months,
                                         "scope": s.scope_name(None)}, unit, font, code=code)  # fmt: skip
        elif req.kind == "projects":
            projects_table.build(path, projects.year_table(s, req.year, today), unit, font, code=code)
        elif req.kind == "meetings":
            if req.quarter is None:
                raise ValidationError("三会一课统计表须指定季度", "季度")
            forms.build_meetings(
                path, report_data.meeting_compliance(s, Quarter(req.year, req.quarter), today), unit, font, code=code
            )
    return f"已生成{KINDS[req.kind]}（{label}）：{path}（数据核验码 {code}）"
