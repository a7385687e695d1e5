"""Coverage views: who has not yet been talked to (by whom) or visited this year."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout

from ...services import lists, talks, visits
from .. import window_state
from ..context import AppContext


class CoverageDialog(QDialog):
    def __init__(self, ctx: AppContext, kind: str, parent=None):
        super().__init__(parent)
        year = ctx.year
        window_state.fit(self, 760, 560, centre=False)
        box = QVBoxLayout(self)
        if kind == "talks":
            self.setWindowTitle(f"{year}年度谈话覆盖")
            gaps = talks.coverage(ctx.session, year, ctx.today)
            label = lists.member_labels(ctx.session, [g.talker_id for g in gaps] + [g.talkee_id for g in gaps])
            rows = [
                (
                    label.get(g.talker_id, ("", ""))[0],
                    label.get(g.talkee_id, ("", ""))[0],
                    label.get(g.talkee_id, ("", ""))[1],
                    g.basis,
                )
                for g in gaps
            ]
            headers = ["应谈话人", "尚未谈话的党员", "所在支部", "依据"]
            summary = f"{year}年度尚有 {len(rows)} 人次应谈未谈（党委班子成员 × 分管部门党员，支部书记 × 本支部党员）。"
        else:
            self.setWindowTitle(f"{year}年度家访覆盖")
            cov = visits.coverage(ctx.session, year, ctx.today)
            label = lists.member_labels(ctx.session, cov.not_visited)
            rows = [label.get(m, ("", "")) for m in cov.not_visited]
            headers = ["尚未家访的党员", "所在支部"]
            summary = f"{year}年度在册党员 {cov.members} 名，已家访 {cov.visited} 名（{cov.rate:.0%}），尚未家访 {len(rows)} 名。"
        label = QLabel(summary)
        label.setWordWrap(True)
        box.addWidget(label)
        table = QTableWidget(len(rows), len(headers))
        table.setHorizontalHeaderLabels(headers)
        table.verticalHeader().setVisible(False)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                table.setItem(r, c, QTableWidgetItem(value))
        table.resizeColumnsToContents()
        table.horizontalHeader().setStretchLastSection(True)
        table.setSortingEnabled(True)
        box.addWidget(table, 1)
        self.table = table
