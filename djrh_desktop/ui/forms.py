"""Dialog forms that validate as the user types: the field at fault is marked, the reason is shown in
Chinese under the form, and OK stays disabled until the input is valid. Saving goes through a service;
if the service refuses, the dialog stays open with the message."""

from __future__ import annotations

import datetime as dt
import re

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ..domain.errors import DjrhError, ValidationError
from ..services import lists
from ..services.session import Session
from .icons import icon as make_icon

_DATE = re.compile(r"^\s*(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?\s*$")


def parse_date(text: str, label: str, required: bool = True) -> dt.date | None:
    """Dates as typed: 2026-11-23, 2026.11.23, 2026/11/23 or 2026年11月23日."""
    text = (text or "").strip()
    if not text:
        if required:
            raise ValidationError("不能为空", label)
        return None
    m = _DATE.match(text) or (re.match(r"^(\d{4})(\d{2})(\d{2})$", text))
    if not m:
        raise ValidationError(f"“{text}”不是日期，请按 2026-11-23 的格式填写", label)
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        raise ValidationError(f"“{text}”不是有效日期", label) from None


def text_of(widget) -> str:
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText().strip()
    if isinstance(widget, QComboBox):
        return widget.currentText().strip()
    return widget.text().strip()


def date_line(value: str | dt.date | None = None) -> QLineEdit:
    edit = QLineEdit(value.isoformat() if isinstance(value, dt.date) else (value or ""))
    edit.setPlaceholderText("如 2026-11-23")
    edit.setMaximumWidth(160)
    return edit


def combo(items, current=None, editable: bool = False) -> QComboBox:
    """items: strings, or (text, data) pairs."""
    box = QComboBox()
    box.setEditable(editable)
    for it in items:
        text, data = it if isinstance(it, tuple) else (it, it)
        box.addItem(text, data)
    if current is not None:
        i = box.findData(current)
        if i >= 0:
            box.setCurrentIndex(i)
        elif editable:
            box.setEditText(str(current))
    return box


def not_visible(widget) -> None:
    """A field the signed-in role may not see: empty, read-only, saying so. The service keeps the
    stored value of such a field on save, so nothing here is ever written back."""
    if hasattr(widget, "setPlainText"):
        widget.setPlainText("")
    else:
        widget.setText("")
    widget.setReadOnly(True)
    widget.setPlaceholderText("无权查看（保存时保持原内容不变）")
    widget.setToolTip("当前用户的角色无权查看此项；保存其他修改时，此项保持原内容不变")


def hide_fields(record: dict, widgets: dict) -> None:
    """Mark every field the view says is hidden (record['_hidden']) as not visible."""
    for name in record.get("_hidden", ()):
        if name in widgets:
            not_visible(widgets[name])


def memo(text: str | None = None, height: int = 70) -> QPlainTextEdit:
    edit = QPlainTextEdit(text or "")
    edit.setFixedHeight(height)
    edit.setTabChangesFocus(True)
    return edit


class FormDialog(QDialog):
    """Subclasses add fields with add(), implement check() (raise ValidationError) and save()
    (call the service through ctx.run, return the Change or None)."""

    def __init__(self, title: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        self.fields: dict[str, QWidget] = {}
        outer = QVBoxLayout(self)
        # The form scrolls: long forms (talks, visits) must fit an 800-pixel-high screen.
        body = QWidget()
        self.form = QFormLayout(body)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll.setWidget(body)
        outer.addWidget(self.scroll, 1)
        self.error = QLabel()
        self.error.setObjectName("FieldError")
        self.error.setWordWrap(True)
        outer.addWidget(self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("保存")
        self.ok.setObjectName("Primary")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)
        self._timer = QTimer(self, singleShot=True, interval=0)
        self._timer.timeout.connect(self.revalidate)

    def add(self, label: str, widget: QWidget, required: bool = False) -> QWidget:
        self.fields[label] = widget
        self.form.addRow(("* " if required else "") + label + "：", widget)
        for signal in ("textChanged", "currentIndexChanged", "currentTextChanged", "toggled", "changed"):
            if hasattr(widget, signal):
                getattr(widget, signal).connect(self._timer.start)
        return widget

    def add_row(self, label: str, widget: QWidget) -> None:
        self.form.addRow(label, widget)

    def showEvent(self, event):
        super().showEvent(event)
        screen = self.screen().availableGeometry() if self.screen() else None
        wanted = self.scroll.widget().sizeHint().height() + 120
        if screen is not None:
            self.resize(max(self.width(), self.minimumWidth()), min(wanted, int(screen.height() * 0.9)))
        self.revalidate()

    def check(self) -> None:  # raise ValidationError
        return None

    def save(self):
        """Subclasses call their service here and return its Change (None keeps the dialog open)."""
        return None

    def revalidate(self) -> bool:
        for w in self.fields.values():
            if w.property("invalid"):
                w.setProperty("invalid", False)
                w.style().unpolish(w)
                w.style().polish(w)
        try:
            self.check()
        except ValidationError as exc:
            self._mark(exc.field)
            self.error.setText(str(exc))
            self.ok.setEnabled(False)
            return False
        except DjrhError as exc:
            self.error.setText(str(exc))
            self.ok.setEnabled(False)
            return False
        self.error.setText("")
        self.ok.setEnabled(True)
        return True

    def _mark(self, field: str | None) -> None:
        widget = self.fields.get(field or "")
        if widget is not None:
            widget.setProperty("invalid", True)
            widget.style().unpolish(widget)
            widget.style().polish(widget)
            widget.setToolTip(self.error.text())

    def _save(self) -> None:
        if not self.revalidate():
            return
        change = self.save()
        if change is not None:
            self.result_change = change
            self.accept()


class _SearchLine(QLineEdit):
    """Enter picks the first match and stops there: it must not also press the dialog's OK."""

    def keyPressEvent(self, event):
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.returnPressed.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class MemberPicker(QWidget):
    """Choose members by typing a name, pinyin initials or ID; several when multi=True."""

    changed = Signal()

    def __init__(
        self, session: Session, multi: bool = True, chosen: list[tuple[int, str]] | None = None, parent=None
    ):
        super().__init__(parent)
        self.session, self.multi = session, multi
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.search = _SearchLine()
        self.search.setPlaceholderText("输入姓名、拼音首字母或身份证号查找")
        row.addWidget(self.search)
        layout.addLayout(row)
        self.results = QListWidget()
        self.results.setMaximumHeight(110)
        self.results.hide()
        layout.addWidget(self.results)
        self.chosen = QListWidget()
        self.chosen.setMaximumHeight(70 if multi else 34)
        layout.addWidget(self.chosen)
        hint = QLabel("双击已选人员可移除" if multi else "")
        hint.setObjectName("Hint")
        if multi:
            layout.addWidget(hint)
        self.search.textChanged.connect(self._find)
        self.search.returnPressed.connect(self._take_first)
        self.results.itemActivated.connect(self._take)
        self.results.itemClicked.connect(self._take)
        self.chosen.itemDoubleClicked.connect(self._drop)
        for mid, name in chosen or []:
            self._add(mid, name)

    def _find(self, text: str) -> None:
        self.results.clear()
        if not text.strip():
            self.results.hide()
            return
        for mid, name, branch in lists.member_choices(self.session, text.strip(), 30):
            item = QListWidgetItem(f"{name}（{branch}）")
            item.setData(Qt.ItemDataRole.UserRole, (mid, name))
            self.results.addItem(item)
        self.results.setVisible(self.results.count() > 0)

    def _take_first(self) -> None:
        if self.results.count():
            self._take(self.results.item(0))

    def _take(self, item: QListWidgetItem) -> None:
        mid, name = item.data(Qt.ItemDataRole.UserRole)
        self._add(mid, name)
        self.search.clear()

    def _add(self, mid: int, name: str) -> None:
        if mid in self.ids():
            return
        if not self.multi:
            self.chosen.clear()
        item = QListWidgetItem(name)
        item.setData(Qt.ItemDataRole.UserRole, mid)
        self.chosen.addItem(item)
        self.changed.emit()

    def _drop(self, item: QListWidgetItem) -> None:
        self.chosen.takeItem(self.chosen.row(item))
        self.changed.emit()

    def ids(self) -> list[int]:
        return [self.chosen.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.chosen.count())]

    def set_members(self, members: list[tuple[int, str]]) -> None:
        self.chosen.clear()
        for mid, name in members:
            self._add(mid, name)


def button(text: str, icon: str | None = None, primary: bool = False) -> QPushButton:
    b = QPushButton(text)
    if icon:
        b.setIcon(make_icon(icon, "#ffffff" if primary else "#3b4f63"))
    if primary:
        b.setObjectName("Primary")
    return b
