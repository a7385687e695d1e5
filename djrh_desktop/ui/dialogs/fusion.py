"""融合发展 register dialogs: 党员先锋阵地 (with its members) and its results, 联合检查 and its 限期整改 items,
整改完成, 党建品牌, 一岗双责责任书 — each a form whose 保存 stays disabled while a field is wrong."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLineEdit, QListWidget, QListWidgetItem, QSpinBox

from ...domain import fusion_registers as rules
from ...domain.errors import ValidationError
from ...domain.fusion_registers import BrandInput, InspectionInput, PostInput, RectificationInput, ResultInput
from ...services import brands, inspections, lists, org, posts
from ..context import AppContext
from ..forms import FormDialog, MemberPicker, combo, date_line, memo, parse_date, text_of


def _day(line: QLineEdit, label: str, required: bool = True) -> str | None:
    day = parse_date(line.text(), label, required)
    return day.isoformat() if day else None


class PostDialog(FormDialog):
    """设立/编辑 a 党员先锋阵地 with its 负责人 and members (joining today posts A3-03 when ticked)."""

    def __init__(self, ctx: AppContext, post_id: int | None = None, parent=None):
        super().__init__("编辑先锋阵地" if post_id else "设立党员先锋阵地", parent)
        self.ctx, self.post_id = ctx, post_id
        self.setMinimumWidth(600)
        p = posts.post_detail(ctx.session, post_id) if post_id else {}
        self.kind = self.add("阵地类型", combo(rules.POST_KINDS, p.get("kind", rules.POST_KINDS[0]), editable=True), required=True)
        self.name = self.add("阵地名称", QLineEdit(p.get("name", "")), required=True)
        self.branch = self.add("党支部", combo(lists.branches(ctx.session), p.get("branch_id", ctx.session.actor.branch_id)),
                               required=True)  # fmt: skip
        self.duty = self.add("责任区域或职责", memo(p.get("duty"), 44))
        self.start = self.add("设立日期", date_line(p.get("start_date") or ctx.today), required=True)
        self.end = self.add("撤销日期", date_line(p.get("end_date")))
        serving = [m for m in p.get("members", []) if not m["left_on"]]
        leads = [(m["member_id"], m["name"]) for m in serving if m["role"] != "成员"]
        self.lead_role = {m["member_id"]: m["role"] for m in serving if m["role"] != "成员"}
        self.leader = self.add("负责人", MemberPicker(ctx.session, False, leads[:1]))
        self.members = self.add("成员", MemberPicker(ctx.session, True, [(m["member_id"], m["name"]) for m in serving
                                                                      if m["role"] == "成员"]))  # fmt: skip
        self.post_points = self.add("积分", QCheckBox(f"新加入的党员登记5A积分（{rules.ASSIGNMENT_ITEM} 参加党员突击队、党员责任区工作）"))
        self.post_points.setChecked(True)

    def post_input(self) -> PostInput:
        return PostInput(text_of(self.kind), self.name.text(), self.branch.currentData(), _day(self.start, "设立日期"),
                         text_of(self.duty), _day(self.end, "撤销日期", False))  # fmt: skip

    def roles(self) -> dict[int, str]:
        kind = text_of(self.kind)
        lead = "队长" if "队" in kind else "组长" if "组" in kind or "团" in kind else "岗长"
        out = {mid: self.lead_role.get(mid, lead) for mid in self.leader.ids()}
        for mid in self.members.ids():
            out.setdefault(mid, "成员")
        return out

    def check(self) -> None:
        if self.branch.currentData() is None:
            raise ValidationError("请选择党支部", "党支部")
        rules.check_post(self.post_input(), self.ctx.today)

    def save(self):
        return self.ctx.run(self, posts.save_post, self.post_input(), self.roles(), self.ctx.today.isoformat(),
                            self.post_points.isChecked(), self.post_id)  # fmt: skip


class ResultDialog(FormDialog):
    """登记阵地成效: what and how many (the unit follows the measure), and whose A3 item it posts."""

    def __init__(self, ctx: AppContext, post_id: int, parent=None):
        self.post = posts.post_detail(ctx.session, post_id)
        super().__init__(f"登记成效 — {self.post['name']}", parent)
        self.ctx = ctx
        self.date = self.add("日期", date_line(ctx.today), required=True)
        self.measure = self.add("成效事项", combo(list(rules.RESULT_MEASURES), editable=True), required=True)
        self.quantity = self.add("数量", QSpinBox(), required=True)
        self.quantity.setRange(1, 100000)
        self.unit = self.add("单位", QLineEdit(rules.RESULT_MEASURES[next(iter(rules.RESULT_MEASURES))]))
        self.measure.currentTextChanged.connect(lambda t: self.unit.setText(rules.RESULT_MEASURES.get(t, self.unit.text())))
        self.note = self.add("说明", memo(None, 44))
        self.credit = QListWidget()
        self.credit.setMaximumHeight(110)
        for m in self.post["members"]:
            if not m["left_on"]:
                item = QListWidgetItem(f"{m['name']}（{m['role']}）")
                item.setData(Qt.ItemDataRole.UserRole, m["member_id"])
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Unchecked)
                self.credit.addItem(item)
        self.add("为其登记积分", self.credit)
        self.item = self.add("积分项目", combo([("A3-03 参加党员突击队、党员责任区工作", "A3-03"), ("A3-01 完成急难险重攻坚任务", "A3-01")]))

    def result_input(self) -> ResultInput:
        chosen = [self.credit.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.credit.count())
                  if self.credit.item(i).checkState() == Qt.CheckState.Checked]  # fmt: skip
        return ResultInput(self.post["id"], _day(self.date, "日期"), text_of(self.measure), self.quantity.value(),
                           self.unit.text(), text_of(self.note), chosen, self.item.currentData())  # fmt: skip

    def check(self) -> None:
        rules.check_result(self.result_input(), self.post, self.ctx.today)

    def save(self):
        return self.ctx.run(self, posts.record_result, self.result_input())


class InspectionDialog(FormDialog):
    """登记检查: date, kind, inspectors, the branches checked and the findings on both sides."""

    def __init__(self, ctx: AppContext, inspection_id: int | None = None, parent=None):
        super().__init__("编辑检查记录" if inspection_id else "登记党建与业务检查", parent)
        self.ctx, self.inspection_id = ctx, inspection_id
        self.setMinimumWidth(620)
        i = inspections.inspection_detail(ctx.session, inspection_id) if inspection_id else {}
        self.date = self.add("检查日期", date_line(i.get("date") or ctx.today), required=True)
        self.kind = self.add("检查类型", combo(rules.INSPECTION_KINDS, i.get("kind", rules.INSPECTION_KINDS[0])), required=True)
        self.inspectors = self.add("检查人员", QLineEdit(i.get("inspectors", "")), required=True)
        self.branches = QListWidget()
        self.branches.setMaximumHeight(140)
        for name, bid in lists.branches(ctx.session):
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, bid)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if bid in i.get("branch_ids", []) else Qt.CheckState.Unchecked)
            self.branches.addItem(item)
        self.add("被检查支部", self.branches, required=True)
        self.branches.itemChanged.connect(self._timer.start)
        self.party = self.add("党建方面", memo(i.get("party_findings"), 60))
        self.business = self.add("业务方面", memo(i.get("business_findings"), 60))

    def inspection_input(self) -> InspectionInput:
        ids = [self.branches.item(k).data(Qt.ItemDataRole.UserRole) for k in range(self.branches.count())
               if self.branches.item(k).checkState() == Qt.CheckState.Checked]  # fmt: skip
        return InspectionInput(_day(self.date, "检查日期"), self.kind.currentData(), self.inspectors.text(), ids,
                               text_of(self.party), text_of(self.business))  # fmt: skip

    def check(self) -> None:
        rules.check_inspection(self.inspection_input(), self.ctx.today)

    def save(self):
        if self.inspection_id:
            return self.ctx.run(self, inspections.update_inspection, self.inspection_id, self.inspection_input())
        return self.ctx.run(self, inspections.record_inspection, self.inspection_input())


class RectificationDialog(FormDialog):
    """添加限期整改事项 for a branch the inspection checked."""

    def __init__(self, ctx: AppContext, inspection_id: int, parent=None):
        self.inspection = inspections.inspection_detail(ctx.session, inspection_id)
        super().__init__(f"限期整改 — {self.inspection['date']}{self.inspection['kind']}", parent)
        self.ctx = ctx
        checked = [(lists.org_name(ctx.session, b), b) for b in self.inspection["branch_ids"]]
        self.branch = self.add("整改支部", combo(checked), required=True)
        self.side = self.add("问题类别", combo(rules.SIDES), required=True)
        self.issue = self.add("问题及整改要求", memo(None, 60), required=True)
        self.owner = self.add("责任人", QLineEdit(), required=True)
        self.due = self.add("整改期限", date_line(), required=True)

    def item_input(self) -> RectificationInput:
        return RectificationInput(self.inspection["id"], self.branch.currentData(), self.side.currentData(), text_of(self.issue),
                                  self.owner.text(), _day(self.due, "整改期限"))  # fmt: skip

    def check(self) -> None:
        rules.check_rectification(self.item_input(), self.inspection)

    def save(self):
        return self.ctx.run(self, inspections.add_rectification, self.item_input())


class CloseItemDialog(FormDialog):
    """整改完成: the date and what was done."""

    def __init__(self, ctx: AppContext, item_id: int, parent=None):
        super().__init__("整改完成", parent)
        self.ctx, self.item_id = ctx, item_id
        self.day = self.add("完成日期", date_line(ctx.today), required=True)
        self.note = self.add("整改情况", memo(None, 60), required=True)

    def check(self) -> None:
        _day(self.day, "完成日期")
        if not text_of(self.note):
            raise ValidationError("请写明整改情况", "整改情况")

    def save(self):
        return self.ctx.run(self, inspections.close_rectification, self.item_id, _day(self.day, "完成日期"), text_of(self.note))


class BrandDialog(FormDialog):
    def __init__(self, ctx: AppContext, brand: dict | None = None, parent=None):
        super().__init__("编辑党建品牌" if brand else "新增党建品牌", parent)
        self.ctx, self.brand_id = ctx, brand["id"] if brand else None
        brand = brand or {}
        root = org.root_org(ctx.session)
        owners = ([(f"{lists.org_name(ctx.session, root)}（单位品牌）", root)] if ctx.can("project.review") else []) + lists.branches(ctx.session)
        self.owner = self.add("所属组织", combo(owners, brand.get("org_id", ctx.session.actor.branch_id or root)), required=True)
        self.name = self.add("品牌名称", QLineEdit(brand.get("name", "")), required=True)
        self.description = self.add("品牌内涵", memo(brand.get("description"), 60))
        self.level = self.add("认定层级", combo([("未认定", None), *[(x, x) for x in rules.BRAND_LEVELS]], brand.get("level")))
        self.recognized = self.add("认定日期", date_line(brand.get("recognized_on")))

    def brand_input(self) -> BrandInput:
        return BrandInput(self.owner.currentData(), self.name.text(), text_of(self.description), self.level.currentData(),
                          _day(self.recognized, "认定日期", False))  # fmt: skip

    def check(self) -> None:
        rules.check_brand(self.brand_input(), self.ctx.today)

    def save(self):
        return self.ctx.run(self, brands.save_brand, self.brand_input(), self.brand_id)


class PledgeDialog(FormDialog):
    """登记一岗双责责任书: who signed and when."""

    def __init__(self, ctx: AppContext, year: int, people: list[dict], parent=None):
        super().__init__(f"{year}年一岗双责责任书", parent)
        self.ctx, self.year = ctx, year
        unsigned = [(f"{p['name']}（{p['post']}）", p["member_id"]) for p in people if not p["signed_on"]]
        self.who = self.add("签订人", combo(unsigned or [(f"{p['name']}（{p['post']}）", p["member_id"]) for p in people]),
                            required=True)  # fmt: skip
        self.day = self.add("签订日期", date_line(ctx.today), required=True)

    def check(self) -> None:
        if self.who.currentData() is None:
            raise ValidationError("尚未设置党委班子成员（在“组织设置”中设置）", "签订人")
        _day(self.day, "签订日期")

    def save(self):
        return self.ctx.run(self, brands.sign_pledge, self.year, self.who.currentData(), _day(self.day, "签订日期"))
