"""A paper witness for the audit chain (issue 12, case 10): every report prints a 数据核验码; a file
edited and re-hashed after printing passes `djrh check` but fails against the paper."""

from __future__ import annotations

import re
import sqlite3

from djrh_desktop.cli import main as cli_main
from djrh_desktop.services import reporting
from djrh_desktop.store import audit, integrity
from tests.reports.conftest import pdf_text


def rehash_after_editing(path, entry_id: int, summary: str) -> None:
    """What a careful forger does: change an old entry, recompute every later hash and the head in
    `meta`, put the triggers back."""
    conn = sqlite3.connect(path)
    triggers = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'"
    ).fetchall()
    for name, _ in triggers:
        conn.execute(f"DROP TRIGGER {name}")
    conn.execute("UPDATE audit_log SET summary = ? WHERE id = ?", [summary, entry_id])
    cols = [
        "id",
        "at",
        "user_id",
        "username",
        "action",
        "entity",
        "entity_id",
        "summary",
        "before_json",
        "after_json",
    ]
    prev = (
        conn.execute("SELECT hash FROM audit_log WHERE id = ?", [entry_id - 1]).fetchone()[0]
        if entry_id > 1
        else audit.GENESIS
    )
    for values in conn.execute(
        f"SELECT {', '.join(cols)} FROM audit_log WHERE id >= ? ORDER BY id", [entry_id]
    ).fetchall():
        row = dict(zip(cols, values, strict=True))
        h = audit.entry_hash(prev, row)
        conn.execute("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?", [prev, h, row["id"]])
        prev = h
    conn.execute("UPDATE meta SET value = ? WHERE key = 'audit_head_hash'", [prev])
    for _, sql in triggers:
        conn.execute(sql)
    conn.commit()
    conn.close()


def test_report_prints_the_code_and_a_forged_history_fails_against_it(demo_admin, tmp_path, capsys):
    db = demo_admin.db
    path = db.execute("PRAGMA database_list").fetchone()[2]
    out = tmp_path / "q.pdf"
    summary = reporting.make(demo_admin, reporting.ReportRequest("stars", 2025), out)
    code = audit.witness_code(db)
    text = pdf_text(out)
    assert f"数据核验码：{code}" in text and code in summary
    assert re.fullmatch(r"\d+-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}", code)
    assert cli_main(["--db", path, "check", "--code", code]) == 0
    assert "核验通过" in capsys.readouterr().out
    # Later ordinary work does not disturb the witness.
    reporting.make(demo_admin, reporting.ReportRequest("stars", 2025), tmp_path / "again.pdf")
    assert audit.check_code(db, code).ok and audit.check_code(db, code.lower().replace("-", " ", 1)).ok
    # The forger: djrh check is fooled, the paper is not.
    rehash_after_editing(path, 3, "登录")
    assert integrity.check(db) == []
    assert cli_main(["--db", path, "check"]) == 0
    capsys.readouterr()
    assert cli_main(["--db", path, "check", "--code", code]) == 1
    assert "核验不通过" in capsys.readouterr().err


def test_codes_that_cannot_match(demo_admin):
    db = demo_admin.db
    entry = audit.head(db)[0]
    assert not audit.check_code(db, "abc").ok and "不是有效" in audit.check_code(db, "abc").message
    missing = audit.check_code(db, f"{entry + 100}-AAAA-BBBB-CCCC")
    assert not missing.ok and "没有第" in missing.message
    wrong = audit.check_code(db, f"{entry}-0000-0000-0000")
    assert not wrong.ok
