"""系统设置: unit information, users and roles, rule sets, backup folder and PDF font."""

from __future__ import annotations

import copy
import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...domain import roles
from ...reports import fonts
from ...services import backups, settings, users
from ..dialogs.user import PasswordDialog, UserDialog
from ..forms import button
from ..table import RowsModel, Table
from ..worker import run_job
from .audit_tab import AuditTab
from .base import Page
from .org_setup import OrgSetupTab
from .year_closing import YearClosingBox


class SettingsPage(Page):
    title = "系统设置"
    watches = ("settings", "users", "backup", "restore")

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.admin = ctx.can("settings.write")
        self.tabs = QTabWidget()
        self.tabs.addTab(self._unit_tab(), "单位与文件")
        self.tabs.addTab(self._users_tab(), "用户与角色")
        self.org_setup = OrgSetupTab(ctx) if ctx.can("org.write") else None
        if self.org_setup:
            self.tabs.addTab(self.org_setup, "组织机构")
        self.tabs.addTab(self._rules_tab(), "积分与评星规则")
        self.tabs.addTab(self._backup_tab(), "备份与恢复")
        self.audit = AuditTab(ctx) if ctx.can("audit.read") else None
        if self.audit:
            self.tabs.addTab(self.audit, "审计日志")
        self.layout_.addWidget(self.tabs, 1)

    # -- unit, backup folder, font -------------------------------------------------------------
    def _unit_tab(self) -> QWidget:
        w = QWidget()
        box = QVBoxLayout(w)
        group = QGroupBox("单位信息")
        form = QFormLayout(group)
        self.unit = QLineEdit()
        form.addRow("单位名称：", self.unit)
        self.issuer = QLineEdit()
        self.issuer.setPlaceholderText("默认：党委名称，如“中共北山监狱委员会”")
        form.addRow("落款单位：", self.issuer)
        self.recipient = QLineEdit()
        self.recipient.setPlaceholderText("季度报告的主送单位，可不填")
        form.addRow("主送单位：", self.recipient)
        self.contact = QLineEdit()
        self.contact.setPlaceholderText("如：机关党委办公室，电话 0471-1234567")
        form.addRow("公示异议受理：", self.contact)
        self.page_foot = QLineEdit()
        self.page_foot.setMaxLength(settings.PAGE_FOOT_LIMIT)
        self.page_foot.setPlaceholderText("不填则不印；如：机关党委办公室　电话 0471-1234567")
        form.addRow("报表页脚文字：", self.page_foot)
        self.backup_dir, pick = self._path_row(
            form, "备份文件夹：", "默认：数据文件所在文件夹下的“备份”", "folder-outline", self._pick_backup
        )
        self.font, pick_font = self._path_row(
            form,
            "报表字体文件：",
            "默认：自动使用电脑上的仿宋、黑体、楷体、宋体",
            "format-font",
            self._pick_font,
        )
        self.part_fonts: dict[str, QLineEdit] = {}
        part_pickers = []
        for role, label in fonts.ROLE_NAMES.items():
            edit, pick_part = self._path_row(form, f"{label}字体：", "默认：按上面的字体文件或自动选择", "format-font",
                                             lambda _=False, role=role: self._pick_part_font(role))  # fmt: skip
            self.part_fonts[role] = edit
            part_pickers.append(pick_part)
        population = QWidget()
        prow = QHBoxLayout(population)
        prow.setContentsMargins(0, 0, 0, 0)
        self.population = {c: QCheckBox(c) for c in ("在职", "离退休", "流动")}
        for cb in self.population.values():
            prow.addWidget(cb)
        prow.addStretch(1)
        form.addRow("家访覆盖人员类别：", population)
        self.save_unit = button("保存", "content-save-outline", primary=True)
        self.save_unit.clicked.connect(self._save_unit)
        save_row = QHBoxLayout()
        save_row.addWidget(self.save_unit)
        save_row.addStretch(1)
        form.addRow("", save_row)
        form.addRow("数据文件：", QLabel(str(self.ctx.db_path)))
        for widget in (*self.part_fonts.values(), *part_pickers):
            widget.setEnabled(self.admin)
        for widget in (self.unit, self.issuer, self.recipient, self.contact, self.backup_dir, self.font, self.save_unit, pick, pick_font, *self.population.values()):
            widget.setEnabled(self.admin)
        if not self.admin:
            form.addRow("", QLabel("只有系统管理员可以修改这些设置。"))
        box.addWidget(group)
        self.year_closing = YearClosingBox(self.ctx)
        box.addWidget(self.year_closing)
        box.addStretch(1)
        return w

    @staticmethod
    def _path_row(
        form: QFormLayout, label: str, hint: str, icon_name: str, pick
    ) -> tuple[QLineEdit, QWidget]:
        edit = QLineEdit()
        edit.setPlaceholderText(hint)
        chooser = button("选择…", icon_name)
        chooser.clicked.connect(pick)
        row = QHBoxLayout()
        row.addWidget(edit)
        row.addWidget(chooser)
        form.addRow(label, row)
        return edit, chooser

    def _pick_backup(self) -> None:
        path = QFileDialog.getExistingDirectory(self, "选择备份文件夹", self.backup_dir.text())
        if path:
            self.backup_dir.setText(path)

    def _pick_font(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "选择字体文件", "", "TrueType 字体 (*.ttf *.ttc)")
        if path:
            self.font.setText(path)

    def _pick_part_font(self, role: str) -> None:
        path, _ = QFileDialog.getOpenFileName(self, f"选择{fonts.ROLE_NAMES[role]}字体", "", "TrueType 字体 (*.ttf *.ttc)")
        if path:
            self.part_fonts[role].setText(path)

    def _save_unit(self) -> None:
        ok = self.ctx.run(self, settings.put_many, {settings.UNIT_NAME: self.unit.text(),
                                                    settings.ISSUER: self.issuer.text().strip(),
                                                    settings.RECIPIENT: self.recipient.text().strip(),
                                                    settings.OBJECTION_CONTACT: self.contact.text().strip(),
                                                    settings.PAGE_FOOT: self.page_foot.text().strip(),
                                                    settings.BACKUP_DIR: self.backup_dir.text().strip(),
                                                    settings.PDF_FONT: self.font.text().strip(),
                                                    settings.PDF_FONTS: {r: e.text().strip() for r, e in self.part_fonts.items()},
                                                    settings.VISIT_POPULATION: [c for c, cb in self.population.items()
                                                                                if cb.isChecked()]})  # fmt: skip
        if ok and hasattr(self.window(), "update_title"):
            self.window().update_title()

    # -- users -----------------------------------------------------------------------------------
    def _users_tab(self) -> QWidget:
        w = QWidget()
        box = QVBoxLayout(w)
        row = QHBoxLayout()
        self.add_user = button("新增用户", "account-plus-outline", primary=True)
        self.toggle_user = button("停用/启用", "account-cancel-outline")
        self.reset_pw = button("重设密码", "lock-reset")
        self.own_pw = button("修改我的密码", "key-outline")
        for b in (self.add_user, self.toggle_user, self.reset_pw):
            row.addWidget(b)
            b.setVisible(self.ctx.can("user.write"))
        row.addWidget(self.own_pw)
        row.addStretch(1)
        box.addLayout(row)
        self.user_model = RowsModel([("username", "用户名"), ("display_name", "姓名"), ("role", "角色"), ("branch", "所在支部"),
                                     ("active", "状态"), ("last_login", "最近登录")])  # fmt: skip
        self.user_table = Table()
        self.user_table.setModel(self.user_model)
        box.addWidget(self.user_table, 1)
        if not self.ctx.can("user.write"):
            box.addWidget(QLabel("只有系统管理员可以管理用户。"))
        self.add_user.clicked.connect(lambda: UserDialog(self.ctx, self).exec())
        self.toggle_user.clicked.connect(self._toggle)
        self.reset_pw.clicked.connect(self._reset)
        self.own_pw.clicked.connect(
            lambda: PasswordDialog(self.ctx, self.ctx.session.actor.user_id, True, self).exec()
        )
        return w

    def _toggle(self) -> None:
        uid = self.user_table.current_id()
        row = next((r for r in self.user_model.rows if r["_id"] == uid), None)
        if row:
            self.ctx.run(self, users.set_active, uid, row["active"] != "启用")

    def _reset(self) -> None:
        uid = self.user_table.current_id()
        if uid is not None:
            PasswordDialog(self.ctx, uid, uid == self.ctx.session.actor.user_id, self).exec()

    # -- rules -----------------------------------------------------------------------------------
    def _rules_tab(self) -> QWidget:
        w = QWidget()
        box = QVBoxLayout(w)
        note = QLabel(
            "这里修改的是今后新开启年度使用的规则；已开启的年度使用开启时固定的规则，历史结果不会改变。"
        )
        note.setObjectName("Hint")
        note.setWordWrap(True)
        box.addWidget(note)
        self.items = QTableWidget(0, 5)
        self.items.setHorizontalHeaderLabels(["编码", "维度", "积分项目", "分值/次", "年度上限"])
        self.items.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.items.verticalHeader().setVisible(False)
        box.addWidget(QLabel("5A积分项目"))
        box.addWidget(self.items, 2)
        form = QFormLayout()
        self.threshold = QDoubleSpinBox()
        self.threshold.setRange(0.5, 1.0)
        self.threshold.setSingleStep(0.05)
        self.quota = QDoubleSpinBox()
        self.quota.setRange(0.05, 1.0)
        self.quota.setSingleStep(0.05)
        form.addRow("评星：点亮一颗星需达到该星满分的比例：", self.threshold)
        form.addRow("评星：五星支部比例预警线：", self.quota)
        box.addLayout(form)
        self.stars_text = QLabel()
        self.stars_text.setWordWrap(True)
        box.addWidget(self.stars_text)
        self.save_rules = button("保存规则", "content-save-outline", primary=True)
        self.save_rules.clicked.connect(self._save_rules)
        self.save_rules.setVisible(self.admin)
        box.addWidget(self.save_rules, 0, Qt.AlignmentFlag.AlignLeft)
        return w

    def _save_rules(self) -> None:
        five_a = json.loads(settings.five_a_rules(self.ctx.session).to_json())
        for r, item in enumerate(five_a["items"]):
            try:
                item["points"] = float(self.items.item(r, 3).text())
                cap = self.items.item(r, 4).text().strip()
                item.pop("cap", None)
                if cap:
                    item["cap"] = float(cap)
            except ValueError:
                QMessageBox.warning(self, "无法保存", f"第 {r + 1} 行“{item['name']}”的分值或上限不是数字")
                return
        stars = json.loads(settings.star_rules(self.ctx.session).to_json())
        stars = copy.deepcopy(stars)
        stars["threshold_ratio"] = round(self.threshold.value(), 2)
        stars["five_star_quota"] = round(self.quota.value(), 2)
        self.ctx.run(self, settings.put_many, {settings.FIVE_A_RULES: five_a, settings.STAR_RULES: stars})

    # -- backups ---------------------------------------------------------------------------------
    def _backup_tab(self) -> QWidget:
        w = QWidget()
        box = QVBoxLayout(w)
        row = QHBoxLayout()
        self.backup_now = button("立即备份", "content-save-all-outline", primary=True)
        self.restore_button = button("从所选备份恢复", "backup-restore")
        self.restore_file = button("从其他文件恢复…", "file-restore-outline")
        for b in (self.backup_now, self.restore_button, self.restore_file):
            row.addWidget(b)
        row.addStretch(1)
        box.addLayout(row)
        self.backup_now.setVisible(self.ctx.can("backup.make"))
        self.restore_button.setVisible(self.ctx.can("backup.restore"))
        self.restore_file.setVisible(self.ctx.can("backup.restore"))
        note = QLabel("程序在关闭时、数据有变动时每30分钟、以及升级、导入、恢复和开启评星年度之前自动备份；每个备份都经过校验。"
                      "保留今天和昨天的全部备份，以及最近12天、10周、9个月各一份。")  # fmt: skip
        note.setObjectName("Hint")
        note.setWordWrap(True)
        box.addWidget(note)
        self.backup_model = RowsModel(
            [("made", "备份时间"), ("reason", "原因"), ("size", "大小"), ("path", "文件")]
        )
        self.backup_table = Table()
        self.backup_table.setModel(self.backup_model)
        box.addWidget(self.backup_table, 1)
        self.backup_now.clicked.connect(self._backup)
        self.restore_button.clicked.connect(lambda: self._restore(self.backup_table.current_id()))
        self.restore_file.clicked.connect(self._restore_other)
        return w

    def _fill_backups(self) -> None:
        self.backup_model.set_rows([
            {"_id": str(b.path), "made": f"{b.made:%Y-%m-%d %H:%M:%S}", "reason": b.reason_text,
             "size": f"{b.size / 1048576:.1f} MB", "path": str(b.path)}
            for b in backups.listing(self.ctx.session)
        ])  # fmt: skip

    def _backup(self) -> None:
        job_session = self.ctx.job_session()

        def job(progress, cancelled):
            with job_session() as s:
                return backups.make(s)

        run_job(
            self,
            "正在备份并校验……",
            job,
            lambda change: (self.ctx.status.emit(change.summary), self._fill_backups()),
        )

    def _restore(self, path: str | None) -> None:
        if not path:
            QMessageBox.information(self, "请选择", "请先在列表中选择一个备份")
            return
        answer = QMessageBox.question(
            self, "恢复数据", f"用备份“{path}”替换当前全部数据？\n恢复前会先自动备份当前数据。"
        )
        if answer == QMessageBox.StandardButton.Yes and self.ctx.run(self, backups.restore, path):
            QMessageBox.information(self, "恢复完成", "数据已恢复。各页面将重新读取数据。")
            self._fill_backups()

    def _restore_other(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "选择备份文件", str(backups.folder(self.ctx.session)), "数据文件 (*.db)"
        )
        if path:
            self._restore(path)

    # -- audit -----------------------------------------------------------------------------------
    # -- page ------------------------------------------------------------------------------------
    def refresh(self) -> None:
        s = self.ctx.session
        self._fill_backups()
        if self.audit:
            self.audit.refresh()
        if self.org_setup:
            self.org_setup.refresh()
        self.unit.setText(settings.unit_name(s))
        self.issuer.setText(settings.get(s, settings.ISSUER, ""))
        self.recipient.setText(settings.get(s, settings.RECIPIENT, ""))
        self.contact.setText(settings.get(s, settings.OBJECTION_CONTACT, ""))
        self.page_foot.setText(settings.get(s, settings.PAGE_FOOT, ""))
        self.year_closing.refresh()
        self.backup_dir.setText(settings.get(s, settings.BACKUP_DIR) or "")
        self.font.setText(settings.get(s, settings.PDF_FONT) or "")
        chosen = settings.get(s, settings.PDF_FONTS) or {}
        for role, edit in self.part_fonts.items():
            edit.setText(chosen.get(role, ""))
        chosen = settings.get(s, settings.VISIT_POPULATION) or ["在职"]
        for c, cb in self.population.items():
            cb.setChecked(c in chosen)
        if self.ctx.can("user.write"):
            self.user_model.set_rows([
                {"_id": u["id"], "username": u["username"], "display_name": u["display_name"], "role": roles.role_name(u["role"]),
                 "branch": u["branch"] or "", "active": "启用" if u["active"] else "停用",
                 "last_login": u["last_login"] or ""}
                for u in users.list_users(self.ctx.session)
            ])  # fmt: skip
        r = settings.five_a_rules(s)
        self.items.setRowCount(len(r.items))
        for i, it in enumerate(r.items):
            values = (it.code, r.dimension_name(it.dimension), it.name + ("（一票否决）" if it.veto else ""), f"{it.points:g}",
                      "" if it.cap is None else f"{it.cap:g}")  # fmt: skip
            for c, v in enumerate(values):
                cell = QTableWidgetItem(v)
                if c < 3 or not self.admin:
                    cell.setFlags(cell.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.items.setItem(i, c, cell)
        star = settings.star_rules(s)
        self.threshold.setValue(star.threshold_ratio)
        self.quota.setValue(star.five_star_quota)
        self.threshold.setEnabled(self.admin)
        self.quota.setEnabled(self.admin)
        self.stars_text.setText("五星：" + "、".join(f"{st.name}（{st.max_total:g}分）" for st in star.stars)
                                + "；否决事项：" + "、".join(n for _, n in star.vetoes))  # fmt: skip
