"""A plain painted bar chart with Chinese labels (no chart library needed for a few bars)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget

PALETTE = ("#c8102e", "#d9822b", "#2b6cb0", "#2f855a", "#6b46c1", "#718096", "#b7791f")


class BarChart(QWidget):
    def __init__(self, title: str = "", parent=None):
        super().__init__(parent)
        self.title = title
        self.data: list[tuple[str, float]] = []
        self.setMinimumHeight(200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_data(self, data: list[tuple[str, float]]) -> None:
        self.data = list(data)
        self.update()

    def paintEvent(self, event):
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("white"))
        fm = p.fontMetrics()
        p.setPen(QColor("#1f2933"))
        font = p.font()
        font.setBold(True)
        p.setFont(font)
        p.drawText(QRectF(8, 6, self.width() - 16, fm.height() + 4), Qt.AlignmentFlag.AlignLeft, self.title)
        font.setBold(False)
        p.setFont(font)
        top, bottom = fm.height() * 2 + 12, self.height() - fm.height() * 2 - 8
        if not self.data:
            p.setPen(QColor("#9aa5b1"))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "暂无数据")
            return
        peak = max(v for _, v in self.data) or 1
        slot = (self.width() - 24) / len(self.data)
        bar = min(48.0, slot * 0.6)
        for i, (label, value) in enumerate(self.data):
            x = 12 + slot * i + (slot - bar) / 2
            h = (bottom - top) * value / peak
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(PALETTE[i % len(PALETTE)]))
            p.drawRect(QRectF(x, bottom - h, bar, h))
            p.setPen(QColor("#1f2933"))
            p.drawText(
                QRectF(x - 20, bottom - h - fm.height() - 2, bar + 40, fm.height()),
                Qt.AlignmentFlag.AlignCenter,
                f"{value:g}",
            )
            p.drawText(
                QRectF(12 + slot * i, bottom + 4, slot, fm.height() * 2),
                Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap,
                label,
            )
        p.setPen(QColor("#b9c2cc"))
        p.drawLine(12, int(bottom), self.width() - 12, int(bottom))
