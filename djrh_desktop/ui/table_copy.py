"""Ctrl+C of selected table rows with their headers, as WPS and Excel paste them: tab-separated text, and
an HTML table whose long digit strings (ID numbers, telephone numbers) are marked as text so the sheet does
not turn 110101199003071233 into 1.10101E+17."""

from __future__ import annotations

import html
import re

from PySide6.QtCore import QMimeData, Qt
from PySide6.QtWidgets import QApplication, QTableView

_LONG_DIGITS = re.compile(r"^\d{11,}[\dXx]?$")


def selection_payload(view: QTableView) -> tuple[str, str] | None:
    """(tab-separated text, HTML table) of the selected rows (or the current cell's row), headers first."""
    model = view.model()
    if model is None:
        return None
    rows = sorted({i.row() for i in view.selectionModel().selectedRows()} or
                  ({view.currentIndex().row()} if view.currentIndex().isValid() else set()))  # fmt: skip
    if not rows:
        return None
    columns = [c for c in range(model.columnCount()) if not view.isColumnHidden(c)]
    header = [str(model.headerData(c, Qt.Orientation.Horizontal) or "") for c in columns]
    table = [header] + [[_clean(model.index(r, c).data()) for c in columns] for r in rows]
    text = "\n".join("\t".join(line) for line in table) + "\n"
    cell = lambda v: (f'<td style="mso-number-format:\'\\@\'">{html.escape(v)}</td>' if _LONG_DIGITS.match(v)  # noqa: E731
                      else f"<td>{html.escape(v)}</td>")  # fmt: skip
    body = "<tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in header) + "</tr>"
    body += "".join("<tr>" + "".join(cell(v) for v in line) + "</tr>" for line in table[1:])
    return text, f"<html><body><table>{body}</table></body></html>"


def _clean(value) -> str:
    """One cell on one line: a tab or line break inside would split it across cells."""
    return " ".join(str(value if value is not None else "").split())


def copy_selection(view: QTableView) -> int:
    """Put the selection on the clipboard; returns the number of rows copied."""
    payload = selection_payload(view)
    if payload is None:
        return 0
    data = QMimeData()
    data.setText(payload[0])
    data.setHtml(payload[1])
    QApplication.clipboard().setMimeData(data)
    return payload[0].count("\n") - 1
