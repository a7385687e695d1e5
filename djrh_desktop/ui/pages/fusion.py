"""融合发展 (PRODUCT.md 2.9): the four registers of 党建与业务融合 as tabs — 双领办项目, 党员先锋阵地, 联合检查
(with its 限期整改 items), 党建品牌 and 一岗双责责任书 — each with the list conventions of every page."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QMessageBox, QTabWidget

from ...domain import fusion_registers as rules
from ...services import inspections, lists, posts
from ..dialogs.fusion import (
    CloseItemDialog,
    InspectionDialog,
    PostDialog,
    RectificationDialog,
    ResultDialog,
)
from ..forms import button
from .base import Page
from .brands_tab import BrandsPage
from .list_page import ListPage
from .projects import ProjectsPage


def _selected(page: ListPage, what: str) -> int | None:
    chosen = page.table.selected_ids()
    rid = chosen[0] if chosen else page.table.current_id()
    if rid is None:
        QMessageBox.information(page, "请选择", f"请先在列表中选择{what}")
    return rid


def _opened(dialog) -> bool:
    return dialog.exec() == QDialog.DialogCode.Accepted


class PostsPage(ListPage):
    title = "党员先锋阵地"
    nested = True
    spec = lists.POSTS
    write_action = "project.write"
    watches = ("fusion_posts", "fusion_post_members", "fusion_post_results")
    search_hint = "阵地名称或支部"

    def build_filters(self) -> None:
        self.add_combo("kind", "类型", list(rules.POST_KINDS))
        self.add_combo("branch_id", "支部", lists.branches(self.ctx.session))

    def filters(self) -> dict:
        return {**super().filters(), "year": self.ctx.year}

    def build_actions(self) -> None:
        self.result_button = button("登记成效", "trophy-outline")
        self.result_button.setVisible(self.ctx.can("project.write", self.ctx.session.actor.branch_id))
        self.result_button.clicked.connect(self.add_result)
        self.void_button = button("作废", "delete-outline")
        self.void_button.setVisible(self.ctx.can("project.write", self.ctx.session.actor.branch_id))
        self.void_button.clicked.connect(lambda: self.void_selected("先锋阵地", posts.void_post))
        self.actions.addWidget(self.result_button)
        self.actions.addWidget(self.void_button)

    def add_result(self) -> None:
        pid = _selected(self, "一个先锋阵地")
        if pid is not None and _opened(ResultDialog(self.ctx, pid, self)):
            self.apply_filters()

    def new_record(self) -> None:
        if _opened(PostDialog(self.ctx, parent=self)):
            self.apply_filters()

    def open_record(self, post_id: int) -> None:
        if _opened(PostDialog(self.ctx, post_id, self)):
            self.apply_filters()


class InspectionsPage(ListPage):
    title = "联合检查"
    nested = True
    spec = lists.INSPECTIONS
    write_action = "project.review"
    watches = ("fusion_inspections", "fusion_rectifications")
    search_hint = "检查人员或检查发现"

    def build_filters(self) -> None:
        self.add_combo("kind", "检查类型", list(rules.INSPECTION_KINDS))
        self.add_combo("branch_id", "支部", lists.branches(self.ctx.session))

    def filters(self) -> dict:
        return {**super().filters(), "year": self.ctx.year}

    def build_actions(self) -> None:
        self.item_button = button("添加整改事项", "clipboard-alert-outline")
        self.item_button.setVisible(self.ctx.can("project.review"))
        self.item_button.clicked.connect(self.add_item)
        self.void_button = button("作废", "delete-outline")
        self.void_button.setVisible(self.ctx.can("project.review"))
        self.void_button.clicked.connect(lambda: self.void_selected("检查记录", inspections.void_inspection))
        self.actions.addWidget(self.item_button)
        self.actions.addWidget(self.void_button)

    def add_item(self) -> None:
        iid = _selected(self, "一次检查")
        if iid is not None and _opened(RectificationDialog(self.ctx, iid, self)):
            self.apply_filters()

    def new_record(self) -> None:
        if _opened(InspectionDialog(self.ctx, parent=self)):
            self.apply_filters()

    def open_record(self, inspection_id: int) -> None:
        if _opened(InspectionDialog(self.ctx, inspection_id, self)):
            self.apply_filters()


class RectificationsPage(ListPage):
    title = "限期整改事项"
    nested = True
    spec = lists.RECTIFICATIONS
    watches = ("fusion_rectifications", "fusion_inspections")
    search_hint = "问题、责任人或支部"

    def build_filters(self) -> None:
        self.add_combo("open", "状态", [("未完成", "未完成"), ("已完成", "已完成")])
        self.add_combo("branch_id", "支部", lists.branches(self.ctx.session))

    def build_actions(self) -> None:
        self.new_button.hide()  # items are added from their inspection (联合检查 → 添加整改事项)
        self.edit_button.hide()
        self.close_button = button("整改完成", "check-circle-outline", primary=True)
        self.close_button.setVisible(self.ctx.can("project.write", self.ctx.session.actor.branch_id))
        self.close_button.clicked.connect(self.close_item)
        self.actions.addWidget(self.close_button)

    def close_item(self) -> None:
        rid = _selected(self, "一项整改事项")
        if rid is not None and _opened(CloseItemDialog(self.ctx, rid, self)):
            self.apply_filters()

    def open_record(self, item_id: int) -> None:
        if not self.close_button.isHidden() and _opened(CloseItemDialog(self.ctx, item_id, self)):
            self.apply_filters()


class FusionPage(Page):
    title = "融合发展"
    watches = ()  # each tab watches its own tables; this only passes the refresh to the tab in view

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.tabs = QTabWidget()
        self.projects, self.posts = ProjectsPage(ctx, self), PostsPage(ctx, self)
        self.inspections, self.rectifications = InspectionsPage(ctx, self), RectificationsPage(ctx, self)
        self.brands = BrandsPage(ctx, self)
        for page, text in ((self.projects, "双领办项目"), (self.posts, "党员先锋阵地"), (self.inspections, "联合检查"),
                           (self.rectifications, "限期整改"), (self.brands, "党建品牌与责任书")):  # fmt: skip
            self.tabs.addTab(page, text)
        self.layout_.addWidget(self.tabs, 1)

    def current(self) -> Page:
        return self.tabs.currentWidget()

    def refresh(self) -> None:
        self.current().ensure_fresh()

    def show_tab(self, page: Page) -> Page:
        self.tabs.setCurrentWidget(page)
        page.ensure_fresh()
        return page

    def open_project(self, project_id: int) -> None:
        self.show_tab(self.projects).open_record(project_id)

    def open_inspection(self, inspection_id: int) -> None:
        self.show_tab(self.rectifications)

    # the window's shortcuts act on the tab in view
    def new_record(self) -> None:
        self.current().new_record()

    def focus_search(self) -> None:
        self.current().focus_search()

    def export(self) -> None:
        self.current().export()

    def print_(self) -> None:
        self.current().print_()

