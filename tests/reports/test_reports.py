"""Reports read back: figures equal independent SQL counts, fonts embedded, empty periods, errors."""

import datetime as dt
import re

import pytest

from djrh_desktop.domain.errors import DjrhError, ValidationError
from djrh_desktop.domain.periods import Quarter
from djrh_desktop.reports import fonts
from djrh_desktop.reports.cjk import NO_END, NO_START
from djrh_desktop.services import reporting
from djrh_desktop.services.reporting import ReportRequest
from djrh_desktop.services.session import system_session
from tests.reports.conftest import flat, pdf_fonts, pdf_text, requires_cjk_font

TODAY = dt.date.today()


def sql(db, query, *params):
    return db.execute(query, params).fetchone()[0]


@pytest.mark.parametrize("back", [0, 2])
def test_quarterly_figures_equal_sql_counts(demo_admin, tmp_path, back):
    q = Quarter.of(TODAY)
    for _ in range(back):
        q = q.previous()
    path = tmp_path / "q.pdf"
    reporting.make(demo_admin, ReportRequest("quarterly", q.year, q.quarter), path)
    text = flat(pdf_text(path))
    db = demo_admin.db
    s, e = q.start.isoformat(), q.end.isoformat()
    expected = {
        "党支部": sql(db, "SELECT count(*) FROM orgs WHERE kind = '党支部'"),
        "季末在册党员": sql(
            db,
            "SELECT count(*) FROM members WHERE (join_date IS NULL OR join_date <= ?) AND (left_date IS NULL OR left_date > ?)",
            e,
            e,
        ),
        "会议": sql(db, "SELECT count(*) FROM meetings WHERE date >= ? AND date <= ?", s, e),
        "谈心谈话": sql(
            db,
            "SELECT count(*) FROM talks t JOIN talk_talkees x ON x.talk_id = t.id WHERE t.date >= ? AND t.date <= ?",
            s,
            e,
        ),
        "谈话次数": sql(db, "SELECT count(*) FROM talks WHERE date >= ? AND date <= ?", s, e),
        "家访": sql(db, "SELECT count(*) FROM visits WHERE date >= ? AND date <= ?", s, e),
        "承诺书": sql(
            db,
            "SELECT count(*) FROM visits WHERE pledge_signed = 1 AND pledge_date >= ? AND pledge_date <= ?",
            s,
            e,
        ),
        "积分": sql(db, "SELECT count(*) FROM point_ledger WHERE date >= ? AND date <= ?", s, e),
        "出席": sql(db, "SELECT count(*) FROM meeting_attendance a JOIN meetings m ON m.id = a.meeting_id "
                        "WHERE m.date >= ? AND m.date <= ? AND a.status = '出席'", s, e),
        "应到": sql(db, "SELECT count(*) FROM meeting_attendance a JOIN meetings m ON m.id = a.meeting_id "
                        "WHERE m.date >= ? AND m.date <= ?", s, e),
        "学习次数": sql(db, "SELECT count(DISTINCT batch_id) FROM point_ledger l JOIN point_items i ON i.id = l.item_id "
                          "WHERE l.date >= ? AND l.date <= ? AND i.code = 'A1-01' AND l.reverses_id IS NULL", s, e),
    }
    study = sql(db, "SELECT count(*) FROM point_ledger l JOIN point_items i ON i.id = l.item_id WHERE l.date >= ? AND l.date <= ? "
                    "AND i.code = 'A1-01' AND l.reverses_id IS NULL AND l.id NOT IN (SELECT reverses_id FROM point_ledger "
                    "WHERE reverses_id IS NOT NULL)", s, e)  # fmt: skip
    sentence = (
        f"全单位共有党支部{expected['党支部']}个，季末在册党员{expected['季末在册党员']}名。本季度召开“三会一课”等组织生活会议"
        f"{expected['会议']}次，党员参会率{expected['出席'] / expected['应到'] * 100:.1f}%；开展集中学习{expected['学习次数']}次、"
        f"{study}人次，开展谈心谈话{expected['谈心谈话']}人次（{expected['谈话次数']}次），开展廉政家访{expected['家访']}人次，"
        f"签订《家庭助廉承诺书》{expected['承诺书']}份，积分登记{expected['积分']:,}条"
    )
    assert sentence in text
    from djrh_desktop.services import stats

    figures = stats.quarter_figures(system_session(db), q)  # the same numbers as `djrh stats`
    assert f"共有5A党员{figures['five_a_members']}名" in text
    assert figures["meetings"] == expected["会议"] and figures["talks"] == expected["谈心谈话"]
    for title in (
        "一、总体情况",
        "二、支部评星定级",
        "三、党员5A量化积分",
        "四、谈心谈话",
        "五、廉政家访",
        "六、“三会一课”落实情况",
    ):
        assert title in text


@requires_cjk_font
def test_fonts_embedded_and_marks_present(demo_admin, tmp_path):
    path = tmp_path / "q.pdf"
    q = Quarter.of(TODAY)
    reporting.make(demo_admin, ReportRequest("quarterly", q.year, q.quarter), path)
    cjk = {name: emb for name, emb in pdf_fonts(path).items() if name != "/Helvetica"}
    assert cjk and all(cjk.values()), cjk
    text = pdf_text(path)
    assert "内部资料" in text and "— 1 —" in text and "生成时间" in text and "北山监狱" in text


def test_fallback_font_when_none_installed(demo_admin, tmp_path, no_system_fonts):
    path = tmp_path / "q.pdf"
    reporting.make(demo_admin, ReportRequest("stars", TODAY.year - 1), path)
    used = pdf_fonts(path)
    assert "/STSong-Light" in " ".join(used) or any("STSong" in n for n in used)
    assert "本机未找到可嵌入的中文字体" in flat(pdf_text(path))


def test_otf_font_refused(tmp_path):
    otf = tmp_path / "NotoSansCJK-Regular.otf"
    otf.write_bytes(b"OTTO" + b"\0" * 100)
    with pytest.raises(DjrhError, match="OpenType/CFF"):
        fonts.check_font_file(otf)


@requires_cjk_font
def test_no_report_line_breaks_the_rules(demo_admin, tmp_path):
    q = Quarter.of(TODAY)
    for kind, quarter in (
        ("quarterly", q.quarter),
        ("talks", q.quarter),
        ("visits", None),
        ("stars", None),
        ("meetings", q.quarter),
    ):
        path = tmp_path / f"{kind}.pdf"
        reporting.make(demo_admin, ReportRequest(kind, q.year, quarter), path)
        for line in pdf_text(path).splitlines():
            line = line.strip()
            if line and not re.fullmatch(r"— \d+ —", line):  # the page number is not body text
                assert line[0] not in NO_START and line[-1] not in NO_END, f"{kind}: {line}"


def test_empty_period_says_so(small_demo, demo_admin, tmp_path):
    small_demo.execute("DELETE FROM talk_talkers")  # not immutable tables: simulate a quarter without talks
    small_demo.execute("DELETE FROM talk_talkees")
    small_demo.execute("DELETE FROM talks")
    small_demo.conn.commit()
    path = tmp_path / "t.pdf"
    reporting.make(demo_admin, ReportRequest("talks", TODAY.year, Quarter.of(TODAY).quarter), path)
    assert "没有谈心谈话记录" in flat(pdf_text(path))
    path2 = tmp_path / "s.pdf"
    reporting.make(demo_admin, ReportRequest("stars", 1999), path2)
    assert "尚未开启" in flat(pdf_text(path2))


def test_member_ledger_and_ranking(demo_admin, tmp_path):
    db = demo_admin.db
    mid, name, id_number = db.execute(
        "SELECT id, name, id_number FROM members WHERE status = '在册' ORDER BY id LIMIT 1"
    ).fetchone()
    path = tmp_path / "m.pdf"
    reporting.make(demo_admin, ReportRequest("points", TODAY.year, member_id=mid), path)
    text = flat(pdf_text(path))
    n = sql(db, "SELECT count(*) FROM point_ledger WHERE member_id = ? AND year = ?", mid, TODAY.year)
    first_ids = [
        r[0]
        for r in db.execute(
            "SELECT id FROM point_ledger WHERE member_id = ? AND year = ? ORDER BY date, id",
            [mid, TODAY.year],
        )
    ]
    assert name in text and id_number[:6] + "********" + id_number[-4:] in text
    assert all(str(i) in text for i in first_ids[:5]) and n > 0
    path2 = tmp_path / "r.pdf"
    branch_id, branch = db.execute("SELECT id, name FROM orgs WHERE kind = '党支部' ORDER BY id LIMIT 1").fetchone()
    reporting.make(demo_admin, ReportRequest("points", TODAY.year, branch_id=branch_id), path2)
    members = sql(
        db,
        "SELECT count(*) FROM members m JOIN orgs o ON o.id = m.branch_id WHERE o.name = ? AND m.status = '在册'",
        branch,
    )
    ranks = re.findall(r"^\s*(\d+)\s", pdf_text(path2), re.M)
    assert len(ranks) >= members - 1


@pytest.mark.parametrize(
    "req, message",
    [
        (ReportRequest("quarterly", 2026, 7), "季度只能是"),
        (ReportRequest("quarterly", 2100, 1), "尚未开始"),
        (ReportRequest("points", 2025, member_id=999_999), "不存在"),
        (ReportRequest("points", 2025, branch_id=999_999), "没有该党支部"),
        (ReportRequest("quarterly", 2025), "须指定季度"),
    ],
)
def test_bad_requests_refused_and_no_file(demo_admin, tmp_path, req, message):
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises((ValidationError, DjrhError), match=message):
        reporting.make(demo_admin, req, out / "x.pdf")
    assert list(out.iterdir()) == []


def test_unwritable_output(demo_admin, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(DjrhError, match="不存在"):
        reporting.make(demo_admin, ReportRequest("stars", 2025), out / "nope" / "x.pdf")
    with pytest.raises(DjrhError, match="文件夹"):
        reporting.make(demo_admin, ReportRequest("stars", 2025), out)
    assert list(out.iterdir()) == []


def test_locked_output_leaves_nothing(demo_admin, tmp_path, monkeypatch):
    """A target the OS refuses (open in another program on Windows): a message, no stray file."""
    import os as _os

    out = tmp_path / "out"
    out.mkdir()

    def refuse(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("djrh_desktop.files.os.replace", refuse)
    with pytest.raises(DjrhError, match="正被其他程序"):
        reporting.make(demo_admin, ReportRequest("stars", 2025), out / "x.pdf")
    monkeypatch.setattr("djrh_desktop.files.os.replace", _os.replace)
    assert list(out.iterdir()) == []


def test_cli_report(tmp_path, small_demo_template, capsys, monkeypatch):
    import shutil

    from djrh_desktop.cli import main

    db = tmp_path / "d.db"
    shutil.copy(small_demo_template, db)
    monkeypatch.setenv("DJRH_USER", "admin")
    monkeypatch.setenv("DJRH_PASSWORD", "djrh2026")
    out = tmp_path / "meet.pdf"
    q = Quarter.of(TODAY)
    assert (
        main(
            [
                "--db",
                str(db),
                "report",
                "meetings",
                "--year",
                str(q.year),
                "--quarter",
                str(q.quarter),
                "-o",
                str(out),
            ]
        )
        == 0
    )
    assert "三会一课" in flat(pdf_text(out))
    assert (
        main(
            [
                "--db",
                str(db),
                "report",
                "quarterly",
                "--year",
                "2026",
                "--quarter",
                "9",
                "-o",
                str(tmp_path / "z.pdf"),
            ]
        )
        == 1
    )
    assert "季度只能是" in capsys.readouterr().err and not (tmp_path / "z.pdf").exists()
