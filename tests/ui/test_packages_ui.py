"""文件 → 导出数据包 / 导入数据包 through the real menu and dialogs (issue 18): the office exports branch A's
package, a branch PC adds a talk and a 5A entry and sends them back, the office's preview lists them and 导入 writes them."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from djrh_desktop.services import package_export, package_import, points, talks
from djrh_desktop.services.points import Posting
from djrh_desktop.services.talks import Talker, TalkInput
from djrh_desktop.ui.dialogs import package as package_dialogs
from tests.services.test_packages import DAY


def menu_action(window, text: str):
    return next(a for m in window.menuBar().actions() for a in m.menu().actions() if a.text() == text)


def test_export_and_import_packages_from_the_file_menu(qtbot, window, ctx, org_tree, tmp_path, monkeypatch, branch_pc):
    out = tmp_path / "一监区.djrhpkg"
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("一监区党支部", True))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: told.append(a[2]))
    menu_action(window, "导出数据包…").trigger()
    assert out.exists() and told and told[0].startswith("已导出一监区党支部数据包")
    # the branch PC takes it, records a talk and sends it back
    package_import.apply_import(branch_pc, package_import.plan_import(branch_pc, out))
    people = {n: i for i, n in branch_pc.db.execute("SELECT id, name FROM members")}
    talks.record_talk(branch_pc, TalkInput(type="谈心谈话", date=DAY, topic="支部电脑谈话", talkers=[Talker(people["张三"])],
                                           talkees=[people["李四"]]))  # fmt: skip
    points.batch_post(branch_pc, [people["王芳"]], Posting("A1-01", DAY))
    back = tmp_path / "back.djrhpkg"
    package_export.export_branch(branch_pc, back)
    previews = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(back), ""))
    monkeypatch.setattr(package_dialogs.PackagePreview, "exec", lambda self: previews.append(self) or 0)
    menu_action(window, "导入数据包…").trigger()
    preview = previews[0]
    qtbot.addWidget(preview)
    # the year's 5A rules come too: the branch PC froze them first (the office had posted no points this year)
    assert "新增 3 条" in preview.summary.text() and preview.table.rowCount() == 3
    assert "其中新增：积分规则 1 条、谈话 1 条、积分记录 1 条" in preview.summary.text().replace("\u00a0", " ")
    assert [[preview.table.item(r, c).text() for c in range(3)] for r in range(3)] == [
        ["新增", "积分规则", f"{DAY[:4]}年度5A积分规则"], ["新增", "谈话", f"{DAY} 谈心谈话“支部电脑谈话”"],
        ["新增", "积分记录", f"{DAY} 王芳 A1-01 +0.5分"]]
    assert preview.ok.isEnabled()
    preview.ok.click()
    assert ctx.session.db.execute("SELECT count(*) FROM talks WHERE topic = '支部电脑谈话'").fetchone()[0] == 1
    assert ctx.session.db.execute("SELECT count(*) FROM point_ledger l JOIN members m ON m.id = l.member_id "
                                  "WHERE m.name = '王芳' AND l.item_id IN (SELECT id FROM point_items WHERE code = 'A1-01')").fetchone()[0] == 1
    assert told[-1].startswith("已导入数据包：新增 3 条")
