"""What every page shares: a title row, a tool row, and refresh on data or period changes."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ..context import AppContext


class Page(QWidget):
    title = ""
    icon = ""
    watches: tuple[str, ...] = ()  # entities whose changes refresh this page
    nested = False  # a tab of a page (融合发展's registers): no title row of its own, no outer margin

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self._stale = True
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(*((6, 8, 6, 6) if self.nested else (16, 12, 16, 12)))
        header = QHBoxLayout()
        if not self.nested:
            label = QLabel(self.title)
            label.setObjectName("PageTitle")
            header.addWidget(label)
            header.addStretch(1)
        self.header = header
        self.layout_.addLayout(header)
        ctx.dataChanged.connect(self._data_changed)
        ctx.periodChanged.connect(self.mark_stale)

    def _data_changed(self, entity: str) -> None:
        if not self.watches or entity in self.watches or entity == "restore":  # a restore changes everything
            self.mark_stale()

    def mark_stale(self) -> None:
        """Refresh now if shown, otherwise when next shown (cheap for hidden pages)."""
        self._stale = True
        if self.isVisible():
            self.ensure_fresh()

    def ensure_fresh(self) -> None:
        if self._stale:
            self._stale = False
            self.refresh()

    def showEvent(self, event):
        super().showEvent(event)
        # Paint first, then read: the window appears at once and fills a moment later.
        QTimer.singleShot(0, self.ensure_fresh)

    def refresh(self) -> None:
        """Re-read what the page shows."""

    # Shortcut hooks (Ctrl+N, Ctrl+F, Ctrl+E, Ctrl+P); pages override what applies to them.
    def new_record(self) -> None:
        """Ctrl+N."""

    def focus_search(self) -> None:
        """Ctrl+F."""

    def export(self) -> None:
        """Ctrl+E."""

    def print_(self) -> None:
        """Ctrl+P."""
