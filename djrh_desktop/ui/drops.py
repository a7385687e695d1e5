"""Dropping a spreadsheet from the file manager: onto the import dialog it is loaded; onto the main window it
opens the import of the page in view (积分记录 on 5A积分, 谈话/家访记录 on their pages, else 党员名册), for
roles that may import."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QDragEnterEvent, QDropEvent

from ..exchange.spreadsheet import SUFFIXES


def spreadsheet_of(event: QDragEnterEvent | QDropEvent) -> str | None:
    """The one local spreadsheet file being dragged, if that is what it is."""
    urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
    files = [u.toLocalFile() for u in urls if u.isLocalFile()]
    if len(files) == 1 and Path(files[0]).suffix.lower() in SUFFIXES:
        return files[0]
    return None


def accept_spreadsheet(event) -> bool:
    if spreadsheet_of(event):
        event.acceptProposedAction()
        return True
    event.ignore()
    return False


def import_kind(window) -> str | None:
    """What a file dropped on the main window is imported as, or None if this user may not import it."""
    key = next((k for k, p in window.pages.items() if p is window.current_page()), None)
    kind, action = {"points": ("points", "points.write"), "talks": ("talks", "talk.write"),
                    "visits": ("visits", "visit.write")}.get(key, ("members", "member.write"))  # fmt: skip
    return kind if window.ctx.can(action, window.ctx.session.actor.branch_id) else None
