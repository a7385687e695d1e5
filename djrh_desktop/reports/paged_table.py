"""A grid table that is cut page by page and drawn straight onto the canvas.

ReportLab splits a long table page by page, and each split builds a new table of all the rows left and
finds its unknown row heights with a scan from the top; then every cell is drawn with its own text object.
A county ranking (4,000 rows, 300 pages) spent seconds on both. Here the row heights are measured once by
the caller, a page's rows are found by adding heights, and a page is one path for the grid and one text
object for its strings (paragraph cells draw themselves). The header row repeats on every page.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

PAD_X, PAD_Y = 4, 3
HEADER_SHADE = colors.HexColor("#eeeeee")


@dataclass(frozen=True)
class TableLook:
    body_font: str
    header_font: str
    size: float
    leading: float
    grid_color: object
    right: frozenset[int] = frozenset()  # columns whose values are right-aligned (numbers)


class PagedTable(Flowable):
    def __init__(self, header: list, rows: list[list], heights: list[float], col_widths: list[float], look: TableLook):
        super().__init__()
        self.header, self.rows, self.heights = header, rows, heights  # heights[0] is the header's
        self.col_widths, self.look = col_widths, look

    def wrap(self, availWidth, availHeight):
        self.width, self.height = sum(self.col_widths), sum(self.heights)
        return self.width, self.height

    def split(self, availWidth, availHeight):
        used, j = self.heights[0], 0
        body = self.heights[1:]
        while j < len(body) and used + body[j] <= availHeight:
            used += body[j]
            j += 1
        if j == 0 or j == len(body):
            return []  # not even one row under the header: start on the next page
        return [PagedTable(self.header, self.rows[:j], self.heights[: j + 1], self.col_widths, self.look),
                PagedTable(self.header, self.rows[j:], [self.heights[0], *body[j:]], self.col_widths, self.look)]

    def draw(self):
        c, look = self.canv, self.look
        edges = [0.0]
        for w in self.col_widths:
            edges.append(edges[-1] + w)
        c.saveState()
        c.setFillColor(HEADER_SHADE)
        c.rect(0, self.height - self.heights[0], self.width, self.heights[0], stroke=0, fill=1)
        c.setFillColor(colors.black)
        text = c.beginText()
        paragraphs = []
        grid = c.beginPath()
        top = self.height
        for r, row in enumerate([self.header, *self.rows]):
            rh = self.heights[r]
            bottom = top - rh
            grid.moveTo(0, bottom)
            grid.lineTo(self.width, bottom)
            font = look.header_font if r == 0 else look.body_font
            text.setFont(font, look.size, look.leading)
            for col, value in enumerate(row):
                x0, w = edges[col], self.col_widths[col]
                if isinstance(value, Flowable):  # a paragraph cell, centred vertically as ReportLab does
                    _, h = value.wrap(w - 2 * PAD_X, rh)
                    paragraphs.append((value, x0 + PAD_X, bottom + (rh - h) / 2))
                    continue
                lines = str(value).split("\n")
                y = bottom + (PAD_Y + rh - PAD_Y + len(lines) * look.leading) / 2 - look.size
                for line in lines:
                    if r == 0:
                        x = x0 + (w - stringWidth(line, font, look.size)) / 2
                    elif col in look.right:
                        x = x0 + w - PAD_X - stringWidth(line, font, look.size)
                    else:
                        x = x0 + PAD_X
                    text.setTextOrigin(x, y)
                    text.textOut(line)
                    y -= look.leading
            top = bottom
        c.drawText(text)
        for p, x, y in paragraphs:
            p.drawOn(c, x, y)
        for x in edges:
            grid.moveTo(x, 0)
            grid.lineTo(x, self.height)
        grid.moveTo(0, self.height)
        grid.lineTo(self.width, self.height)
        c.setStrokeColor(look.grid_color)
        c.setLineWidth(0.5)
        c.drawPath(grid, stroke=1, fill=0)
        c.restoreState()
