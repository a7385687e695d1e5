"""For each role, the quarterly report, the dashboard and `djrh stats` count one and the same scoped
population (issue 13): 5A members never exceed the members on the roll, per-branch rows add up, and a
支部书记's figures are their branch's throughout."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from djrh_desktop.cli import main as cli_main
from djrh_desktop.demo import DEMO_PASSWORD
from djrh_desktop.domain.periods import Quarter
from djrh_desktop.services import report_data, stats, users

TODAY = dt.date.today()
QUARTERS = [Quarter.of(TODAY), Quarter(TODAY.year - 1, 2)]


@pytest.mark.parametrize("username", ["admin", "dangwu", "shuji", "jijian"])
@pytest.mark.parametrize("q", QUARTERS, ids=lambda q: q.label)
def test_report_dashboard_and_stats_agree(small_demo, username, q, capsys):
    s = users.sign_in(small_demo, username, DEMO_PASSWORD)
    d = report_data.quarterly(s, q, TODAY)
    f = d["figures"]
    assert f == stats.quarter_figures(s, q, TODAY)
    path = small_demo.execute("PRAGMA database_list").fetchone()[2]
    assert cli_main(["--db", path, "--user", username, "--password", DEMO_PASSWORD, "stats", "--year", str(q.year),
                     "--quarter", str(q.quarter), "--json"]) == 0  # fmt: skip
    assert json.loads(capsys.readouterr().out) == f
    a = d["five_a"]
    assert f["five_a_members"] <= f["members"] == a["members"]
    assert sum(row[1] for row in a["by_branch"]) == a["members"]
    assert sum(row[2] for row in a["by_branch"]) == f["five_a_members"]
    stars = d["stars"]  # the latest round rated by the quarter's end, as it stood then
    assert sum(stars["distribution"].values()) == len(stars["rows"]) <= f["branches"]
    assert {r["state"] for r in stars["rows"]} <= {"定级"}
    assert d["talks"]["gaps"] <= (f["members"] * f["members"] or 1)
    if username == "shuji":
        branch = small_demo.execute("SELECT name FROM orgs WHERE id = ?", [s.actor.branch_id]).fetchone()[0]
        assert d["scope"] == branch and f["branches"] == 1
        assert {row[0] for row in a["by_branch"]} <= {branch}
        assert {row[2] for row in a["top"] + a["bottom"]} <= {branch}
        assert all(row[0] == branch for row in d["meetings"])
        assert d["stars"]["quota_warning"] is None
    else:
        assert d["scope"] is None


def test_dashboard_cards_show_the_same_figures(qtbot, small_demo, tmp_path):
    from djrh_desktop.ui.app import make_app
    from djrh_desktop.ui.context import AppContext
    from djrh_desktop.ui.main_window import MainWindow

    make_app()
    s = users.sign_in(small_demo, "shuji", DEMO_PASSWORD)
    ctx = AppContext(s, tmp_path / "small.db")
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    page = window.go("dashboard")
    page.refresh()
    f = stats.quarter_figures(s, ctx.quarter, ctx.today)
    for key, card in page.cards.items():
        assert card.value.text() == f"{f[key]:,}", key
    assert f["scope"] in page.period_label.text()


def test_secretary_ranking_is_titled_and_ranked_within_the_branch(small_demo, tmp_path):
    from djrh_desktop.services import reporting
    from tests.reports.conftest import pdf_text

    s = users.sign_in(small_demo, "shuji", DEMO_PASSWORD)
    branch = small_demo.execute("SELECT name FROM orgs WHERE id = ?", [s.actor.branch_id]).fetchone()[0]
    data = report_data.ranking(s, TODAY.year, None, TODAY)
    assert data["branch"] == branch and {row[2] for row in data["rows"]} == {branch}
    assert [row[0] for row in data["rows"]][0] == 1
    path = tmp_path / "r.pdf"
    reporting.make(s, reporting.ReportRequest("points", TODAY.year), path)
    text = pdf_text(path)
    assert f"积分排名（{branch}）" in text.replace("\n", "") and "全单位" not in text
