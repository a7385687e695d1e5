"""帮助 → 用户手册 (F1): the manual shipped with the program, read offline in a window of its own."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout

from .. import window_state

MANUAL = "用户手册.md"


def manual_path() -> Path | None:
    """docs/用户手册.md: beside the frozen program's files, or in the source checkout."""
    roots = [Path(getattr(sys, "_MEIPASS", "")) / "docs"] if getattr(sys, "frozen", False) else []
    roots.append(Path(__file__).resolve().parents[3] / "docs")
    return next((root / MANUAL for root in roots if (root / MANUAL).is_file()), None)


class ManualDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle("用户手册 — 党建融合桌面")
        layout = QVBoxLayout(self)
        self.view = QTextBrowser()
        self.view.setOpenExternalLinks(False)
        path = manual_path()
        if path is None:
            self.view.setPlainText("未找到用户手册文件（docs/用户手册.md）。请重新安装程序，或联系系统管理员。")
        else:
            self.view.setSearchPaths([str(path.parent)])  # its screenshots/… images
            self.view.setMarkdown(path.read_text(encoding="utf-8"))
        layout.addWidget(self.view, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        window_state.fit(self, 900, 760, centre=False)
