"""首页: the quarter's figures, two charts and the to-do list; each to-do opens its record."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
)

from ...services import dashboard, ratings, stats
from ..charts import BarChart
from .base import Page

CARDS = (
    ("branches", "党支部（个）"),
    ("members", "党员（季末在册）"),
    ("meetings", "三会一课（次）"),
    ("talks", "谈心谈话（人次）"),
    ("visits", "廉政家访（人次）"),
    ("pledges", "家庭助廉承诺书（份）"),
    ("point_entries", "积分登记（条）"),
    ("five_a_members", "5A党员（年度）"),
)


class Card(QFrame):
    def __init__(self, label: str):
        super().__init__()
        self.setObjectName("Card")
        box = QVBoxLayout(self)
        self.value = QLabel("—")
        self.value.setObjectName("CardValue")
        self.text = QLabel(label)
        self.text.setObjectName("CardLabel")
        box.addWidget(self.value)
        box.addWidget(self.text)


class DashboardPage(Page):
    title = "首页"
    watches = ()

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.period_label = QLabel()
        self.period_label.setObjectName("Hint")
        self.header.addWidget(self.period_label)
        grid = QGridLayout()
        self.cards: dict[str, Card] = {}
        for i, (key, label) in enumerate(CARDS):
            self.cards[key] = Card(label)
            grid.addWidget(self.cards[key], i // 4, i % 4)
        self.layout_.addLayout(grid)
        lower = QHBoxLayout()
        charts = QVBoxLayout()
        self.star_chart = BarChart("评星定级分布（个）")
        self.talk_chart = BarChart("本季度谈话类型（人次）")
        charts.addWidget(self.star_chart)
        charts.addWidget(self.talk_chart)
        lower.addLayout(charts, 1)
        todo_box = QVBoxLayout()
        head = QLabel("待办事项（双击打开）")
        head.setObjectName("PageTitle")
        todo_box.addWidget(head)
        self.todo = QTreeWidget()
        self.todo.setHeaderHidden(True)
        self.todo.itemDoubleClicked.connect(self._open)
        todo_box.addWidget(self.todo, 1)
        lower.addLayout(todo_box, 1)
        self.layout_.addLayout(lower, 1)

    def refresh(self) -> None:
        q = self.ctx.quarter
        figures = stats.quarter_figures(self.ctx.session, q, self.ctx.today)
        scope = f"{figures['scope']}　" if figures["scope"] else ""
        self.period_label.setText(f"{scope}{q.label}（{q.start.isoformat()} 至 {q.end.isoformat()}）")
        for key, card in self.cards.items():
            card.value.setText(f"{figures[key]:,}")
        # 5A is a running figure until the year is closed (PRODUCT.md 2.3).
        self.cards["five_a_members"].text.setText("5A党员（年度最终）" if figures["final"] else "5A党员（年度动态）")
        # The latest round every branch was rated in by the period's end, as the quarterly report shows it.
        standing = ratings.standing_at(self.ctx.session, min(q.end, self.ctx.today))
        dist = standing["distribution"]
        self.star_chart.title = (f"{standing['year']}年度评星定级分布（个）" if standing["year"]
                                 else "评星定级分布（尚无完成的年度）")  # fmt: skip
        self.star_chart.set_data([(f"{n}星", dist[n]) for n in range(5, 0, -1)] if any(dist.values()) else [])
        self.talk_chart.set_data(stats.talks_by_type(self.ctx.session, q))
        self.todo.clear()
        groups: dict[str, QTreeWidgetItem] = {}
        for item in dashboard.todos(self.ctx.session, q, self.ctx.today):
            if item.group not in groups:
                groups[item.group] = QTreeWidgetItem([item.group])
                self.todo.addTopLevelItem(groups[item.group])
            child = QTreeWidgetItem([item.text])
            child.setData(0, Qt.ItemDataRole.UserRole, (item.target, item.target_id))
            child.setToolTip(0, item.text)
            groups[item.group].addChild(child)
        for g in groups.values():
            g.setText(0, f"{g.text(0)}（{g.childCount()}）")
            g.setExpanded(g.childCount() <= 8)

    def _open(self, item: QTreeWidgetItem) -> None:
        target = item.data(0, Qt.ItemDataRole.UserRole)
        if not target:
            return
        kind, rid = target
        window = self.window()
        if kind == "member":
            window.go("points").show_member(rid)
        elif kind == "talk":
            window.go("talks").open_record(rid)
        elif kind == "visit":
            window.go("visits").open_record(rid)
        elif kind == "meetings":
            window.go("meetings").show_branch(rid)
        elif kind == "project":
            window.go("fusion").open_project(rid)
        elif kind == "inspection":
            window.go("fusion").open_inspection(rid)
        elif kind == "ratings":
            window.go("ratings").select_branch(rid)
