"""The import wizard through real widgets: bad cells marked, import all refused, valid rows imported."""

from PySide6.QtWidgets import QMessageBox

from djrh_desktop.ui.dialogs.importer import BAD, ImportDialog
from tests.conftest import ID_FEMALE, ID_MALE
from tests.exchange.test_imports import workbook


def test_preview_marks_bad_cells_and_imports_valid_rows(qtbot, window, ctx, org_tree, tmp_path, monkeypatch):
    path = workbook(tmp_path / "roster.xlsx", [
        ["孙一", "男", ID_MALE, "2015.7.1", None, "一监区党支部", "在职", "本科"],
        ["孙二", "男", ID_FEMALE, "2015-07-01", None, "一监区党支部", "在职", None],   # wrong gender
        ["孙三", "女", None, "2016-07-01", None, "新建党支部", "在职", None],           # unknown branch
    ])  # fmt: skip
    page = window.go("members")
    dialog = ImportDialog(ctx, "members", page)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.load(str(path))
    assert dialog.table.rowCount() == 3
    assert [dialog.table.verticalHeaderItem(r).text() for r in range(3)] == ["4", "5", "6"]
    gender_col = dialog.plan.header.columns["gender"]
    bad = dialog.table.item(1, gender_col)
    assert bad.background().color() == BAD and "不一致" in bad.toolTip()
    assert dialog.table.item(0, gender_col).background().color() != BAD
    assert (
        "第5行 性别" in dialog.errors.toPlainText()
        and "第6行 支部：支部“新建党支部”不存在" in dialog.errors.toPlainText()
    )
    assert not dialog.import_all.isEnabled() and dialog.import_valid.isEnabled()
    # Creating branches clears the branch error.
    dialog.create_branches.setChecked(True)
    assert "新建党支部" not in dialog.errors.toPlainText()
    assert dialog.import_valid.text() == "只导入正确的 2 行"
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    count = ctx.session.db.execute("SELECT count(*) FROM members").fetchone()[0]
    dialog.import_valid.click()
    assert ctx.session.db.execute("SELECT count(*) FROM members").fetchone()[0] == count + 2
    assert ctx.session.db.execute("SELECT count(*) FROM orgs WHERE name = '新建党支部'").fetchone()[0] == 1
    qtbot.waitUntil(lambda: page.model.total == count + 2)


def test_manual_mapping_rechecks(qtbot, ctx, org_tree, tmp_path):
    path = workbook(tmp_path / "odd.xlsx", [["李大", "男", "一监区党支部", "一监区党支部"]], title=False,
                    header=["姓名", "性别", "所属单位", "支部"])  # fmt: skip
    dialog = ImportDialog(ctx, "members")
    qtbot.addWidget(dialog)
    dialog.load(str(path))
    assert dialog.plan.errors == [] and dialog.import_all.isEnabled()
    combo = dialog.mapping["name"]
    combo.setCurrentIndex(combo.findText("所属单位"))
    combo.activated.emit(combo.currentIndex())
    assert dialog.plan.records[2]["name"] == "一监区党支部"


def test_preview_shows_each_change_of_a_matched_member(qtbot, ctx, org_tree, tmp_path, monkeypatch):
    from djrh_desktop.domain.members import MemberInput
    from djrh_desktop.services import org
    from djrh_desktop.ui.dialogs.importer import CHANGED

    org.add_member(ctx.session, MemberInput("周全", "男", org_tree["a"], id_number=ID_MALE, phone="13800001111",
                                            education="研究生"))  # fmt: skip
    path = workbook(tmp_path / "p.xlsx", [["周全", "男", ID_MALE, "一监区党支部", "13900002222"],
                                          ["新人", "女", ID_FEMALE, "一监区党支部", None]],
                    header=["姓名", "性别", "身份证号", "支部", "电话"])  # fmt: skip
    dialog = ImportDialog(ctx, "members")
    qtbot.addWidget(dialog)
    dialog.load(str(path))
    last = dialog.table.columnCount() - 1
    assert dialog.table.horizontalHeaderItem(last).text() == "导入后的变化"
    changed = dialog.table.item(0, last)
    assert changed.text() == "联系电话：13800001111 → 13900002222" and changed.background().color() == CHANGED
    assert dialog.table.item(1, last).text() == "新增党员"
    assert "保持不变" in dialog.summary.text() and "学历" in dialog.summary.text()
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    dialog.import_all.click()
    row = ctx.session.db.execute("SELECT phone, education FROM members WHERE id_number = ?", [ID_MALE]).fetchone()
    assert row == ("13900002222", "研究生")


def test_talk_records_from_a_sheet_through_the_talks_page(qtbot, window, ctx, org_tree, tmp_path, monkeypatch):
    """谈心谈话 page → 导入 → the sheet's talks are previewed and imported; the list shows them."""
    from tests.exchange.test_record_import import DAY, TALK_HEADER, sheet

    path = sheet(tmp_path / "talks.xlsx", TALK_HEADER, [
        [DAY, "谈心谈话", "张三", "李四", "活动室", "思想动态", "交流", "否"],
        [DAY, "提醒谈话", "张三", "王芳", None, "作风提醒", None, None],
    ])  # fmt: skip
    page = window.go("talks")
    opened = []
    monkeypatch.setattr(ImportDialog, "exec", lambda self: opened.append(self) or 0)
    page.import_button.click()
    dialog = opened[0]
    qtbot.addWidget(dialog)
    assert dialog.kind == "talks" and dialog.windowTitle() == "导入谈心谈话记录"
    dialog.load(str(path))
    assert dialog.table.rowCount() == 2 and dialog.import_all.isEnabled()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: shown.append(a[2]))
    dialog.import_all.click()
    assert shown == ["已导入谈心谈话记录 2 条"]
    assert ctx.session.db.execute("SELECT count(*) FROM talks").fetchone()[0] == 2
    qtbot.waitUntil(lambda: page.table.model() is not None and page.table.model().rowCount() == 2, timeout=5000)


def test_projects_from_a_sheet_through_the_fusion_page(qtbot, window, ctx, org_tree, tmp_path, monkeypatch):
    """融合发展 → 双领办项目 → 导入: the branches' 立项 sheet previewed, a bad row shown, the good ones imported."""
    from tests.services.test_project_import import YEAR, sheet

    path = sheet(tmp_path / "p.xlsx",
                 (YEAR, "一监区党支部", "隐患清零", "党建+安全生产", "党员责任区包片", "零事故", "整改隐患（处）", 0, 40, "张三"),
                 (YEAR, "一监区党支部", "结对帮教", "党建+教育改造", "党员结对", "转化率提升", None, None, None, "无名氏"))  # fmt: skip
    page = window.go("fusion").projects
    ctx.set_period(YEAR, ctx.quarter.quarter)
    opened = []
    monkeypatch.setattr(ImportDialog, "exec", lambda self: opened.append(self) or 0)
    page.import_button.click()
    dialog = opened[0]
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "导入双领办项目"
    dialog.load(str(path))
    assert dialog.table.rowCount() == 2 and not dialog.import_all.isEnabled()  # 领办人 无名氏 is not on the roll
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: shown.append(a[2]))
    dialog.import_valid.click()
    assert shown == ["已导入双领办项目 1 个"]
    assert ctx.session.db.execute("SELECT title FROM fusion_projects").fetchall() == [("隐患清零",)]
    qtbot.waitUntil(lambda: page.table.model() is not None and page.table.model().rowCount() == 1, timeout=5000)
