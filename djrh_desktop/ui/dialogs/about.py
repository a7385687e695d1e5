"""关于: version, data file, schema version and the font the PDFs use."""

from __future__ import annotations

import sys

import PySide6
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout

from ... import __version__
from ...domain.errors import DjrhError
from ...reports import fonts
from ...services import settings, setup
from ..context import AppContext


def font_description(ctx: AppContext) -> str:
    try:
        fs = fonts.resolve(settings.report_fonts(ctx.session))
    except DjrhError as exc:
        return f"设置的字体不可用：{exc}"
    return fs.describe() + ("（未嵌入，换电脑打开可能显示异常）" if not fs.embedded else "（已嵌入 PDF）")


class AboutDialog(QDialog):
    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.setWindowTitle("关于党建融合桌面")
        self.setMinimumWidth(560)
        box = QVBoxLayout(self)
        title = QLabel("党建融合桌面")
        title.setObjectName("PageTitle")
        box.addWidget(title)
        box.addWidget(QLabel("支部评星定级、党员5A量化积分、谈心谈话、廉政家访、三会一课的离线管理与报表。"))
        form = QFormLayout()
        self.values = {
            "版本": __version__,
            "数据文件": str(ctx.db_path),
            "数据结构版本": "{schema_version}（本程序支持到 {known_steps}）".format(**setup.file_info(ctx.session)),
            "报表字体": font_description(ctx),
            "运行环境": f"Python {sys.version.split()[0]}，Qt（PySide6）{PySide6.__version__}",
        }
        for label, value in self.values.items():
            text = QLabel(value)
            text.setWordWrap(True)
            form.addRow(f"{label}：", text)
        box.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
        buttons.accepted.connect(self.accept)
        box.addWidget(buttons)
