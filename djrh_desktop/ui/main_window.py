"""The main window: navigation on the left, one page per item, a year/quarter selector that every
page follows, and a status bar with the data file and the signed-in user."""

from __future__ import annotations

import datetime as dt
import importlib

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from .. import __version__
from ..domain.errors import DjrhError
from ..domain.periods import QUARTER_NAMES
from ..domain.roles import role_name
from ..services import backups, settings
from . import drops, menus, window_state
from .context import AppContext
from .dialogs.about import AboutDialog
from .icons import icon
from .pages.base import Page
from .worker import run_job

NAV = (
    ("首页", "home-outline", "dashboard", "DashboardPage"),
    ("组织与党员", "account-group-outline", "members", "MembersPage"),
    ("三会一课", "calendar-check-outline", "meetings", "MeetingsPage"),
    ("评星定级", "star-outline", "ratings", "RatingsPage"),
    ("融合发展", "handshake-outline", "fusion", "FusionPage"),
    ("5A积分", "scoreboard-outline", "points", "PointsPage"),
    ("谈心谈话", "account-voice", "talks", "TalksPage"),
    ("廉政家访", "home-heart", "visits", "VisitsPage"),
    ("报表中心", "file-chart-outline", "reports", "ReportsPage"),
    ("系统设置", "cog-outline", "settings", "SettingsPage"),
)


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext):
        super().__init__()
        self.ctx = ctx
        self.update_title()
        window_state.restore(self, "main", 1280, 800)  # the size it had, or the screen's, down to 1280×720 at 150%
        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        left = QVBoxLayout()
        left.setSpacing(0)
        title = QLabel("党建融合桌面")
        title.setObjectName("AppTitle")
        left.addWidget(title)
        self.nav = QListWidget()
        self.nav.setObjectName("NavList")
        self.nav.setIconSize(QSize(20, 20))
        self.nav.setFixedWidth(168)
        left.addWidget(self.nav, 1)
        row.addLayout(left)
        self.stack = QStackedWidget()
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.pages: dict[str, Page] = {}
        for text, icon_name, key, _ in NAV:
            item = QListWidgetItem(icon(icon_name, "#e6ebf0"), text)
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.nav.addItem(item)
            holder = QWidget()  # pages are built on first visit: start-up stays fast
            holder.setLayout(QVBoxLayout())
            holder.layout().setContentsMargins(0, 0, 0, 0)
            # A page taller than a small screen (1280×720 at 150%) scrolls instead of pushing the window
            # (and its status bar) off the screen.
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QFrame.Shape.NoFrame)
            scroll.setWidget(holder)
            self.stack.addWidget(scroll)
        self.nav.currentRowChanged.connect(self.show_page)
        self._build_toolbar()
        self._build_status()
        menus.build(self)  # the shortcuts live on the menus, which show them
        self.setAcceptDrops(True)
        menus.remember_file(ctx.db_path)
        ctx.status.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.nav.setCurrentRow(0)
        # Automatic backups: every 30 minutes while data has changed, and when the window closes.
        self._changed = False
        self._last_backup = dt.datetime.now()
        ctx.dataChanged.connect(self._note_change)
        self._backup_timer = QTimer(self, interval=60_000)
        self._backup_timer.timeout.connect(self._maybe_backup)
        self._backup_timer.start()

    def _note_change(self, entity: str) -> None:
        if entity not in ("backup",):
            self._changed = True

    def _maybe_backup(self) -> None:
        if backups.due(self._last_backup, dt.datetime.now(), self._changed):
            self._changed = False
            self._last_backup = dt.datetime.now()
            job_session = self.ctx.job_session()

            def job(progress, cancelled):
                with job_session() as s:
                    return backups.automatic(s, "timer")

            run_job(
                self, "", job, lambda _c: self.statusBar().showMessage("已自动备份", 5000), show_dialog=False
            )

    def closeEvent(self, event) -> None:
        window_state.save(self, "main")
        if self._changed:
            try:
                backups.automatic(self.ctx.session, "close")
            except DjrhError as exc:
                QMessageBox.warning(self, "自动备份失败", f"关闭前的自动备份没有完成：{exc}")
        super().closeEvent(event)

    def _unit(self) -> str:
        return settings.unit_name(self.ctx.session) or "未设置单位"

    def update_title(self) -> None:
        demo_mark = "（演示数据）" if settings.is_demo(self.ctx.session) else ""
        self.setWindowTitle(f"党建融合桌面 — {self._unit()}{demo_mark}")

    # -- pages ---------------------------------------------------------------------------------
    def page(self, key: str) -> Page:
        if key not in self.pages:
            index = next(i for i, n in enumerate(NAV) if n[2] == key)
            module = importlib.import_module(f"djrh_desktop.ui.pages.{key}")
            page = getattr(module, NAV[index][3])(self.ctx, self)
            self.stack.widget(index).widget().layout().addWidget(page)
            self.pages[key] = page
        return self.pages[key]

    def show_page(self, row: int) -> None:
        key = NAV[row][2]
        self.page(key)
        self.stack.setCurrentIndex(row)
        if self.isVisible():  # at start-up the page fills after the first paint (Page.showEvent)
            self.pages[key].ensure_fresh()

    def go(self, key: str) -> Page:
        row = next(i for i, n in enumerate(NAV) if n[2] == key)
        self.nav.setCurrentRow(row)
        return self.pages[key]

    def current_page(self) -> Page:
        return self.pages[NAV[self.nav.currentRow()][2]]

    # -- period, status, shortcuts -------------------------------------------------------------
    def _build_toolbar(self) -> None:
        bar = QToolBar("期间")
        bar.setMovable(False)
        self.addToolBar(bar)
        bar.addWidget(QLabel("  统计期间："))
        self.year_box = QComboBox()
        for y in range(self.ctx.today.year + 1, self.ctx.today.year - 15, -1):
            self.year_box.addItem(f"{y}年", y)
        self.year_box.setCurrentIndex(self.year_box.findData(self.ctx.year))
        self.quarter_box = QComboBox()
        for q, name in QUARTER_NAMES.items():
            self.quarter_box.addItem(name, q)
        self.quarter_box.setCurrentIndex(self.ctx.quarter.quarter - 1)
        bar.addWidget(self.year_box)
        bar.addWidget(self.quarter_box)
        self.year_box.currentIndexChanged.connect(self._period)
        self.quarter_box.currentIndexChanged.connect(self._period)
        last = window_state.period()  # the period looked at last time
        if last and self.year_box.findData(last[0]) >= 0 and 1 <= last[1] <= 4:
            self.set_period(*last)

    def _period(self) -> None:
        year, quarter = self.year_box.currentData(), self.quarter_box.currentData()
        self.ctx.set_period(year, quarter)
        window_state.remember_period(year, quarter)

    def set_period(self, year: int, quarter: int) -> None:
        self.year_box.setCurrentIndex(self.year_box.findData(year))
        self.quarter_box.setCurrentIndex(quarter - 1)

    def _build_status(self) -> None:
        actor = self.ctx.session.actor
        self.file_label = QLabel(f"数据文件：{self.ctx.db_path}")
        self.user_label = QLabel(
            f"当前用户：{actor.display_name or actor.username}（{role_name(actor.role)}）"
        )
        if settings.is_demo(self.ctx.session):  # never mistaken for the office's real records
            self.demo_label = QLabel("演示数据：仅供熟悉和培训，请勿录入真实信息")
            self.demo_label.setObjectName("DemoMark")
            self.statusBar().addPermanentWidget(self.demo_label)
        self.statusBar().addPermanentWidget(self.file_label)
        self.statusBar().addPermanentWidget(self.user_label)
        about = QPushButton(f"版本 {__version__}　关于")
        about.setFlat(True)
        about.clicked.connect(self.about)
        self.about_button = about
        self.statusBar().addPermanentWidget(about)

    def about(self) -> None:
        AboutDialog(self.ctx, self).exec()

    # -- a spreadsheet dropped on the window opens its import ------------------------------------
    def dragEnterEvent(self, event) -> None:
        if drops.import_kind(self) is None:
            event.ignore()
        else:
            drops.accept_spreadsheet(event)

    def dropEvent(self, event) -> None:
        path, kind = drops.spreadsheet_of(event), drops.import_kind(self)
        if path and kind:
            event.acceptProposedAction()
            from .dialogs.importer import ImportDialog

            dialog = ImportDialog(self.ctx, kind, self)
            dialog.load(path)
            dialog.exec()
