"""--screenshots DIR: every main page and the main dialogs rendered to PNG at 1366×768, the common office screen."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QApplication, QWidget

from ..services import lists
from .main_window import NAV, MainWindow

SIZE = (1366, 768)


def _save(widget: QWidget, path: Path) -> None:
    _settle(0.2)  # let layouts catch up with text set during the page's refresh
    widget.grab().save(str(path))


def _settle(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.02)


def take_all(window: MainWindow, folder: Path) -> list[Path]:
    from ..services import export
    from .dialogs.about import AboutDialog
    from .dialogs.importer import ImportDialog
    from .dialogs.meeting import MeetingDialog
    from .dialogs.member import MemberDialog
    from .dialogs.points import PostDialog
    from .dialogs.rating import ScoreDialog
    from .dialogs.talk import TalkDialog
    from .dialogs.visit import VisitDialog

    folder.mkdir(parents=True, exist_ok=True)
    window.resize(*SIZE)
    window.show()
    written = []
    for _, _, key, _ in NAV:
        page = window.go(key)
        if key == "reports":  # show a generated report in the preview
            page.generate()
            QThreadPool.globalInstance().waitForDone(60000)
            _settle(1.5)  # QPdfView renders its pages in the background
        path = folder / f"{key}.png"
        _save(window, path)
        written.append(path)
        if key == "fusion":  # each register tab
            for tab in (page.posts, page.inspections, page.rectifications, page.brands):
                page.show_tab(tab)
                path = folder / f"fusion_{tab.spec.name.removeprefix('fusion_')}.png"
                _save(window, path)
                written.append(path)
            page.show_tab(page.projects)
    ctx = window.ctx
    s = ctx.session
    first = lambda spec, filters: next(iter(lists.page(s, spec, filters, limit=1)), None)  # noqa: E731
    member = first(lists.MEMBERS, {"status": "在册"})
    talk = first(lists.TALKS, {})
    visit = first(lists.VISITS, {})
    rated = next((r for r in lists.page(s, lists.STARS, {}, limit=500) if r["state"] == "定级"), None)
    member, talk, visit = ((r["_id"],) if r else None for r in (member, talk, visit))
    rating = (rated["year"], rated["_id"]) if rated else None
    dialogs = {
        "dialog_member": lambda: MemberDialog(ctx, member[0] if member else None, parent=window),
        "dialog_talk": lambda: TalkDialog(ctx, talk[0] if talk else None, parent=window),
        "dialog_visit": lambda: VisitDialog(ctx, visit[0] if visit else None, parent=window),
        "dialog_meeting": lambda: MeetingDialog(ctx, parent=window),
        "dialog_points": lambda: PostDialog(ctx, parent=window),
    }
    post = first(lists.POSTS, {})
    if post:
        from .dialogs.fusion import PostDialog as PositionDialog

        dialogs["dialog_fusion_post"] = lambda: PositionDialog(ctx, post["_id"], parent=window)
    if rating:
        dialogs["dialog_rating"] = lambda: ScoreDialog(ctx, rating[0], rating[1], parent=window)

    def importer():
        roster = Path(tempfile.mkdtemp(prefix="djrh-shots-")) / "党员名册.xlsx"
        export.export_list(ctx.session, lists.MEMBERS, {"status": "在册"}, roster)
        dialog = ImportDialog(ctx, "members", window)
        dialog.load(str(roster))
        return dialog

    dialogs["dialog_import"] = importer
    dialogs["dialog_about"] = lambda: AboutDialog(ctx, window)
    for name, make in dialogs.items():
        dialog = make()
        dialog.show()
        path = folder / f"{name}.png"
        _save(dialog, path)
        dialog.close()
        written.append(path)
    window.close()
    return written
