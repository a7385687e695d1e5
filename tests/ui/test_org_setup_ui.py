"""系统设置 — 组织机构 through real widgets: rename, add a department, appoint the 党委 and a branch
secretary, set a leader's 分管部门; talk coverage can then be judged (issue 13)."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QInputDialog

from djrh_desktop.services import talks
from djrh_desktop.ui.pages import org_setup
from tests.ui.conftest import type_text


def test_organisation_setup_reaches_every_org_service(qtbot, window, ctx, org_tree, monkeypatch):
    db = ctx.session.db
    page = window.go("settings")
    tab = page.org_setup
    assert tab is not None and page.tabs.tabText(page.tabs.indexOf(tab)) == "组织机构"
    # Rename a branch.
    row = next(i for i in range(tab.orgs.count()) if "一监区党支部" in tab.orgs.item(i).text())
    tab.orgs.setCurrentRow(row)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("一监区第一党支部", True))
    tab.rename.click()
    assert db.execute("SELECT name FROM orgs WHERE id = ?", [org_tree["a"]]).fetchone()[0] == "一监区第一党支部"
    # A department.
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("狱政科", True))
    tab.add_department.click()
    assert "狱政科" in [tab.departments.item(i).text() for i in range(tab.departments.count())]
    # Appoint 张三 as the 党委's 书记 and as branch A's 书记, through the appoint dialog.
    appointed = []

    def appoint_zhangsan(self):
        type_text(self.member.search, "张三")
        self.member._take_first()
        appointed.append(self.ok.isEnabled())
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(org_setup.AppointDialog, "exec", appoint_zhangsan)
    for index in (0, tab.committee_org.findData(org_tree["a"])):
        tab.committee_org.setCurrentIndex(index)
        tab.committee.setCurrentCell(0, 0)
        tab.appoint.click()
    assert appointed == [True, True]
    assert tab.committee.item(0, 1).text() == "张三"
    # The leader's 分管部门.
    assert tab.leader.count() == 1 and tab.leader.currentData() == org_tree["people"]["张三"]
    for i in range(tab.leader_departments.count()):
        item = tab.leader_departments.item(i)
        if item.text() == "一监区":
            item.setCheckState(Qt.CheckState.Checked)
    tab.save_leader.click()
    status = talks.coverage_status(ctx.session, ctx.year, ctx.today)
    assert status.leaders_set and status.secretaries_set and status.required > 0 and status.rate is not None
