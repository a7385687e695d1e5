"""党员 dialogs: add/edit with validation as the user types, status change, and a member's record."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QTabWidget, QVBoxLayout

from ...domain import members as rules
from ...domain.errors import ValidationError
from ...domain.members import MemberInput
from ...services import lists, org, points
from .. import window_state
from ..context import AppContext
from ..forms import FormDialog, combo, date_line, hide_fields, memo, parse_date, text_of
from ..table import ListModel, Table


class MemberDialog(FormDialog):
    def __init__(
        self, ctx: AppContext, member_id: int | None = None, branch_id: int | None = None, parent=None
    ):
        super().__init__("编辑党员" if member_id else "新增党员", parent)
        self.ctx, self.member_id = ctx, member_id
        row = org.get_member(ctx.session, member_id) if member_id else {}
        branches = lists.branches(ctx.session)
        depts = [("（无）", None)] + lists.departments(ctx.session)
        self.name = self.add("姓名", _line(row.get("name")), required=True)
        self.gender = self.add("性别", combo(rules.GENDERS, row.get("gender", "男")), required=True)
        self.id_number = self.add(
            "公民身份号码", _line(row.get("id_number"), "18位，可不填；填写后自动核对出生日期和性别")
        )
        self.ethnicity = self.add("民族", _line(row.get("ethnicity", "汉族")))
        self.birth = self.add("出生日期", date_line(row.get("birth_date")))
        self.education = self.add(
            "学历", combo([("（未填）", None)] + list(rules.EDUCATION), row.get("education"))
        )
        self.branch = self.add("所在支部", combo(branches, row.get("branch_id", branch_id)), required=True)
        self.department = self.add("所在部门", combo(depts, row.get("department_id")))
        self.post = self.add("职务", _line(row.get("post")))
        self.status_ = self.add(
            "党员身份", combo(rules.PARTY_STATUS, row.get("party_status", "正式党员")), required=True
        )
        self.join = self.add("入党日期", date_line(row.get("join_date")))
        self.full = self.add("转正日期", date_line(row.get("full_date")))
        self.category = self.add(
            "人员类别", combo(rules.CATEGORIES, row.get("category", "在职")), required=True
        )
        self.phone = self.add("联系电话", _line(row.get("phone")))
        self.note = self.add("备注", memo(row.get("note"), 50))
        hide_fields(row, {"id_number": self.id_number})

    def member_input(self) -> MemberInput:
        d = lambda w, label: parse_date(w.text(), label, required=False)  # noqa: E731
        birth, join, full = d(self.birth, "出生日期"), d(self.join, "入党日期"), d(self.full, "转正日期")
        return MemberInput(
            name=self.name.text(), gender=self.gender.currentData(), branch_id=self.branch.currentData(),
            ethnicity=self.ethnicity.text(), birth_date=birth and birth.isoformat(),
            id_number=self.id_number.text().strip() or None, education=self.education.currentData(),
            join_date=join and join.isoformat(), full_date=full and full.isoformat(),
            party_status=self.status_.currentData(), category=self.category.currentData(), post=self.post.text(),
            department_id=self.department.currentData(), phone=self.phone.text(), note=text_of(self.note),
        )  # fmt: skip

    def check(self) -> None:
        m = self.member_input()
        if m.branch_id is None:
            raise ValidationError("请选择支部", "所在支部")
        rules.validate_member(m, self.ctx.today)

    def save(self):
        m = self.member_input()
        if self.member_id:
            return self.ctx.run(self, org.update_member, self.member_id, m)
        return self.ctx.run(self, org.add_member, m)


def _line(value=None, hint: str = ""):
    edit = QLineEdit(value or "")
    edit.setPlaceholderText(hint)
    return edit


class StatusDialog(FormDialog):
    def __init__(self, ctx: AppContext, member_id: int, parent=None):
        super().__init__("变更党员状态", parent)
        self.ctx, self.member_id = ctx, member_id
        m = org.get_member(ctx.session, member_id)
        self.add_row("党员：", QLabel(f"{m['name']}（当前：{m['status']}）"))
        self.status = self.add(
            "新状态", combo([s for s in rules.STATUSES if s != m["status"]]), required=True
        )
        self.date = self.add("变更日期", date_line(ctx.today), required=True)
        self.reason = self.add("原因", memo(height=50))

    def check(self):
        day = parse_date(self.date.text(), "变更日期")
        if day > self.ctx.today:
            raise ValidationError("不能晚于今天", "变更日期")

    def save(self):
        day = parse_date(self.date.text(), "变更日期")
        return self.ctx.run(self, org.change_status, self.member_id, self.status.currentData(), day.isoformat(),
                            text_of(self.reason))  # fmt: skip


class MemberRecordDialog(QDialog):
    """A member's page: their points this year, talks, visits and meetings."""

    def __init__(self, ctx: AppContext, member_id: int, parent=None):
        super().__init__(parent)
        m = org.get_member(ctx.session, member_id)
        self.setWindowTitle(f"党员档案 — {m['name']}")
        window_state.fit(self, 980, 620, centre=False)
        box = QVBoxLayout(self)
        year = ctx.year
        score = next(
            (
                s
                for s in points.year_scores(ctx.session, year, ctx.today, m["branch_id"])
                if s.member_id == member_id
            ),
            None,
        )
        summary = f"{m['name']}　{m['gender']}　{m['party_status']}　{m['status']}　入党日期 {m['join_date'] or '未填'}"
        if score:
            dims = "　".join(f"{code} {v:g}" for code, v in score.score.dimensions.items())
            summary += f"\n{year}年度积分：{score.score.total:g} 分（{score.score.grade}{'，5A党员' if score.score.five_a else ''}）　{dims}"
        label = QLabel(summary)
        box.addWidget(label)
        tabs = QTabWidget()
        for title, spec, filters in (
            (f"{year}年度积分", lists.LEDGER, {"member_id": member_id, "year": year}),
            ("谈心谈话", lists.TALKS, {"member_id": member_id}),
            ("廉政家访", lists.VISITS, {"member_id": member_id}),
            ("三会一课", lists.MEETINGS, {"member_id": member_id}),
        ):
            table = Table()
            table.setModel(ListModel(ctx.session, spec, filters, table))
            tabs.addTab(table, title)
        box.addWidget(tabs, 1)
        self.tabs = tabs
