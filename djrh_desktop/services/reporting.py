"""Making a report: check the period and names, gather the data, write the PDF (atomically)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..domain.errors import ValidationError
from ..domain.periods import Quarter, check_year
from ..reports import annual, forms, ledgers, quarterly
from ..store import audit
from ..store.connection import snapshot
from . import report_data, settings
from .session import Session

KINDS = {
    "quarterly": "季度工作报告",
    "stars": "年度评星定级结果",
    "points": "党员积分台账/积分排名",
    "talks": "谈心谈话记录表",
    "visits": "廉政家访登记表",
    "meetings": "三会一课落实情况统计表",
}


@dataclass
class ReportRequest:
    kind: str
    year: int
    quarter: int | None = None
    member_id: int | None = None  # 党员积分台账: the member
    branch_id: int | None = None  # 积分排名 of one branch (a 支部书记's ranking is always their branch)
    public: bool = False  # 评星定级公示


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
    font = settings.get(s, settings.PDF_FONT) or None
    start, end, label = _period(req, today)
    with snapshot(s.db):  # the figures and the 数据核验码 from one state of the file
        code = audit.witness_code(s.db)
        if req.kind == "quarterly":
            if req.quarter is None:
                raise ValidationError("季度工作报告须指定季度", "季度")
            quarterly.build(path, report_data.quarterly(s, Quarter(req.year, req.quarter), today), unit, font, code=code)
        elif req.kind == "stars":
            data = report_data.star_results(s, req.year)
            if req.public:
                if not data["opened"]:
                    raise ValidationError(f"{req.year}年度评星定级尚未开启，没有可公示的结果", "公示")
                if not data["publicity"]:
                    raise ValidationError(f"{req.year}年度没有处于“公示”环节的党支部，无需印发公示", "公示")
                annual.build_notice(path, data, unit, font, code=code, today=today)
            else:
                annual.build(path, data, unit, False, font, code=code)
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
        elif req.kind == "meetings":
            if req.quarter is None:
                raise ValidationError("三会一课统计表须指定季度", "季度")
            forms.build_meetings(
                path, report_data.meeting_compliance(s, Quarter(req.year, req.quarter), today), unit, font, code=code
            )
    return f"已生成{KINDS[req.kind]}（{label}）：{path}（数据核验码 {code}）"
