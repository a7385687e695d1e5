"""Printing a list as a table (QTextDocument to the chosen printer). The formal PDF reports with
official layout come from reports/; this prints what is on screen."""

from __future__ import annotations

import html

from PySide6.QtGui import QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from ..services import lists
from ..services.session import Session

MAX_ROWS = 5000


def list_html(title: str, subtitle: str, headers: list[str], rows: list[list]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(v or ''))}</td>" for v in r) + "</tr>" for r in rows
    )
    return (
        "<style>table{border-collapse:collapse;width:100%} th,td{border:1px solid #888;padding:3px 5px;"
        "font-size:9pt} th{background:#eee}</style>"
        f"<h2 style='text-align:center'>{html.escape(title)}</h2><p>{html.escape(subtitle)}</p>"
        f"<table><tr>{head}</tr>{body}</table>"
    )


def print_list(parent: QWidget, session: Session, spec: lists.ListSpec, filters: dict, title: str,
               subtitle: str, order=None, descending=False) -> None:  # fmt: skip
    total = lists.count(session, spec, filters)
    if total > MAX_ROWS:
        QMessageBox.information(
            parent,
            "记录过多",
            f"当前列表共 {total:,} 条，超过 {MAX_ROWS:,} 条。请先筛选，或导出到 Excel 后打印。",
        )
        return
    rows = lists.page(session, spec, filters, order, descending, 0, MAX_ROWS)
    doc = QTextDocument()
    doc.setHtml(list_html(title, f"{subtitle}　共 {total} 条", [c.label for c in spec.columns],
                          [[r[c.key] for c in spec.columns] for r in rows]))  # fmt: skip
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("打印")
    if dialog.exec() == QDialog.DialogCode.Accepted:
        doc.print_(printer)
