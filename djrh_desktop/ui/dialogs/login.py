"""Signing in, and the first-run wizard that creates the data file's unit and administrator."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit

from ...domain.errors import AuthError, DjrhError, ValidationError
from ...services import setup, users
from ..forms import FormDialog
from .user import check_new_password, password_line


class LoginDialog(FormDialog):
    def __init__(self, db, unit: str, username: str = "", parent=None):
        super().__init__("登录 — 党建融合桌面", parent)
        self.db = db
        self.session = None
        self.setMinimumWidth(400)
        self.form.addRow("", QLabel(f"<b>{unit}</b>"))
        self.username = self.add("用户名", QLineEdit(username), required=True)
        self.password = self.add("密码", password_line(), required=True)
        self.ok.setText("登录")
        (self.password if username else self.username).setFocus()

    def check(self):
        if not self.username.text().strip():
            raise ValidationError("请输入用户名", "用户名")
        if not self.password.text():
            raise ValidationError("请输入密码", "密码")

    def save(self):
        try:
            self.session = users.sign_in(self.db, self.username.text(), self.password.text())
        except AuthError as exc:
            self.error.setText(str(exc))
            self.password.clear()
            return None
        return self.session


class SetupWizard(FormDialog):
    """First run with no data: the unit's name and the administrator's password."""

    def __init__(self, db, parent=None):
        super().__init__("首次使用 — 创建数据文件", parent)
        self.db = db
        intro = QLabel(
            "欢迎使用党建融合桌面。请填写单位名称，并为系统管理员设置密码（至少8位，含字母和数字）。"
        )
        intro.setWordWrap(True)
        self.form.addRow(intro)
        self.unit = self.add("单位名称", QLineEdit(), required=True)
        self.unit.setPlaceholderText("如：北山监狱、云溪县财政局")
        self.username = self.add("管理员用户名", QLineEdit("admin"), required=True)
        self.password = self.add("管理员密码", password_line(), required=True)
        self.again = self.add("确认密码", password_line(), required=True)
        self.ok.setText("创建")

    def check(self):
        if not self.unit.text().strip():
            raise ValidationError("不能为空", "单位名称")
        if not self.username.text().strip():
            raise ValidationError("不能为空", "管理员用户名")
        check_new_password(self.password, self.again, "管理员密码", "确认密码")

    def save(self):
        try:
            setup.initialise(self.db, self.unit.text(), self.username.text().strip(), self.password.text())
        except DjrhError as exc:
            self.error.setText(str(exc))
            return None
        return True
