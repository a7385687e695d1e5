"""廉政家访 dialog: every field of PRODUCT.md 2.5."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QGridLayout, QLineEdit, QWidget

from ...domain import visits as rules
from ...domain.errors import ValidationError
from ...services import lists, visits
from ...services.visits import VisitInput
from ..context import AppContext
from ..forms import FormDialog, MemberPicker, combo, date_line, hide_fields, memo, parse_date, text_of


def checks(options, chosen) -> tuple[QWidget, dict[str, QCheckBox]]:
    w = QWidget()
    grid = QGridLayout(w)
    grid.setContentsMargins(0, 0, 0, 0)
    boxes = {}
    for i, opt in enumerate(options):
        cb = QCheckBox(opt)
        cb.setChecked(opt in chosen)
        grid.addWidget(cb, i // 3, i % 3)
        boxes[opt] = cb
    return w, boxes


class VisitDialog(FormDialog):
    def __init__(self, ctx: AppContext, visit_id: int | None = None, parent=None):
        super().__init__("编辑家访记录" if visit_id else "新增家访记录", parent)
        self.ctx, self.visit_id = ctx, visit_id
        self.setMinimumWidth(640)
        v = visits.get_visit(ctx.session, visit_id) if visit_id else {}
        shown = [v["member_id"], *v["visitors"]] if visit_id else []
        name = {i: n for i, (n, _b) in lists.member_labels(ctx.session, shown).items()}
        me = ctx.session.actor
        self.date = self.add("家访日期", date_line(v.get("date", ctx.today)), required=True)
        member = [(v["member_id"], name.get(v["member_id"], ""))] if v else []
        self.member = self.add("被家访党员", MemberPicker(ctx.session, False, member), required=True)
        visitors = [(m, name.get(m, "")) for m in v.get("visitors", [])] or (
            [(me.member_id, me.display_name)] if me.member_id else []
        )
        self.visitors = self.add("家访人", MemberPicker(ctx.session, True, visitors), required=True)
        self.family = self.add(
            "在场家属", QLineEdit("；".join(f"{n}（{r}）" for n, r in v.get("family", [])))
        )
        self.family.setPlaceholderText("如：刘梅（配偶）；张小明（子女）")
        self.address = self.add("家庭住址", QLineEdit(v.get("address") or ""))
        w, self.asks = checks(rules.FIVE_ASKS, v.get("asks", list(rules.FIVE_ASKS)))
        self.add("“五过问”", w)
        self.content = self.add("廉政教育内容", memo(v.get("content")))
        self.situation = self.add("家庭情况（五清）", memo(v.get("family_situation"), 50))
        w, self.materials = checks(rules.MATERIALS, v.get("materials", ["廉政提醒信"]))
        self.add("送达材料", w)
        self.pledge = self.add("签订承诺书", QCheckBox("已签订《家庭助廉承诺书》"))
        self.pledge.setChecked(bool(v.get("pledge_signed")))
        self.pledge_date = self.add("签订日期", date_line(v.get("pledge_date")))
        self.difficulties = self.add("困难诉求", memo(v.get("difficulties"), 50))
        self.help = self.add("帮扶措施", memo(v.get("help_measures"), 50))
        self.revisit = self.add("回访状态", combo(rules.RETURN_VISIT, v.get("revisit_status", "无需回访")))
        self.revisit_due = self.add("回访期限", date_line(v.get("revisit_due")))
        self.recorder = self.add("记录人", QLineEdit(v.get("recorder") or me.display_name or ""))
        for cb in list(self.asks.values()) + list(self.materials.values()):
            cb.toggled.connect(self._timer.start)
        hide_fields(v, {"address": self.address})

    def family_pairs(self) -> list[tuple[str, str]]:
        out = []
        for part in self.family.text().replace(";", "；").split("；"):
            part = part.strip()
            if not part:
                continue
            if "（" in part and part.endswith("）"):
                n, r = part[:-1].split("（", 1)
            elif "(" in part and part.endswith(")"):
                n, r = part[:-1].split("(", 1)
            else:
                raise ValidationError(f"“{part}”请写成 姓名（关系）", "在场家属")
            out.append((n.strip(), r.strip()))
        return out

    def visit_input(self) -> VisitInput:
        day = parse_date(self.date.text(), "家访日期")
        ids = self.member.ids()
        pledge = parse_date(self.pledge_date.text(), "签订日期", required=False)
        due = parse_date(self.revisit_due.text(), "回访期限", required=False)
        return VisitInput(
            date=day.isoformat(), member_id=ids[0] if ids else 0, visitors=self.visitors.ids(),
            family=self.family_pairs(), address=self.address.text(),
            asks=[a for a, cb in self.asks.items() if cb.isChecked()], content=text_of(self.content),
            family_situation=text_of(self.situation),
            materials=[m for m, cb in self.materials.items() if cb.isChecked()],
            pledge_signed=self.pledge.isChecked(), pledge_date=pledge and pledge.isoformat(),
            difficulties=text_of(self.difficulties), help_measures=text_of(self.help),
            revisit_due=due and due.isoformat(), revisit_status=self.revisit.currentData(), recorder=self.recorder.text(),
        )  # fmt: skip

    def check(self) -> None:
        v = self.visit_input()
        if v.date > self.ctx.today.isoformat():
            raise ValidationError("不能晚于今天", "家访日期")
        if not v.member_id:
            raise ValidationError("请选择被家访的党员", "被家访党员")
        if not v.visitors:
            raise ValidationError("请至少选择一名家访人", "家访人")
        if v.pledge_date and not v.pledge_signed:
            raise ValidationError("未签订承诺书时不应填写签订日期", "签订日期")
        if v.revisit_status == "待回访" and not v.revisit_due:
            raise ValidationError("待回访的家访须填写回访期限", "回访期限")

    def save(self):
        if self.visit_id:
            return self.ctx.run(self, visits.update_visit, self.visit_id, self.visit_input())
        return self.ctx.run(self, visits.record_visit, self.visit_input())
