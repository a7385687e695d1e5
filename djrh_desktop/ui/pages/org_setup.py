"""系统设置 — 组织机构: renaming organisations, departments, each organisation's committee, and the 党委
班子成员's 分管部门 (without which talk coverage cannot be judged)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...domain.members import COMMITTEE_POSTS
from ...services import lists, org
from ..context import AppContext
from ..forms import MemberPicker, button, date_line, parse_date


class AppointDialog(QDialog):
    """Choose the member who takes a committee post, and from when."""

    def __init__(self, ctx: AppContext, org_name: str, post: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(f"任命{org_name}{post}")
        self.setMinimumWidth(460)
        box = QVBoxLayout(self)
        box.addWidget(QLabel(f"{org_name}　{post}"))
        self.member = MemberPicker(ctx.session, False)
        box.addWidget(self.member)
        row = QHBoxLayout()
        row.addWidget(QLabel("任职日期："))
        self.start = date_line(ctx.today)
        row.addWidget(self.start)
        box.addLayout(row)
        self.error = QLabel("")
        self.error.setObjectName("Error")
        box.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("任命")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        box.addWidget(buttons)
        self.member.changed.connect(self._check)
        self.start.textChanged.connect(self._check)
        self._check()

    def _check(self) -> None:
        try:
            parse_date(self.start.text(), "任职日期")
        except Exception as exc:  # a ValidationError with the reason
            self.error.setText(str(exc))
            self.ok.setEnabled(False)
            return
        self.error.setText("" if self.member.ids() else "请选择党员")
        self.ok.setEnabled(bool(self.member.ids()))

    def values(self) -> tuple[int, str]:
        return self.member.ids()[0], parse_date(self.start.text(), "任职日期").isoformat()


class OrgSetupTab(QWidget):
    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        grid = QGridLayout(self)
        grid.addWidget(self._orgs_box(), 0, 0)
        grid.addWidget(self._committee_box(), 0, 1)
        grid.addWidget(self._departments_box(), 1, 0)
        grid.addWidget(self._leaders_box(), 1, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        ctx.dataChanged.connect(self._changed)

    # -- organisations -----------------------------------------------------------------------------
    def _orgs_box(self) -> QGroupBox:
        g = QGroupBox("组织机构")
        box = QVBoxLayout(g)
        self.orgs = QListWidget()
        box.addWidget(self.orgs, 1)
        self.rename = button("重命名…", "rename-box")
        self.rename.clicked.connect(self._rename)
        box.addWidget(self.rename, 0, Qt.AlignmentFlag.AlignLeft)
        return g

    def _rename(self) -> None:
        item = self.orgs.currentItem()
        if item is None:
            return
        oid, name = item.data(Qt.ItemDataRole.UserRole)
        text, ok = QInputDialog.getText(self, "重命名", f"“{name}”的新名称：", text=name)
        if ok:
            self.ctx.run(self, org.rename_org, oid, text)

    # -- committees --------------------------------------------------------------------------------
    def _committee_box(self) -> QGroupBox:
        g = QGroupBox("班子与支部委员会")
        box = QVBoxLayout(g)
        self.committee_org = QComboBox()
        self.committee_org.currentIndexChanged.connect(self._fill_committee)
        box.addWidget(self.committee_org)
        self.committee = QTableWidget(len(COMMITTEE_POSTS), 3)
        self.committee.setHorizontalHeaderLabels(["职务", "现任", "任职日期"])
        self.committee.verticalHeader().setVisible(False)
        self.committee.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.committee.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.committee.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.committee.doubleClicked.connect(lambda _: self._appoint())
        box.addWidget(self.committee, 1)
        self.appoint = button("任命所选职务…", "account-tie-outline")
        self.appoint.clicked.connect(self._appoint)
        box.addWidget(self.appoint, 0, Qt.AlignmentFlag.AlignLeft)
        return g

    def _fill_committee(self) -> None:
        oid = self.committee_org.currentData()
        rows = org.committee(self.ctx.session, oid) if oid else []
        for r, row in enumerate(rows):
            for c, v in enumerate((row["post"], row["name"] or "（空缺）", row["start_date"] or "")):
                self.committee.setItem(r, c, QTableWidgetItem(v))

    def _appoint(self) -> None:
        oid, r = self.committee_org.currentData(), self.committee.currentRow()
        if oid is None or r < 0:
            return
        post = COMMITTEE_POSTS[r]
        dialog = AppointDialog(self.ctx, self.committee_org.currentText(), post, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            member_id, start = dialog.values()
            self.ctx.run(self, org.set_committee_member, oid, member_id, post, start)

    # -- departments -------------------------------------------------------------------------------
    def _departments_box(self) -> QGroupBox:
        g = QGroupBox("业务部门")
        box = QVBoxLayout(g)
        self.departments = QListWidget()
        box.addWidget(self.departments, 1)
        self.add_department = button("新增部门…", "plus")
        self.add_department.clicked.connect(self._add_department)
        box.addWidget(self.add_department, 0, Qt.AlignmentFlag.AlignLeft)
        return g

    def _add_department(self) -> None:
        text, ok = QInputDialog.getText(self, "新增部门", "部门名称：")
        if ok:
            self.ctx.run(self, org.add_department, text)

    # -- leaders' departments ----------------------------------------------------------------------
    def _leaders_box(self) -> QGroupBox:
        g = QGroupBox("党委班子成员分管部门（用于谈心谈话覆盖）")
        box = QVBoxLayout(g)
        self.leader = QComboBox()
        self.leader.currentIndexChanged.connect(self._fill_leader)
        box.addWidget(self.leader)
        self.leader_departments = QListWidget()
        box.addWidget(self.leader_departments, 1)
        self.leader_hint = QLabel("")
        self.leader_hint.setObjectName("Hint")
        self.leader_hint.setWordWrap(True)
        box.addWidget(self.leader_hint)
        self.save_leader = button("保存分管部门", "content-save-outline", primary=True)
        self.save_leader.clicked.connect(self._save_leader)
        box.addWidget(self.save_leader, 0, Qt.AlignmentFlag.AlignLeft)
        return g

    def _fill_leader(self) -> None:
        mid = self.leader.currentData()
        chosen = set(org.leader_departments(self.ctx.session).get(mid, [])) if mid else set()
        self.leader_departments.clear()
        for name, did in lists.departments(self.ctx.session):
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, did)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if did in chosen else Qt.CheckState.Unchecked)
            self.leader_departments.addItem(item)
        self.save_leader.setEnabled(mid is not None)

    def _save_leader(self) -> None:
        mid = self.leader.currentData()
        if mid is None:
            return
        ids = [self.leader_departments.item(i).data(Qt.ItemDataRole.UserRole)
               for i in range(self.leader_departments.count())
               if self.leader_departments.item(i).checkState() == Qt.CheckState.Checked]  # fmt: skip
        self.ctx.run(self, org.set_leader_departments, mid, ids)

    # -- refresh -----------------------------------------------------------------------------------
    def _changed(self, entity: str) -> None:
        if entity in ("orgs", "departments", "members"):
            self.refresh()

    def refresh(self) -> None:
        s = self.ctx.session
        self.orgs.clear()
        for o in lists.org_tree(s):
            item = QListWidgetItem(("　" if o["parent_id"] else "") + o["name"] + f"（{o['kind']}）")
            item.setData(Qt.ItemDataRole.UserRole, (o["id"], o["name"]))
            self.orgs.addItem(item)
        for combo in (self.committee_org, self.leader):
            combo.blockSignals(True)
        keep = self.committee_org.currentData()
        self.committee_org.clear()
        root = org.root_org(s)
        self.committee_org.addItem(f"{lists.org_name(s, root)}（党委班子）", root)
        for name, bid in lists.branches(s):
            self.committee_org.addItem(name, bid)
        self.committee_org.setCurrentIndex(max(0, self.committee_org.findData(keep)))
        keep_leader = self.leader.currentData()
        self.leader.clear()
        leaders = [(r["member_id"], f"{r['name']}（{r['post']}）") for r in org.committee(s, root) if r["member_id"]]
        known = {mid for mid, _ in leaders}
        others = [m for m in org.leader_departments(s) if m not in known]  # 分管 set before the 班子 was recorded
        leaders += [(mid, f"{label[0]}（分管领导）") for mid, label in lists.member_labels(s, others).items()]
        for mid, text in leaders:
            self.leader.addItem(text, mid)
        self.leader.setCurrentIndex(max(0, self.leader.findData(keep_leader)))
        self.leader_hint.setText("" if leaders else "请先在右上方“班子与支部委员会”中选择党委，任命班子成员。")
        for combo in (self.committee_org, self.leader):
            combo.blockSignals(False)
        self._fill_committee()
        self._fill_leader()
        self.departments.clear()
        for name, _ in lists.departments(s):
            self.departments.addItem(name)
        self.committee.setCurrentCell(0, 0)
