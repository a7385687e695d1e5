"""Child process for GUI timings: started by benchmarks.gui with the wall-clock start time.

Prints one JSON line: start_to_paint_s (process start to the main window's first paint, interpreter
start included), ledger_first_screen_s, members_first_screen_s, member_filter_s, peak_rss_mb.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time

started = float(sys.argv[2])
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QObject  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from djrh_desktop.ui import app  # noqa: E402
from djrh_desktop.ui.context import AppContext  # noqa: E402
from djrh_desktop.ui.main_window import MainWindow  # noqa: E402


class FirstPaint(QObject):
    def __init__(self):
        super().__init__()
        self.at = None

    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and self.at is None:
            self.at = time.time()
        return False


def main() -> None:
    qapp = app.make_app()
    db = app.open_data(app.Path(sys.argv[1]), False)
    signing = time.time()
    session = app.sign_in(db)
    # The password check is slow on purpose (scrypt N=2^17); the user waits for it after pressing 登录
    # in a dialog already on screen, so it is reported on its own and not counted as start-up.
    sign_in_s = time.time() - signing
    window = MainWindow(AppContext(session, app.Path(sys.argv[1])))
    probe = FirstPaint()
    window.installEventFilter(probe)
    window.show()
    while probe.at is None:
        qapp.processEvents()
    out = {"start_to_paint_s": round(probe.at - started - sign_in_s, 3), "sign_in_s": round(sign_in_s, 3)}
    dashboard = window.pages["dashboard"]
    while dashboard._stale:
        qapp.processEvents()
    out["start_to_dashboard_filled_s"] = round(time.time() - started - sign_in_s, 3)
    t = time.perf_counter()
    page = window.go("points")
    qapp.processEvents()
    out["ledger_first_screen_s"] = round(time.perf_counter() - t, 3)
    out["ledger_rows"] = page.model.total
    t = time.perf_counter()
    page = window.go("members")
    qapp.processEvents()
    out["members_first_screen_s"] = round(time.perf_counter() - t, 3)
    t = time.perf_counter()
    page.search.setText("zh")
    page.apply_filters()
    qapp.processEvents()
    out["member_filter_s"] = round(time.perf_counter() - t, 3)
    for key in ("dashboard", "meetings", "ratings", "talks", "visits", "settings", "reports"):
        window.go(key)
        qapp.processEvents()
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(out))
    QApplication.quit()


main()
