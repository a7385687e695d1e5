"""Chinese line breaking with 避头尾 (kinsoku) for PDFs.

ReportLab's CJK wrapping may start a line with ，。 or end one with （《. Here text is cut into tokens
that may not be separated: a character that may not start a line is glued to the one before it, one
that may not end a line to the one after it, and runs of Latin letters and digits stay whole. Lines
are then filled greedily with tokens and, except the last, justified by spreading the spare width
between characters, as official documents are set.
"""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

NO_START = set("，。、；：！？）》〉」』”’】〕…—%,.;:!?)]}·")
NO_END = set("（《〈「『“‘【〔([{")


def _is_word(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in "-_./%")


def tokens(text: str) -> list[str]:
    """Unbreakable pieces of text, with the 避头尾 glue applied."""
    raw: list[str] = []
    for ch in text:
        if raw and _is_word(ch) and _is_word(raw[-1][-1]):
            raw[-1] += ch
        else:
            raw.append(ch)
    out: list[str] = []
    carry = ""
    for tok in raw:
        tok = carry + tok
        carry = ""
        if tok[-1] in NO_END:
            carry = tok  # joins the next token
            continue
        if out and tok[0] in NO_START:
            out[-1] += tok
        else:
            out.append(tok)
    if carry:
        if out:
            out[-1] += carry
        else:
            out.append(carry)
    return out


def break_lines(text: str, font: str, size: float, width: float, first_indent: float = 0,
                squeeze: float = 1.0) -> list[str]:  # fmt: skip
    """Lines for one paragraph (no newlines inside). `squeeze` < 1 sets characters that much closer, so a
    line of 156 mm holds 28 characters of 3号 as GB/T 9704 counts them."""
    measure = (lambda t: stringWidth(t, font, size) * squeeze) if squeeze != 1.0 else (lambda t: stringWidth(t, font, size))
    if first_indent + measure(text) <= width + 0.01:
        return [text]  # the whole text fits: most form cells and table values
    lines: list[str] = []
    line, used = "", first_indent
    for tok in tokens(text):
        w = measure(tok)
        if line and used + w > width + 0.01:
            lines.append(line)
            line, used = "", 0.0
        if not line and w > width:  # a token longer than a line: cut it by characters
            for ch in tok:
                cw = measure(ch)
                if line and used + cw > width + 0.01:
                    lines.append(line)
                    line, used = "", 0.0
                line += ch
                used += cw
            continue
        line += tok
        used += w
    if line or not lines:
        lines.append(line)
    return lines


class CJKParagraph(Flowable):
    """A paragraph broken with 避头尾, justified, splittable across pages."""

    def __init__(self, text: str, font: str, size: float, leading: float | None = None, indent_chars: float = 0,
                 align: str = "justify", color=None, space_after: float = 0, space_before: float = 0,
                 min_height: float = 0, grid_chars: int = 0):  # fmt: skip
        super().__init__()
        self.grid_chars = grid_chars  # body text: this many characters a full line (GB/T 9704: 28)
        self.text = " ".join(str(text).split()) if "\n" not in str(text) else str(text)
        self.font, self.size = font, size
        self.leading = leading or size * 1.5
        self.indent = indent_chars * size
        self.align = align
        self.color = color
        self.spaceAfter, self.spaceBefore = space_after, space_before
        self.lines: list[tuple[str, float, bool]] = []  # (text, x offset, is last line of a paragraph)
        self._preset = False
        self.min_height = min_height  # paper forms leave room to write by hand

    def _squeeze(self, width: float) -> float:
        return min(1.0, width / (self.grid_chars * self.size)) if self.grid_chars else 1.0

    def _layout(self, width: float) -> None:
        self.lines = []
        squeeze = self._squeeze(width)
        for part in self.text.split("\n"):
            broken = break_lines(part, self.font, self.size, width, self.indent * squeeze, squeeze)
            for i, line in enumerate(broken):
                self.lines.append((line, self.indent if i == 0 else 0.0, i == len(broken) - 1))

    def wrap(self, availWidth, availHeight):
        if not self._preset and getattr(self, "_laid_for", None) != availWidth:  # a table wraps its cells often
            self._layout(availWidth)
            self._laid_for = availWidth
        self.width = availWidth
        self.height = max(len(self.lines) * self.leading, self.min_height)
        return availWidth, self.height

    def split(self, availWidth, availHeight):
        """Across a page break: the lines that fit, then the rest (already broken, so unchanged)."""
        self.wrap(availWidth, availHeight)
        fit = int(availHeight // self.leading)
        if fit < 2 or len(self.lines) - fit < 1:  # keep at least two lines together
            return []
        parts = []
        for lines, after in ((self.lines[:fit], 0), (self.lines[fit:], self.spaceAfter)):
            p = CJKParagraph("", self.font, self.size, self.leading, 0, self.align, self.color, after,
                             grid_chars=self.grid_chars)  # fmt: skip
            p.lines, p._preset = lines, True
            parts.append(p)
        return parts

    def draw(self):
        c = self.canv
        if self.color is not None:
            c.setFillColor(self.color)
        y = self.height - self.size
        squeeze = self._squeeze(self.width)
        for text, x, last in self.lines:
            tw = stringWidth(text, self.font, self.size)
            t = c.beginText()
            t.setFont(self.font, self.size)
            base = 0.0
            if squeeze < 1.0:  # every character a little closer, as the line was measured
                base = -self.size * (1 - squeeze)
                t.setCharSpace(base)
                tw += base * len(text)
                x *= squeeze
            spare = self.width - x - tw
            if self.align == "center":
                t.setTextOrigin((self.width - tw) / 2, y)
            elif self.align == "right":
                t.setTextOrigin(self.width - tw, y)
            else:
                t.setTextOrigin(x, y)
                if self.align == "justify" and not last and len(text) > 1 and spare > 0:
                    t.setCharSpace(base + spare / (len(text) - 1))
            t.textOut(text)
            c.drawText(t)
            y -= self.leading
