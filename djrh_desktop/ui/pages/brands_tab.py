"""融合发展 → 党建品牌与责任书: the unit's brand and 一支部一品牌 (evidence for 品牌示范星), and below them the
year's party committee with their 一岗双责责任书 signed or not."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QLabel, QTableWidget, QTableWidgetItem

from ...domain.members import PARTY_TITLES
from ...services import brands, lists
from ..dialogs.fusion import BrandDialog, PledgeDialog
from ..forms import button
from .list_page import ListPage


class BrandsPage(ListPage):
    title = "党建品牌"
    nested = True
    spec = lists.BRANDS
    write_action = "project.write"
    watches = ("fusion_brands", "fusion_pledges", "orgs")
    search_hint = "品牌名称或组织"

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.pledge_title = QLabel()
        self.pledge_title.setObjectName("SectionTitle")
        self.layout_.addWidget(self.pledge_title)
        self.pledges = QTableWidget(0, 4)
        self.pledges.setHorizontalHeaderLabels(["姓名", "党委职务", "行政职务", "签订日期"])
        self.pledges.verticalHeader().setVisible(False)
        self.pledges.horizontalHeader().setStretchLastSection(True)
        self.pledges.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.pledges.setMaximumHeight(220)
        self.layout_.addWidget(self.pledges)

    def build_actions(self) -> None:
        self.pledge_button = button("登记责任书签订", "file-sign")
        self.pledge_button.setVisible(self.ctx.can("project.review"))
        self.pledge_button.clicked.connect(self.sign)
        self.actions.addWidget(self.pledge_button)

    def refresh(self) -> None:
        super().refresh()
        year = self.ctx.year
        people = brands.pledges(self.ctx.session, year)
        signed = sum(1 for p in people if p["signed_on"])
        self.pledge_title.setText(f"{year}年一岗双责责任书：党委班子成员{len(people)}人，已签订{signed}人")
        self.pledges.setRowCount(len(people))
        for r, p in enumerate(people):
            for c, text in enumerate((p["name"], PARTY_TITLES.get(p["post"], "党委委员"), p["title"] or "", p["signed_on"] or "未签订")):
                self.pledges.setItem(r, c, QTableWidgetItem(text))
        self.pledges.resizeColumnsToContents()

    def sign(self) -> None:
        if PledgeDialog(self.ctx, self.ctx.year, brands.pledges(self.ctx.session, self.ctx.year), self).exec() == QDialog.DialogCode.Accepted:
            self.refresh()

    def new_record(self) -> None:
        if BrandDialog(self.ctx, parent=self).exec() == QDialog.DialogCode.Accepted:
            self.apply_filters()

    def open_record(self, brand_id: int) -> None:
        brand = next((b for b in brands.brands(self.ctx.session) if b["id"] == brand_id), None)
        if brand and BrandDialog(self.ctx, brand, self).exec() == QDialog.DialogCode.Accepted:
            self.apply_filters()
