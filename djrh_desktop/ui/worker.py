"""Long jobs off the GUI thread: a QRunnable on the global QThreadPool with a cancellable progress dialog.

A job is a plain function job(progress, cancelled) -> result; it must open its own database
connection (SQLite connections belong to one thread) and never touch widgets.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from .context import show_error


class Cancelled(Exception):
    pass


class _Signals(QObject):
    progress = Signal(int, str)
    finished = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn, cancel_event: threading.Event):
        super().__init__()
        self.fn = fn
        self.cancel_event = cancel_event
        self.signals = _Signals()

    def run(self):
        def progress(percent: int, text: str = ""):
            if self.cancel_event.is_set():
                raise Cancelled()
            self.signals.progress.emit(int(percent), text)

        try:
            result = self.fn(progress, self.cancel_event.is_set)
        except BaseException as exc:  # delivered to the GUI thread, shown there
            self.signals.failed.emit(exc)
        else:
            self.signals.finished.emit(result)


def run_job(parent: QWidget, title: str, fn: Callable, on_done: Callable, on_error: Callable | None = None,
            show_dialog: bool = True) -> _Job:  # fmt: skip
    """Start fn on the pool; on_done(result) and on_error(exc) run on the GUI thread."""
    cancel = threading.Event()
    job = _Job(fn, cancel)
    dialog = None
    if show_dialog:
        dialog = QProgressDialog(title, "取消", 0, 100, parent)
        dialog.setWindowTitle("请稍候")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        dialog.canceled.connect(cancel.set)
        job.signals.progress.connect(lambda p, t: (dialog.setValue(p), t and dialog.setLabelText(t)))

    def done(result):
        if dialog:
            dialog.reset()
        on_done(result)

    def failed(exc):
        if dialog:
            dialog.reset()
        if isinstance(exc, Cancelled):
            return
        if on_error:
            on_error(exc)
        else:
            show_error(parent, exc)

    job.signals.finished.connect(done)
    job.signals.failed.connect(failed)
    parent._djrh_jobs = getattr(parent, "_djrh_jobs", []) + [job]  # keep signals alive
    QThreadPool.globalInstance().start(job)
    return job
