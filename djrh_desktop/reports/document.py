"""The page every report shares, after GB/T 9704-2012 habits: A4; margins top 37 mm, left 28 mm,
right 26 mm, bottom 35 mm; title 2号 (22 pt); body 3号 (16 pt) 仿宋 with a two-character indent;
一、 headings in 黑体, （一） headings in 楷体; page numbers "— N —"; a header with the unit and the
period, the mark 内部资料 注意保存, and the time the report was made. Tables use smaller type and
repeat their header row on every page."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from contextvars import ContextVar
from pathlib import Path

from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Frame,
    PageBreak,
    PageTemplate,
    Spacer,
)

from ..files import atomic_write
from .cjk import CJKParagraph
from .fonts import FontSet, resolve
from .paged_table import PagedTable, TableLook
from .with_tail import WithTail

TOP, LEFT, RIGHT, BOTTOM = 37 * mm, 28 * mm, 26 * mm, 35 * mm
TITLE, BODY, TABLE = 22, 16, 10.5
LINE = 28.9  # 22 lines of body text on a page, as in official documents
INK = colors.HexColor("#1a1a1a")
RED = colors.HexColor("#c8102e")
GRID = colors.HexColor("#555555")


# Where a long table header breaks when it needs two lines: between words, not mid-word (基本合/格).
HEADER_BREAKS = {
    "支部党员大会": "支部党员\n大会", "支部委员会": "支部\n委员会", "党小组会": "党小组\n会", "主题党日": "主题\n党日",
    "组织生活会": "组织\n生活会", "民主评议党员": "民主评议\n党员", "基本合格": "基本\n合格", "支部内名次": "支部内\n名次",
    "未达标情况": "未达标\n情况", "跟进期限": "跟进\n期限", "回访期限": "回访\n期限", "谈话日期": "谈话\n日期",
    "支部召开次数": "支部召开\n次数", "参加次数": "参加\n次数", "涉及党员": "涉及\n党员", "登记条数": "登记\n条数",
    "本季度月报": "本季度\n月报",
}  # fmt: skip


_PAGE_FOOT: ContextVar[str] = ContextVar("page_foot", default="")


@contextlib.contextmanager
def page_foot(text: str):
    """The office's optional page-foot line (settings 报表页脚文字) for the reports made inside."""
    token = _PAGE_FOOT.set(text or "")
    try:
        yield
    finally:
        _PAGE_FOOT.reset(token)


def header_lines(h: str) -> str:
    """A header as it may break: a known break, or a four-character word as two and two (政治/建设)."""
    if h in HEADER_BREAKS:
        return HEADER_BREAKS[h]
    if len(h) == 4 and all("\u4e00" <= ch <= "\u9fff" for ch in h):
        return f"{h[:2]}\n{h[2:]}"
    return h


def _atomic(text: str) -> bool:
    """A cell that must not break: no Chinese running text (dates, numbers, codes), or a short word."""
    return len(text) <= 8 or not any("\u4e00" <= ch <= "\u9fff" for ch in text)


class Report:
    """Collects flowables, then writes the PDF atomically."""

    def __init__(self, title: str, unit: str, period: str, font_file: str | None = None, made: dt.datetime | None = None,
                 public: bool = False, code: str | None = None):  # fmt: skip
        self.title, self.unit, self.period = title, unit, period
        self.code = code  # 数据核验码: the audit chain's head when the data was read (`djrh check --code`)
        self.fonts: FontSet = resolve(font_file or None)
        self.made = made or dt.datetime.now()
        self.public = public  # 公示 versions carry no 内部资料 mark
        self.foot = _PAGE_FOOT.get()  # optional, off unless the office sets it
        self.story: list = []
        self.width = A4[0] - LEFT - RIGHT

    # -- content ---------------------------------------------------------------------------------
    def cover_title(self, subtitle: str | None = None) -> None:
        f = self.fonts
        self.story.append(
            CJKParagraph(self.title, f.song, TITLE, leading=TITLE * 1.6, align="center", space_after=6)
        )
        if subtitle:
            self.story.append(
                CJKParagraph(subtitle, f.kai, BODY, leading=LINE, align="center", space_after=LINE * 0.5)
            )
        if f.warning:
            self.story.append(
                CJKParagraph(f"注意：{f.warning}", f.hei, 10.5, align="left", color=RED, space_after=6)
            )

    def h1(self, text: str) -> None:
        # Never leave a heading alone at the foot of a page.
        self.story.append(CondPageBreak(LINE * 4))
        heading = CJKParagraph(text, self.fonts.hei, BODY, leading=LINE, align="left", space_before=4)
        heading.is_heading = True
        self.story.append(heading)

    def h2(self, text: str) -> None:
        self.story.append(CondPageBreak(LINE * 3))
        heading = CJKParagraph(text, self.fonts.kai, BODY, leading=LINE, align="left")
        heading.is_heading = True
        self.story.append(heading)

    def para(self, text: str, size: float = BODY) -> None:
        self.story.append(
            CJKParagraph(
                text, self.fonts.body, size, leading=LINE if size == BODY else size * 1.7, indent_chars=2,
                grid_chars=28 if size == BODY else 0,
            )
        )

    def note(self, text: str) -> None:
        self.story.append(CJKParagraph(text, self.fonts.body, 12, leading=20, align="left"))

    def spacer(self, height: float = LINE / 2) -> None:
        self.story.append(Spacer(1, height))

    def page_break(self) -> None:
        self.story.append(PageBreak())

    def table(self, header: list[str], rows: list[list], widths: list[float] | None = None, size: float = TABLE,
              align_right: tuple[int, ...] = (), empty: str = "本期无记录。") -> None:  # fmt: skip
        """A grid table, header repeated on each page; widths are shares of the text width."""
        if not rows:
            self.note(empty)
            return
        f = self.fonts
        col_widths = self._widths(header, rows, widths or [1] * len(header), size)
        while col_widths is None and size > 8:  # a wide table: smaller type before words break
            size -= 0.5
            col_widths = self._widths(header, rows, widths or [1] * len(header), size)
        if col_widths is None:
            total = sum(widths or [1] * len(header))
            col_widths = [self.width * x / total for x in (widths or [1] * len(header))]
        header = [h if stringWidth(h, f.hei, size) <= col_widths[i] - 8 else header_lines(h)
                  for i, h in enumerate(header)]  # fmt: skip

        def cell(value, col, bold=False):
            text = "" if value is None else (f"{value:g}" if isinstance(value, float) else str(value))
            if stringWidth(text, f.hei if bold else f.body, size) <= col_widths[col] - 8:
                return text  # one line: a plain string, drawn by the table itself (much faster)
            return CJKParagraph(text, f.hei if bold else f.body, size, leading=size * 1.45, align="left")

        data = [[cell(h, i, True) for i, h in enumerate(header)]]
        data += [[cell(v, i) for i, v in enumerate(r)] for r in rows]
        leading, pad = size * 1.45, 6

        def height(row) -> float:  # as ReportLab measures a cell: its lines, or the paragraph, plus padding
            return max((c.wrap(col_widths[i] - 8, 1e6)[1] if isinstance(c, CJKParagraph)
                        else leading * (c.count("\n") + 1)) for i, c in enumerate(row)) + pad  # fmt: skip

        look = TableLook(f.body, f.hei, size, leading, GRID, frozenset(align_right))
        self.story.append(PagedTable(data[0], data[1:], [height(r) for r in data], col_widths, look))
        self.spacer(8)

    def _widths(self, header: list[str], rows: list[list], shares: list[float], size: float) -> list[float] | None:
        """Column widths from the content. Dates, numbers, names and short words never break: their widest
        cell is the column's floor, and a header's floor its widest line. The room left goes first to the
        body cells (a wrapped branch name costs a line on every row), then to unbroken headers (one line
        once), then by the shares. None when even the floors do not fit at this size."""
        f, pad = self.fonts, 9
        n = len(header)
        text = lambda v: "" if v is None else (f"{v:g}" if isinstance(v, float) else str(v))  # noqa: E731
        floor = [max(stringWidth(line, f.hei, size) for line in header_lines(h).split("\n")) + pad for h in header]
        body = floor[:]
        for r in rows:
            for c in range(n):
                t = text(r[c]) if c < len(r) else ""
                w = stringWidth(t, f.body, size) + pad
                body[c] = max(body[c], w)
                if _atomic(t):
                    floor[c] = max(floor[c], w)
        full = [max(body[c], stringWidth(header[c], f.hei, size) + pad) for c in range(n)]
        avail = self.width
        if sum(full) <= avail:  # everything on one line: spread what is left by the shares
            extra = (avail - sum(full)) / sum(shares)
            return [full[c] + extra * shares[c] for c in range(n)]
        if sum(floor) > avail:
            return None
        room = avail - sum(floor)
        for lower, upper in ((floor, body), (body, full)):
            want = [upper[c] - lower[c] for c in range(n)]
            if sum(want) >= room:
                return [lower[c] + room * want[c] / sum(want) for c in range(n)]
            room -= sum(want)
        return full  # not reached: full does not fit, so the second step returns

    def chart(self, drawing: Drawing) -> None:
        # A drawing never splits: a heading just before it goes with it to the next page. (Headings are not
        # kept with a table or text: ReportLab would move a heading and a 120-row table to a new page whole;
        # the CondPageBreak before each heading leaves room for it and the first lines.)
        if self.story and getattr(self.story[-1], "is_heading", False):
            self.story[-1].keepWithNext = 1
        self.story += [drawing, Spacer(1, 6)]

    def signature(self, issuer: str, date: str) -> None:
        """落款: the issuing organisation and the date, right-aligned, the date under the name (GB/T 9704),
        kept on a page with the end of what it signs (with the spacers just before it)."""
        f = self.fonts
        tail = [CJKParagraph(text, f.body, BODY, leading=LINE, align="right") for text in (issuer, date)]
        while self.story and isinstance(self.story[-1], Spacer):
            tail.insert(0, self.story.pop())
        if self.story:
            self.story.append(WithTail(self.story.pop(), tail))
        else:
            self.story += tail

    # -- page furniture --------------------------------------------------------------------------
    def _furniture(self, canvas, doc) -> None:
        """What every page carries; all but the page number is the same on each page, so it is drawn once
        as a form XObject and placed on each page (a county year of talk forms is ~6,000 pages)."""
        f = self.fonts
        w, h = A4
        if not getattr(canvas, "_djrh_furniture", False):
            canvas.beginForm("furniture")
            canvas.setFillColor(INK)
            canvas.setFont(f.body, 10.5)
            y = h - TOP + 18
            canvas.drawString(LEFT, y, self.unit)
            canvas.drawRightString(w - RIGHT, y, self.period)
            canvas.setStrokeColor(RED)
            canvas.setLineWidth(0.8)
            canvas.line(LEFT, y - 5, w - RIGHT, y - 5)
            if not self.public:
                canvas.setFont(f.hei, 10.5)
                canvas.drawRightString(w - RIGHT, h - 16 * mm, "内部资料　注意保存")
            canvas.setFont(f.body, 9)
            if self.foot:
                canvas.drawCentredString(w / 2, BOTTOM - 16 * mm, self.foot)
            canvas.drawString(LEFT, BOTTOM - 22 * mm, f"生成时间：{self.made:%Y年%m月%d日 %H:%M}")
            if self.code:
                canvas.drawRightString(w - RIGHT, BOTTOM - 22 * mm, f"数据核验码：{self.code}")
            canvas.endForm()
            canvas._djrh_furniture = True
        canvas.saveState()
        canvas.doForm("furniture")
        canvas.setFillColor(INK)
        canvas.setFont(f.song, 14)
        # GB/T 9704: the page number's line sits 7 mm below the text block (14 pt: its top ~10 pt above the base).
        canvas.drawCentredString(w / 2, BOTTOM - 7 * mm - 10, f"— {doc.page} —")
        canvas.restoreState()

    # -- output ----------------------------------------------------------------------------------
    def build(self, path: str | os.PathLike) -> Path:
        """Write to a temporary file beside the target, then rename: no half-written report."""
        target = Path(path)
        with atomic_write(target, ".pdf") as tmp:
            doc = BaseDocTemplate(tmp, pagesize=A4, leftMargin=LEFT, rightMargin=RIGHT, topMargin=TOP, bottomMargin=BOTTOM,
                                  title=self.title, author=self.unit, subject=self.period, creator="党建融合桌面")  # fmt: skip
            frame = Frame(LEFT, BOTTOM, self.width, A4[1] - TOP - BOTTOM, id="body", leftPadding=0, rightPadding=0,
                          topPadding=0, bottomPadding=0)  # fmt: skip
            doc.addPageTemplates([PageTemplate("page", [frame], onPage=self._furniture)])
            doc.build(self.story or [Spacer(1, 1)])
        return target
