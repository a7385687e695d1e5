"""年度关账 (issue 14 / PRODUCT.md 2.8): nothing dated in a closed year can be written — points, imports,
reversals, meetings, talks, visits, rating steps; a reversal of a closed year's entry goes into the open
year and names the entry; reopening is audited with a reason."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook

from djrh_desktop.cli import main as cli_main
from djrh_desktop.domain.errors import PermissionDenied, ValidationError
from djrh_desktop.services import closing, meetings, point_import, points, ratings, talks, visits
from djrh_desktop.services.meetings import MeetingInput
from djrh_desktop.services.points import Posting
from djrh_desktop.services.talks import Talker, TalkInput
from djrh_desktop.services.visits import VisitInput
from tests.conftest import ADMIN_PASSWORD

TODAY = dt.date.today()
LAST = TODAY.year - 1
OLD_DAY = f"{LAST}-06-15"


def counts(db):
    return {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("point_ledger", "meetings", "talks", "visits", "rating_steps")}  # fmt: skip


def test_writes_dated_in_a_closed_year_are_refused_and_nothing_is_written(admin, org_tree, tmp_path):
    p = org_tree["people"]
    entry = points.batch_post(admin, [p["李四"]], Posting("A1-01", OLD_DAY)).ids[0]
    tid = talks.record_talk(admin, TalkInput(type="谈心谈话", date=OLD_DAY, topic="思想", talkers=[Talker(p["张三"])],
                                             talkees=[p["李四"]])).ids[0]  # fmt: skip
    vid = visits.record_visit(admin, VisitInput(OLD_DAY, p["李四"], visitors=[p["张三"]])).ids[0]
    ratings.open_year(admin, LAST)
    closing.close_year(admin, LAST)
    before = counts(admin.db)
    attempts = [
        lambda: points.batch_post(admin, [p["李四"], p["王芳"]], Posting("A1-01", OLD_DAY)),
        lambda: meetings.record_meeting(admin, MeetingInput(org_tree["a"], "党课", OLD_DAY, "党课", attendance={p["李四"]: "出席"})),
        lambda: talks.record_talk(admin, TalkInput(type="谈心谈话", date=OLD_DAY, topic="补记", talkers=[Talker(p["张三"])],
                                                   talkees=[p["李四"]])),
        lambda: talks.set_followup(admin, tid, "已办结"),
        lambda: visits.update_visit(admin, vid, VisitInput(TODAY.isoformat(), p["李四"], visitors=[p["张三"]])),
        lambda: ratings.advance(admin, LAST, org_tree["a"]),
    ]  # fmt: skip
    for attempt in attempts:
        with pytest.raises(ValidationError, match="已关账"):
            attempt()
    wb = Workbook()
    ws = wb.active
    ws.append(["姓名", "所在支部", "积分项目", "日期", "次数"])
    ws.append(["李四", "一监区党支部", "A1-01", TODAY.replace(day=1).isoformat(), 1])
    ws.append(["王芳", "一监区党支部", "A1-01", OLD_DAY, 1])
    wb.save(tmp_path / "p.xlsx")
    with pytest.raises(ValidationError, match="已关账"):
        point_import.apply_points(admin, point_import.plan_points(admin, tmp_path / "p.xlsx"))
    assert counts(admin.db) == before  # not even this year's row of the batch
    # A correction of a closed year's entry goes into the open year and says which entry it corrects.
    rid = points.reverse(admin, entry, "录入错误").ids[0]
    row = admin.db.execute("SELECT year, date, reverses_id, reason, points FROM point_ledger WHERE id = ?", [rid]).fetchone()
    assert row[0] == TODAY.year and row[1] == TODAY.isoformat() and row[2] == entry
    assert row[3] == f"更正{LAST}年度第{entry}条：录入错误" and row[4] < 0
    last_year_total = admin.db.execute("SELECT sum(points) FROM point_ledger WHERE year = ?", [LAST]).fetchone()[0]
    assert last_year_total > 0  # the published year is unchanged


def test_figures_are_final_once_the_year_is_closed(admin, org_tree):
    from djrh_desktop.domain.periods import Quarter
    from djrh_desktop.services import stats

    q = Quarter(LAST, 4)
    assert stats.quarter_figures(admin, q)["final"] is False
    closing.close_year(admin, LAST)
    assert stats.quarter_figures(admin, q)["final"] is True


def test_close_and_reopen_by_the_administrator_only(admin, org_tree, secretary_a, inspector):
    with pytest.raises(ValidationError, match="尚未结束"):
        closing.close_year(admin, TODAY.year)
    for other in (secretary_a, inspector):
        with pytest.raises(PermissionDenied):
            closing.close_year(other, LAST)
    closing.close_year(admin, LAST)
    with pytest.raises(ValidationError, match="原因"):
        closing.reopen_year(admin, LAST, "")
    closing.reopen_year(admin, LAST, "补录遗漏的主题党日")
    assert not closing.is_closed(admin, LAST)
    summaries = [r[0] for r in admin.db.execute("SELECT summary FROM audit_log WHERE entity = 'closed_years' ORDER BY id")]
    assert summaries == [f"{LAST}年度关账：此后不能再登记或修改该年度的记录", f"{LAST}年度重新开账：补录遗漏的主题党日"]
    points.batch_post(admin, [org_tree["people"]["李四"]], Posting("A1-01", OLD_DAY))  # open again


def test_close_year_on_the_command_line(admin, org_tree, db_path, capsys):
    base = ["--db", str(db_path), "--user", "admin", "--password", ADMIN_PASSWORD]
    assert cli_main([*base, "close-year", "--year", str(LAST)]) == 0
    assert "已关账" in capsys.readouterr().out
    assert closing.is_closed(admin, LAST)
    assert cli_main([*base, "reopen-year", "--year", str(LAST), "--reason", "补录"]) == 0
    assert not closing.is_closed(admin, LAST)
