"""谈心谈话记录表 and 廉政家访登记表: one record per page, laid out as the paper form, with signature lines."""

from __future__ import annotations

from .cjk import CJKParagraph
from .document import GRID, RED, Report
from .form_grid import FormGrid, Row

TALL = {"谈话内容": 90, "廉政教育内容": 90}  # room to write by hand, as on the paper form
SHORTER = ("发现的问题", "跟进措施", "谈话对象表态", "家庭情况", "困难诉求", "帮扶措施")


def _form(r: Report, rows: list[tuple[str, str, str | None, str | None]], signatures: list[str]) -> None:
    """A two- or four-cell-per-row bordered form: (label, value, label2, value2). A long value continues on
    the next page in a row labelled （续）, under a repeat of the first row (date and place, or date and member)."""
    grid = [Row((l1, v1), TALL.get(l1, 46 if l1 in SHORTER else 0)) if l2 is None else Row((l1, v1, l2, v2))
            for l1, v1, l2, v2 in rows]  # fmt: skip
    r.story.append(FormGrid(grid, r.fonts.hei, r.fonts.body, GRID, signatures=signatures))


def build_talks(path, talks: list[dict], unit: str, period: str, font_file: str | None = None, code: str | None = None) -> None:
    r = Report("谈心谈话记录表", unit, period, font_file, code=code)
    if not talks:
        r.cover_title(period)
        r.para(f"{period}没有谈心谈话记录。")
    for i, t in enumerate(talks):
        if i:
            r.page_break()
        r.cover_title(f"（{t['type']}）")
        if t.get("sensitivity") == "敏感":  # the paper copy says what the screen enforces
            r.story.append(CJKParagraph("【敏感】本记录内容仅限系统管理员、纪检监督和谈话人查阅", r.fonts.hei, 10.5,
                                        align="right", color=RED, space_after=4))  # fmt: skip
        _form(r, [
            ("谈话时间", t["date"], "谈话地点", t["place"] or ""),
            ("谈话人", t["talker_names"], "谈话对象", t["talkee_names"]),
            ("谈话类型", t["type"], "记录人", t["recorder"] or ""),
            ("谈话主题", t["topic"], None, None),
            ("谈话内容", t["content"] or "", None, None),
            ("谈话对象表态", t["statement"] or "", None, None),
            ("发现的问题", t["problems"] or "", None, None),
            ("跟进措施", t["measures"] or "", None, None),
            ("跟进状态", t["followup_status"], "跟进期限", t["followup_due"] or ""),
        ], ["谈话人", "被谈话人"])  # fmt: skip
    r.build(path)


def build_visits(path, visits: list[dict], unit: str, period: str, font_file: str | None = None, code: str | None = None) -> None:
    r = Report("廉政家访登记表", unit, period, font_file, code=code)
    if not visits:
        r.cover_title(period)
        r.para(f"{period}没有廉政家访记录。")
    for i, v in enumerate(visits):
        if i:
            r.page_break()
        r.cover_title()
        family = "；".join(f"{n}（{rel}）" for n, rel in v["family"])
        pledge = f"已签订（{v['pledge_date']}）" if v["pledge_signed"] else "未签订"
        _form(r, [
            ("家访日期", v["date"], "被家访党员", v["member_name"]),
            ("家访人", v["visitor_names"], "记录人", v["recorder"] or ""),
            ("在场家属", family, None, None),
            ("家庭住址", v["address"] or "", None, None),
            ("“五过问”", "、".join(v["asks"]) or "", None, None),
            ("廉政教育内容", v["content"] or "", None, None),
            ("家庭情况", v["family_situation"] or "", None, None),
            ("送达材料", "、".join(v["materials"]), "家庭助廉承诺书", pledge),
            ("困难诉求", v["difficulties"] or "", None, None),
            ("帮扶措施", v["help_measures"] or "", None, None),
            ("回访状态", v["revisit_status"], "回访期限", v["revisit_due"] or ""),
        ], ["家访人", "家属"])  # fmt: skip
    r.build(path)


def build_meetings(path, d: dict, unit: str, font_file: str | None = None, code: str | None = None) -> None:
    r = Report("“三会一课”落实情况统计表", unit, d["quarter"], font_file, code=code)
    r.cover_title(f"（{d['quarter']}）")
    r.note(
        "每格为本季度召开次数及达标情况；支部委员会、党小组会、主题党日每月至少一次，支部党员大会、党课每季度至少一次。"
    )
    r.spacer(6)
    r.table(
        ["支部"] + d["types"] + ["未达标情况"],
        d["rows"],
        [3] + [1.4] * len(d["types"]) + [2.6],
        size=9.5,
        empty="没有党支部。",
    )
    r.build(path)
