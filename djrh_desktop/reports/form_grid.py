"""The bordered paper form of 谈心谈话记录表 and 廉政家访登记表, drawn straight onto the canvas.

A county year is ~6,000 forms; as ReportLab tables of paragraphs each form cost ~4 ms, most of it in
per-cell drawing. Here one form is one flowable: the lines are broken once (with 避头尾), the grid is one
path and the text one text object. A long value splits between its lines across pages: the continuation
repeats the form's first row and labels the value “（续）”, so every page reads as part of the same form.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reportlab.lib import colors
from reportlab.platypus import Flowable

from .cjk import break_lines

SIZE = 12
LEADING = SIZE * 1.55
PAD_X, PAD_Y = 6, 5
SHADE = colors.HexColor("#f2f2f2")
SHARES = (0.2, 0.3, 0.2, 0.3)
SIGN_GAP = 12
MIN_LINES = 2  # a value split across pages keeps at least this many lines on each side


@dataclass
class Row:
    """(label, value) across the form, or (label, value, label2, value2) as a pair; `tall` is the room left
    for writing by hand. Lines are filled in by `FormGrid.layout`."""

    cells: tuple
    tall: float = 0
    lines: list[list[str]] = field(default_factory=list)
    height: float = 0


class FormGrid(Flowable):
    def __init__(self, rows: list[Row], label_font: str, body_font: str, grid_color, laid_out: float = 0,
                 signatures: list[str] = ()):  # fmt: skip
        super().__init__()
        self.rows, self.label_font, self.body_font, self.grid_color = rows, label_font, body_font, grid_color
        self._laid_out = laid_out  # the width the rows were broken for
        # 签字 lines under the grid, kept with its last row (never alone at the top of a page)
        self.signatures = SignatureLines(list(signatures), body_font, grid_color) if signatures else None
        self.foot = SIGN_GAP + SignatureLines.ROW * len(signatures) if signatures else 0.0

    # -- layout -----------------------------------------------------------------------------------
    def _cols(self, width: float) -> list[float]:
        return [width * s for s in SHARES]

    def _widths(self, row: Row, width: float) -> list[float]:
        c = self._cols(width)
        return [c[0], c[1] + c[2] + c[3]] if len(row.cells) == 2 else c

    def _fonts(self, row: Row) -> list[str]:
        return [self.label_font if k % 2 == 0 else self.body_font for k in range(len(row.cells))]

    def layout(self, width: float) -> None:
        if self._laid_out == width:
            return
        for row in self.rows:
            row.lines = []
            for text, font, w in zip(row.cells, self._fonts(row), self._widths(row, width), strict=True):
                lines = [ln for part in str(text or "").split("\n")
                         for ln in break_lines(part, font, SIZE, w - 2 * PAD_X)]  # fmt: skip
                row.lines.append(lines)
            row.height = self._height(row.lines, row.tall)
        self._laid_out = width

    @staticmethod
    def _height(lines: list[list[str]], tall: float) -> float:
        return max(max(len(x) for x in lines) * LEADING, tall) + 2 * PAD_Y

    def wrap(self, availWidth, availHeight):
        self.layout(availWidth)
        self.width, self.height = availWidth, sum(r.height for r in self.rows) + self.foot
        return self.width, self.height

    def split(self, availWidth, availHeight):
        """The rows that fit, then the rest under a repeat of the first row. A value too long for the room
        left is cut between lines; nothing is returned when not even the first row and two lines fit."""
        self.layout(availWidth)
        head = self.rows[0]
        used, k = 0.0, 0
        last = len(self.rows) - 1
        while k <= last and used + self.rows[k].height + (self.foot if k == last else 0) <= availHeight:
            used += self.rows[k].height
            k += 1
        if k == len(self.rows):
            return [self]
        rest = self.rows[k:]
        first = self.rows[:k]
        row = self.rows[k]
        room = int((availHeight - used - 2 * PAD_Y) // LEADING)
        value = row.lines[1] if len(row.cells) == 2 else []
        if k >= 1 and value and room >= MIN_LINES and len(value) - room >= MIN_LINES:
            top = Row(row.cells, 0, [row.lines[0], value[:room]])
            top.height = self._height(top.lines, 0)
            label = row.cells[0] if str(row.cells[0]).endswith("（续）") else f"{row.cells[0]}（续）"
            width = self._widths(row, availWidth)[0] - 2 * PAD_X
            bottom = Row((label, row.cells[1]), 0, [break_lines(label, self.label_font, SIZE, width), value[room:]])
            bottom.height = self._height(bottom.lines, max(0.0, row.tall - top.height))
            first = [*first, top]
            rest = [bottom, *self.rows[k + 1:]]
        elif k <= 1:
            return []  # not even the first row with a row under it: a fresh page
        signatures = self.signatures.labels if self.signatures else ()
        return [FormGrid(first, self.label_font, self.body_font, self.grid_color, availWidth),
                FormGrid([head, *rest], self.label_font, self.body_font, self.grid_color, availWidth, signatures)]

    # -- drawing ----------------------------------------------------------------------------------
    def draw(self):
        """The frame (shading, grid, labels, 签字 lines) is drawn once per layout as a form XObject and
        reused: most talk forms of a year share one. Only the values are drawn for each form."""
        c = self.canv
        key = (round(self.width, 2), self.foot, tuple((len(r.cells), round(r.height, 2), *map(tuple, r.lines[::2]))
                                                      for r in self.rows), self.signatures and tuple(self.signatures.labels))  # fmt: skip
        frames = c.__dict__.setdefault("_djrh_frames", {})
        if key not in frames:
            frames[key] = f"formframe{len(frames)}"
            c.beginForm(frames[key])
            c.saveState()
            if self.signatures:
                self.signatures.wrap(self.width, self.foot)
                self.signatures.drawOn(c, 0, 0)
            c.translate(0, self.foot)
            self._draw_frame(self.height - self.foot)
            c.restoreState()
            c.endForm()
        c.doForm(frames[key])
        c.saveState()
        c.translate(0, self.foot)
        self._draw_text(self.height - self.foot, values=True)
        c.restoreState()

    def _edges(self) -> list[float]:
        cols = self._cols(self.width)
        return [0.0, cols[0], cols[0] + cols[1], cols[0] + cols[1] + cols[2], self.width]

    def _draw_frame(self, height: float) -> None:
        c, edges = self.canv, self._edges()
        c.setFillColor(SHADE)  # the label column
        c.rect(0, 0, edges[1], height, stroke=0, fill=1)
        path = c.beginPath()
        y = height
        for row in self.rows:
            bottom = y - row.height
            path.moveTo(0, bottom)
            path.lineTo(self.width, bottom)
            for x in edges[1:2] if len(row.cells) == 2 else edges[1:4]:
                path.moveTo(x, y)
                path.lineTo(x, bottom)
            y = bottom
        c.setStrokeColor(self.grid_color)
        c.setLineWidth(0.6)
        path.rect(0, 0, self.width, height)
        c.drawPath(path, stroke=1, fill=0)
        self._draw_text(height, values=False)

    def _draw_text(self, height: float, values: bool) -> None:
        """The labels (even cells) or the values (odd cells), vertically centred as a form is filled in."""
        c, edges = self.canv, self._edges()
        text = c.beginText()
        c.setFillColor(colors.black)
        text.setFont(self.body_font if values else self.label_font, SIZE, LEADING)
        y = height
        for row in self.rows:
            lefts = [edges[0], edges[1]] if len(row.cells) == 2 else edges[:4]
            for k in range(1 if values else 0, len(row.cells), 2):
                lines = row.lines[k]
                base = y - (row.height - len(lines) * LEADING) / 2 - (LEADING - SIZE) / 2 - SIZE * 0.86
                for i, line in enumerate(lines):
                    text.setTextOrigin(lefts[k] + PAD_X, base - i * LEADING)
                    text.textOut(line)
            y -= row.height
        c.drawText(text)


class SignatureLines(Flowable):
    """签字 lines at the foot of a paper form: “谈话人（签字）：____ 日期：____”, one row per label."""

    ROW = 34
    SHARES = (0.3, 0.35, 0.12, 0.23)

    def __init__(self, labels: list[str], font: str, ink):
        super().__init__()
        self.labels, self.font, self.ink = labels, font, ink

    def wrap(self, availWidth, availHeight):
        self.width, self.height = availWidth, self.ROW * len(self.labels)
        return self.width, self.height

    def draw(self):
        c = self.canv
        w = [self.width * s for s in self.SHARES]
        x = [0.0, w[0], w[0] + w[1], w[0] + w[1] + w[2]]
        c.saveState()
        c.setFont(self.font, 12)
        c.setStrokeColor(self.ink)
        c.setLineWidth(0.6)
        for i, label in enumerate(self.labels):
            bottom = self.height - (i + 1) * self.ROW
            c.drawString(x[0] + PAD_X, bottom + 5, f"{label}（签字）：")
            c.drawString(x[2] + PAD_X, bottom + 5, "日期：")
            c.line(x[1], bottom, x[2], bottom)
            c.line(x[3], bottom, self.width, bottom)
        c.restoreState()
