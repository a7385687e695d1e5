"""Printing a list as a table (QTextDocument to the chosen printer). The formal PDF reports with official
layout come from reports/; this prints what is on screen: the columns the user ticks (the table's visible
ones the first time, remembered per list), landscape when they are too wide for portrait, fitted to the
page width, with dates, numbers and ID numbers kept on one line."""

from __future__ import annotations

import html

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from ..services import lists
from ..services.session import Session
from . import window_state

MAX_ROWS = 5000
PORTRAIT_CHARS = 95  # about what a portrait A4 line holds at 9 pt; wider tables print landscape


def _text(v) -> str:
    return "" if v is None else (f"{v:g}" if isinstance(v, float) else str(v))  # 0 prints as 0, not blank


def _atomic(text: str) -> bool:
    """Dates, numbers, codes and ID numbers: never broken over lines."""
    return not any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _width(text: str) -> int:
    return sum(2 if "\u2e80" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" else 1 for ch in text)


def layout(headers: list[str], rows: list[list]) -> tuple[bool, float]:
    """(landscape, font size): the table's natural width in half-width characters decides."""
    widths = [max([_width(h)] + [_width(_text(r[c])) for r in rows[:300]]) + 2 for c, h in enumerate(headers)]
    total = sum(min(w, 30) for w in widths)  # a long text column wraps; it does not widen the table alone
    landscape = total > PORTRAIT_CHARS
    capacity = PORTRAIT_CHARS * (1.45 if landscape else 1)
    return landscape, max(6.5, min(9.0, 9.0 * capacity / max(total, 1)))


def list_html(title: str, subtitle: str, headers: list[str], rows: list[list], size: float = 9.0) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)

    def cell(v) -> str:
        t = _text(v)
        return f"<td nowrap>{html.escape(t)}</td>" if t and _atomic(t) else f"<td>{html.escape(t)}</td>"

    body = "".join("<tr>" + "".join(cell(v) for v in r) + "</tr>" for r in rows)
    return (
        f"<style>table{{border-collapse:collapse;width:100%}} th,td{{border:1px solid #888;padding:2px 4px;"
        f"font-size:{size:.1f}pt}} th{{background:#eee}}</style>"
        f"<h2 style='text-align:center'>{html.escape(title)}</h2><p>{html.escape(subtitle)}</p>"
        f"<table width='100%'><tr>{head}</tr>{body}</table>"
    )


class ColumnsDialog(QDialog):
    """Which columns to print; the choice is kept for this list."""

    def __init__(self, labels: list[str], chosen: list[str], parent=None):
        super().__init__(parent)
        self.setWindowTitle("打印列表")
        box = QVBoxLayout(self)
        box.addWidget(QLabel("选择要打印的列（列多时自动横向打印，并缩小字号以适合纸宽）："))
        grid = QGridLayout()
        self.checks: dict[str, QCheckBox] = {}
        for i, label in enumerate(labels):
            check = QCheckBox(label)
            check.setChecked(label in chosen)
            check.toggled.connect(self._update)
            self.checks[label] = check
            grid.addWidget(check, i // 4, i % 4)
        box.addLayout(grid)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("下一步：选择打印机")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        box.addWidget(self.buttons)
        self._update()

    def _update(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.chosen()))

    def chosen(self) -> list[str]:
        return [label for label, check in self.checks.items() if check.isChecked()]


def print_list(parent: QWidget, session: Session, spec: lists.ListSpec, filters: dict, title: str,
               subtitle: str, order=None, descending=False, visible: list[str] | None = None) -> None:  # fmt: skip
    total = lists.count(session, spec, filters)
    if total > MAX_ROWS:
        QMessageBox.information(
            parent,
            "记录过多",
            f"当前列表共 {total:,} 条，超过 {MAX_ROWS:,} 条。请先筛选，或导出到 Excel 后打印。",
        )
        return
    labels = [c.label for c in spec.columns]
    key = f"print/{spec.name}"
    saved = window_state.store().value(key)
    remembered = [saved] if isinstance(saved, str) else list(saved or [])
    chosen = [x for x in remembered if x in labels] or visible or labels
    pick = ColumnsDialog(labels, chosen, parent)
    if pick.exec() != QDialog.DialogCode.Accepted:
        return
    chosen = pick.chosen()
    window_state.store().setValue(key, chosen)
    columns = [c for c in spec.columns if c.label in chosen]
    rows = [[r[c.key] for c in columns] for r in lists.page(session, spec, filters, order, descending, 0, MAX_ROWS)]
    headers = [c.label for c in columns]
    landscape, size = layout(headers, rows)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Landscape
                                      if landscape else QPageLayout.Orientation.Portrait, QMarginsF(12, 12, 12, 12),
                                      QPageLayout.Unit.Millimeter))  # fmt: skip
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("打印")
    if dialog.exec() == QDialog.DialogCode.Accepted:
        doc = QTextDocument()
        doc.setHtml(list_html(title, f"{subtitle}　共 {total} 条", headers, rows, size))
        doc.print_(printer)
