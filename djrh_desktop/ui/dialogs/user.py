"""User dialogs: create a user, change a password."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit

from ...domain import roles
from ...domain.errors import ValidationError
from ...services import lists, users
from ...services.passwords import check_strength
from ..context import AppContext
from ..forms import FormDialog, combo


def check_new_password(password: QLineEdit, again: QLineEdit, label: str, again_label: str) -> None:
    """A new password must be strong enough and typed the same twice."""
    weak = check_strength(password.text())
    if weak:
        raise ValidationError(weak, label)
    if again.text() != password.text():
        raise ValidationError("两次输入的密码不一致", again_label)


def password_line() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class UserDialog(FormDialog):
    def __init__(self, ctx: AppContext, parent=None):
        super().__init__("新增用户", parent)
        self.ctx = ctx
        self.username = self.add("用户名", QLineEdit(), required=True)
        self.display = self.add("姓名", QLineEdit())
        self.role = self.add(
            "角色",
            combo([(name, key) for key, name in roles.ROLE_NAMES.items()], roles.OFFICER),
            required=True,
        )
        self.branch = self.add("所在支部", combo([("（不限）", None)] + lists.branches(ctx.session)))
        self.password = self.add("密码", password_line(), required=True)
        self.again = self.add("确认密码", password_line(), required=True)

    def check(self):
        if not self.username.text().strip() or " " in self.username.text().strip():
            raise ValidationError("不能为空、不能含空格", "用户名")
        if self.role.currentData() == roles.SECRETARY and self.branch.currentData() is None:
            raise ValidationError("支部书记必须指定所在支部", "所在支部")
        check_new_password(self.password, self.again, "密码", "确认密码")

    def save(self):
        return self.ctx.run(self, users.create_user, self.username.text(), self.password.text(), self.role.currentData(),
                            self.display.text(), self.branch.currentData())  # fmt: skip


class PasswordDialog(FormDialog):
    def __init__(self, ctx: AppContext, user_id: int, own: bool, parent=None):
        super().__init__("修改密码", parent)
        self.ctx, self.user_id, self.own = ctx, user_id, own
        self.old = self.add("原密码", password_line(), required=True) if own else None
        self.new = self.add("新密码", password_line(), required=True)
        self.again = self.add("确认新密码", password_line(), required=True)

    def check(self):
        check_new_password(self.new, self.again, "新密码", "确认新密码")

    def save(self):
        old = self.old.text() if self.old else None
        return self.ctx.run(self, users.change_password, self.user_id, self.new.text(), old)
