"""谈心谈话记录表 and 廉政家访登记表: one record per page, laid out as the paper form, with signature lines."""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Table, TableStyle

from .cjk import CJKParagraph
from .document import GRID, RED, Report

TALL = (
    "谈话内容",
    "廉政教育内容",
    "发现的问题",
    "跟进措施",
    "谈话对象表态",
    "家庭情况",
    "困难诉求",
    "帮扶措施",
)


CHUNK = 420  # characters of one field per form row: about 15 lines, so a row always fits a page


def _chunks(text: str, size: int = CHUNK) -> list[str]:
    """A long field in pieces of at most `size` characters, cut after a full stop or comma where one is near,
    so that a ReportLab table (which breaks between rows, never inside one) can carry it over pages."""
    out = []
    while len(text) > size:
        window = text[:size]
        cut = max(window.rfind(mark) for mark in "。；！？，") + 1
        cut = cut if cut > size // 2 else size
        out.append(text[:cut])
        text = text[cut:]
    return [*out, text] if text or not out else out


def _form(r: Report, rows: list[tuple[str, str, str | None, str | None]]) -> None:
    """A two- or four-cell-per-row bordered form: (label, value, label2, value2). A long value continues in
    rows labelled （续）, and the first row (date and place, or date and member) repeats on each page."""
    f = r.fonts
    size = 12
    w = r.width
    split = []
    for l1, v1, l2, v2 in rows:
        if l2 is None and len(v1 or "") > CHUNK:
            parts = _chunks(v1)
            split += [(l1 if k == 0 else f"{l1}（续）", part, None, None) for k, part in enumerate(parts)]
        else:
            split.append((l1, v1, l2, v2))
    data, spans = [], []
    widths = {1: w * 0.8, 2: w * 0.3}  # a value spanning three columns, or one of the pair

    def cell(t, bold=False, tall=0, room=w * 0.2):
        t = t or ""
        font = f.hei if bold else f.body
        if not tall and stringWidth(t, font, size) <= room - 12:
            return t  # one line: a plain string the table draws itself (a county quarter is 1,600 forms)
        return CJKParagraph(t, font, size, leading=size * 1.55, align="left", min_height=tall)

    for i, (l1, v1, l2, v2) in enumerate(split):
        if l2 is None:
            tall = 90 if l1 == "谈话内容" or l1 == "廉政教育内容" else 46 if l1 in TALL else 0
            data.append([cell(l1, True), cell(v1, tall=tall, room=widths[1]), "", ""])
            spans.append(("SPAN", (1, i), (3, i)))
        else:
            data.append([cell(l1, True), cell(v1, room=widths[2]), cell(l2, True), cell(v2, room=widths[2])])

    t = Table(data, colWidths=[w * 0.2, w * 0.3, w * 0.2, w * 0.3], repeatRows=1)
    t.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), f.body, size, size * 1.55),
                           ("FONT", (0, 0), (0, -1), f.hei, size, size * 1.55), ("FONT", (2, 0), (2, -1), f.hei, size, size * 1.55),
                           ("GRID", (0, 0), (-1, -1), 0.6, GRID), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                           ("TOPPADDING", (0, 0), (-1, -1), 5), ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
                           ("BACKGROUND", (0, 0), (0, -1), "#f2f2f2"), *spans]))  # fmt: skip
    r.story.append(t)


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
        ])  # fmt: skip
        r.signature_lines(["谈话人", "被谈话人"])
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
        ])  # fmt: skip
        r.signature_lines(["家访人", "家属"])
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
