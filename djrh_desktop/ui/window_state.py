"""Windows that fit the screen they open on, and what the program remembers between runs (window sizes,
table columns, splitters, the last folder and period), kept by QSettings in an INI file in the user data
folder (djrh-desktop.ini, beside the default data file)."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QRect, QSettings, QStandardPaths
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from ..store.connection import data_dir

MARGIN = 24  # room left around a window that would fill the screen (taskbar edges, the frame)


def store() -> QSettings:
    path = Path(os.environ.get("DJRH_SETTINGS_DIR") or data_dir()) / "djrh-desktop.ini"
    return QSettings(str(path), QSettings.Format.IniFormat)


def available(widget: QWidget) -> QRect:
    """The usable area (without taskbars) of the screen the widget is on, in device-independent pixels."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def fit(widget: QWidget, width: int, height: int, centre: bool = True) -> None:
    """Open at the wanted size, or smaller to fit the screen, centred in its usable area (a dialog: Qt
    centres it over its window when shown)."""
    area = available(widget)
    frame = widget.frameGeometry().size() - widget.geometry().size()  # title bar and borders, once shown
    w = min(width, area.width() - MARGIN - frame.width())
    h = min(height, area.height() - MARGIN - frame.height())
    widget.setMinimumSize(min(widget.minimumWidth(), w), min(widget.minimumHeight(), h))
    widget.resize(w, h)
    if centre:
        widget.move(area.x() + (area.width() - w) // 2, area.y() + (area.height() - h) // 2)


def restore(widget: QWidget, key: str, width: int, height: int) -> None:
    """The size and place it had when last closed, if that still fits this screen; else fit()."""
    saved = store().value(f"{key}/geometry")
    fits = isinstance(saved, QByteArray) and widget.restoreGeometry(saved)
    if fits and available(widget).contains(widget.frameGeometry()):
        return
    fit(widget, width, height)


def save(widget: QWidget, key: str) -> None:
    store().setValue(f"{key}/geometry", widget.saveGeometry())


def save_state(key: str, state: QByteArray) -> None:
    """A header's or splitter's saveState() under `key`."""
    store().setValue(key, state)


def state(key: str) -> QByteArray | None:
    value = store().value(key)
    return value if isinstance(value, QByteArray) else None


def last_folder() -> str:
    """Where the last file was opened or saved; 文档 the first time (never the program's own folder)."""
    folder = store().value("files/last_folder", "")
    if folder and Path(folder).is_dir():
        return str(folder)
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())


def remember_folder(path: str) -> None:
    if path:
        store().setValue("files/last_folder", str(Path(path).parent if Path(path).suffix else Path(path)))


def in_last_folder(name: str) -> str:
    """A suggested file name in the last folder, for a save dialog."""
    return str(Path(last_folder()) / name)


def period() -> tuple[int, int] | None:
    s = store()
    year, quarter = s.value("period/year"), s.value("period/quarter")
    try:
        return int(year), int(quarter)
    except (TypeError, ValueError):
        return None


def remember_period(year: int, quarter: int) -> None:
    s = store()
    s.setValue("period/year", year)
    s.setValue("period/quarter", quarter)
