"""The quarterly report's written sections (主要做法和成效, 存在问题, 下一步打算), saved with the quarter."""

from __future__ import annotations

from ...domain.errors import ValidationError
from ...domain.periods import Quarter
from ...services import reporting
from ..context import AppContext
from ..forms import FormDialog, memo, text_of


class ReportTextsDialog(FormDialog):
    def __init__(self, ctx: AppContext, year: int, quarter: int, parent=None):
        super().__init__(f"{Quarter(year, quarter).label}季度报告：撰写内容", parent)
        self.ctx, self.year, self.quarter = ctx, year, quarter
        self.setMinimumSize(640, 560)
        current = reporting.quarter_texts(ctx.session, year, quarter)
        self.edits = {name: self.add(name, memo(current[name], 120)) for name in current}
        for edit in self.edits.values():
            edit.setPlaceholderText("可不填；填写后在季度报告的相应部分印出，每段一行")

    def check(self):
        for name, edit in self.edits.items():
            if len(text_of(edit) or "") > reporting.TEXT_LIMIT:
                raise ValidationError(f"不能超过{reporting.TEXT_LIMIT}字", name)

    def save(self):
        return self.ctx.run(self, reporting.save_quarter_texts, self.year, self.quarter,
                            {name: text_of(edit) or "" for name, edit in self.edits.items()})  # fmt: skip
