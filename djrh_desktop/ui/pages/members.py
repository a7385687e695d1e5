"""组织与党员: the organisation tree beside the member table."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QInputDialog, QSplitter, QTreeWidget, QTreeWidgetItem

from ...domain import members as rules
from ...services import lists, org
from .. import window_state
from ..dialogs.member import MemberDialog, MemberRecordDialog, StatusDialog
from ..forms import button
from ..table import colour_when
from .list_page import ListPage


class MembersPage(ListPage):
    title = "组织与党员"
    spec = lists.MEMBERS
    write_action = "member.write"
    watches = ("members", "orgs", "departments")
    search_hint = "姓名、拼音首字母或身份证号"

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        # The tree goes left of the table.
        self.layout_.removeWidget(self.table)
        split = QSplitter(Qt.Orientation.Horizontal)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["组织", "党员"])
        self.tree.setColumnWidth(0, 190)
        self.tree.setMinimumWidth(250)
        self.tree.currentItemChanged.connect(lambda *_: self.apply_filters())
        split.addWidget(self.tree)
        split.addWidget(self.table)
        split.setStretchFactor(1, 1)
        saved = window_state.state("splitters/members")  # where the user last put the divider
        if saved is not None:
            split.restoreState(saved)
        split.splitterMoved.connect(lambda *_: window_state.save_state("splitters/members", split.saveState()))
        self.split = split
        self.layout_.addWidget(split, 1)

    def build_filters(self) -> None:
        self.add_combo("status", "状态", list(rules.STATUSES)).setCurrentIndex(1)
        self.add_combo("category", "类别", list(rules.CATEGORIES))
        self.add_combo("party_status", "身份", list(rules.PARTY_STATUS))

    def build_actions(self) -> None:
        self.status_button = button("变更状态", "account-convert-outline")
        self.record_button = button("党员档案", "card-account-details-outline")
        self.org_button = button("新增组织", "sitemap-outline")
        self.add_import_button("members", "member.write")
        self.actions.addWidget(self.status_button)
        self.actions.addWidget(self.record_button)
        self.actions.addWidget(self.org_button)
        self.status_button.setVisible(self.ctx.can("member.write", self.ctx.session.actor.branch_id))
        self.org_button.setVisible(self.ctx.can("org.write"))
        self.status_button.clicked.connect(self._status)
        self.record_button.clicked.connect(self._record)
        self.org_button.clicked.connect(self._add_org)

    def filters(self) -> dict:
        out = super().filters()
        item = self.tree.currentItem() if hasattr(self, "tree") else None
        org_id = item.data(0, Qt.ItemDataRole.UserRole) if item else None
        kind = item.data(1, Qt.ItemDataRole.UserRole) if item else None
        out["branch_id"] = org_id if kind in ("党支部", "党总支") else None
        return out

    def refresh(self) -> None:
        self._fill_tree()
        super().refresh()
        if self.model is not None:
            self.model.colour = colour_when(
                "status", {"转出": "#9aa5b1", "停止党籍": "#b44d12", "去世": "#9aa5b1"}
            )

    def _fill_tree(self) -> None:
        current = (
            self.tree.currentItem().data(0, Qt.ItemDataRole.UserRole) if self.tree.currentItem() else None
        )
        self.tree.blockSignals(True)
        self.tree.clear()
        items: dict[int, QTreeWidgetItem] = {}
        select = None
        for o in lists.org_tree(self.ctx.session):
            if o["kind"] == "党支部" and not self.ctx.session.sees_branch(o["id"]):
                continue
            it = QTreeWidgetItem([o["name"], str(o["members"])])
            it.setData(0, Qt.ItemDataRole.UserRole, o["id"])
            it.setData(1, Qt.ItemDataRole.UserRole, o["kind"])
            it.setToolTip(0, f"{o['kind']}：{o['name']}")
            parent = items.get(o["parent_id"])
            (parent.addChild(it) if parent else self.tree.addTopLevelItem(it))
            items[o["id"]] = it
            if o["id"] == current:
                select = it
        self.tree.expandToDepth(0)
        if select:
            self.tree.setCurrentItem(select)
        self.tree.blockSignals(False)

    def new_record(self) -> None:
        f = self.filters()
        if (
            MemberDialog(self.ctx, branch_id=f.get("branch_id"), parent=self).exec()
            == QDialog.DialogCode.Accepted
        ):
            self.refresh()

    def open_record(self, member_id: int) -> None:
        if self.ctx.can("member.write", self.ctx.session.actor.branch_id):
            MemberDialog(self.ctx, member_id, parent=self).exec()
        else:
            MemberRecordDialog(self.ctx, member_id, self).exec()

    def _status(self) -> None:
        mid = self.table.current_id()
        if mid is not None:
            StatusDialog(self.ctx, mid, self).exec()

    def _record(self) -> None:
        mid = self.table.current_id()
        if mid is not None:
            MemberRecordDialog(self.ctx, mid, self).exec()

    def _add_org(self) -> None:
        item = self.tree.currentItem()
        parent_id = item.data(0, Qt.ItemDataRole.UserRole) if item else None
        parent_kind = item.data(1, Qt.ItemDataRole.UserRole) if item else None
        kinds = [k for k, parents in rules.ORG_PARENTS.items() if parent_kind in parents]
        if not kinds:
            return
        kind, ok = QInputDialog.getItem(
            self, "新增组织", f"在“{item.text(0) if item else '顶层'}”下新增：", kinds, 0, False
        )
        if not ok:
            return
        name, ok = QInputDialog.getText(self, "新增组织", f"{kind}名称：")
        if ok:
            self.ctx.run(self, org.add_org, name, kind, parent_id)
