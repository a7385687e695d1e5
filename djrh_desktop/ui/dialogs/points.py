"""5A积分 dialogs: posting one item to one or many members, and reversing (冲销) an entry."""

from __future__ import annotations

from PySide6.QtWidgets import QDoubleSpinBox, QLabel, QLineEdit

from ...domain.errors import ValidationError
from ...services import points
from ...services.points import Posting
from ..context import AppContext
from ..forms import FormDialog, MemberPicker, combo, date_line, memo, parse_date, text_of


class PostDialog(FormDialog):
    def __init__(self, ctx: AppContext, members: list[tuple[int, str]] | None = None, parent=None):
        super().__init__("登记积分", parent)
        self.ctx = ctx
        self.setMinimumWidth(600)
        r = points.year_rules(ctx.session, ctx.today.year)
        items = [(f"{i.code}　{r.dimension_name(i.dimension)}｜{i.name}（{i.points:+g}/次" + (f"，年度上限{i.cap:g}" if i.cap else "") + "）", i.code)
                 for i in r.items]  # fmt: skip
        self.members = self.add("党员", MemberPicker(ctx.session, True, members or []), required=True)
        self.item = self.add("积分项目", combo(items), required=True)
        self.date = self.add("日期", date_line(ctx.today), required=True)
        self.quantity = QDoubleSpinBox()
        self.quantity.setRange(0.5, 100)
        self.quantity.setDecimals(1)
        self.quantity.setValue(1)
        self.add("次数", self.quantity, required=True)
        self.note = self.add("备注", QLineEdit())
        self.evidence = self.add("佐证材料", memo(height=44))
        hint = QLabel("可一次选择多名党员（如主题党日全体参加人员），全部登记成功或全部不登记。")
        hint.setObjectName("Hint")
        hint.setWordWrap(True)
        self.add_row("", hint)

    def posting(self) -> Posting:
        day = parse_date(self.date.text(), "日期")
        return Posting(
            self.item.currentData(),
            day.isoformat(),
            self.quantity.value(),
            self.note.text(),
            text_of(self.evidence),
        )

    def check(self) -> None:
        p = self.posting()
        if p.date > self.ctx.today.isoformat():
            raise ValidationError("不能晚于今天", "日期")
        if not self.members.ids():
            raise ValidationError("请至少选择一名党员", "党员")

    def save(self):
        return self.ctx.run(self, points.batch_post, self.members.ids(), self.posting())


class ReverseDialog(FormDialog):
    def __init__(self, ctx: AppContext, entry_id: int, parent=None):
        super().__init__("冲销积分记录", parent)
        self.ctx, self.entry_id = ctx, entry_id
        e = points.get_entry(ctx.session, entry_id)
        self.add_row(
            "被冲销记录：", QLabel(f"第 {entry_id} 条　{e['date']}　{e['member']}　{e['item']}　{e['points']:+g} 分")
        )
        self.reason = self.add("冲销原因", QLineEdit(), required=True)
        note = QLabel("台账只增不改：冲销会追加一条相反的记录，原记录保留。")
        note.setObjectName("Hint")
        self.add_row("", note)

    def check(self) -> None:
        if not self.reason.text().strip():
            raise ValidationError("请填写冲销原因", "冲销原因")

    def save(self):
        return self.ctx.run(self, points.reverse, self.entry_id, self.reason.text())
