"""Printing a list: the columns the user ticks (remembered), landscape when wide, fitted to the width,
dates on one line, 0 printed as 0."""

from __future__ import annotations

from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog

from djrh_desktop.ui import printing
from djrh_desktop.ui.main_window import MainWindow


def test_layout_turns_wide_tables_landscape_and_keeps_values_whole():
    narrow = printing.layout(["姓名", "支部"], [["张三", "一支部"]])
    assert narrow == (False, 9.0)
    headers = ["姓名", "性别", "出生日期", "公民身份号码", "所在支部", "所在部门", "职务", "党员身份", "人员类别",
               "入党日期", "状态", "离开日期", "联系电话", "民族", "学历", "转正日期", "备注"]  # fmt: skip
    row = ["欧阳晓明", "男", "1990-03-07", "110101199003071233", "县人力资源和社会保障局机关第二党支部", "办公室", "科员",
           "正式党员", "在职", "2012-07-01", "在册", None, "13800001111", "汉族", "大学本科", "2013-07-01", 0]  # fmt: skip
    landscape, size = printing.layout(headers, [row])
    assert landscape and 6.5 <= size < 9
    html = printing.list_html("党员名册", "2026年", headers, [row], size)
    assert "<td nowrap>1990-03-07</td>" in html and "<td nowrap>110101199003071233</td>" in html
    assert "<td nowrap>0</td>" in html  # a zero is a value, not a blank


def test_print_chosen_columns_landscape_to_a_pdf_printer(qtbot, demo_ctx, monkeypatch, tmp_path):
    out = tmp_path / "printed.pdf"
    orientation = []

    def dialog_exec(self):
        printer = self.printer()
        orientation.append(printer.pageLayout().orientation())
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", dialog_exec)
    picked = []

    def columns_exec(self):
        for label, check in self.checks.items():  # the user keeps 姓名, 所在支部, 入党日期 only
            check.setChecked(label in ("姓名", "所在支部", "入党日期"))
        picked.append(self.chosen())
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(printing.ColumnsDialog, "exec", columns_exec)
    w = MainWindow(demo_ctx)
    qtbot.addWidget(w)
    w.show()
    page = w.go("members")
    qtbot.waitUntil(lambda: page.table.model() is not None and page.table.model().rowCount() > 0, timeout=10000)
    page.print_()
    assert picked == [["姓名", "所在支部", "入党日期"]]
    text = PdfReader(str(out)).pages[0].extract_text()
    assert "入党日期" in text and "公民身份号码" not in text
    from PySide6.QtGui import QPageLayout

    assert orientation == [QPageLayout.Orientation.Portrait]  # three columns fit portrait
    remembered = []
    monkeypatch.setattr(printing.ColumnsDialog, "exec", lambda self: remembered.append(self.chosen()) or 0)
    page.print_()
    assert remembered == [["姓名", "所在支部", "入党日期"]]  # the choice is kept for this list
