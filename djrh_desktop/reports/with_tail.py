"""A flowable kept with what must follow it: the 落款 (issuer and date) never stands alone on a page
(GB/T 9704). Where the body fits on the page but the tail does not, the body's last lines or rows go to
the next page with the tail; a body that cannot split goes with it whole."""

from __future__ import annotations

from reportlab.platypus import Flowable

KEEP = 40  # points of the body carried over with the tail: two table rows, or a line or two of text


class WithTail(Flowable):
    def __init__(self, body: Flowable, tail: list[Flowable], carried: bool = False):
        super().__init__()
        self.body, self.tail = body, tail
        self.carried = carried  # the few lines taken off this page for the tail: they start the next one

    def _tail_height(self, aW, aH) -> float:
        return sum(t.wrap(aW, aH)[1] + t.getSpaceBefore() + t.getSpaceAfter() for t in self.tail)

    def wrap(self, availWidth, availHeight):
        self._bh = self.body.wrap(availWidth, availHeight)[1] + self.body.getSpaceBefore()
        self.width, self.height = availWidth, self._bh + self._tail_height(availWidth, availHeight)
        return self.width, self.height

    def split(self, availWidth, availHeight):
        if self.carried:
            return []
        bh = self.body.wrap(availWidth, availHeight)[1]
        fits = bh <= availHeight
        parts = self.body.split(availWidth, bh - KEEP if fits else availHeight)
        if len(parts) < 2:
            return []  # the body cannot split here: both start the next page
        return [*parts[:-1], WithTail(parts[-1], self.tail, carried=fits)]

    def draw(self):
        y = self.height - self._bh
        self.body.drawOn(self.canv, 0, y)
        for t in self.tail:
            _, h = t.wrap(self.width, self.height)
            y -= t.getSpaceBefore() + h
            t.drawOn(self.canv, 0, y)
            y -= t.getSpaceAfter()
