"""Ledger entries in a 数据包 (ledger.sqlite, checked and appended by SQLite): refused by name when their year is
closed here, when what they reverse was reversed here already or is in neither file, a package with a row this
program would not write refused whole; a package of format 1 (entries as JSON lines) still imports."""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import json
import sqlite3
import zipfile

import pytest

from djrh_desktop.domain.errors import DjrhError
from djrh_desktop.services import closing, package_export, package_import, points
from djrh_desktop.services.points import Posting
from djrh_desktop.store import integrity, package_ledger

from .test_packages import DAY, TODAY, counts, office_to_branch

LAST_YEAR = f"{TODAY.year - 1}-06-01"


@dataclasses.dataclass
class Parts:
    manifest: dict
    records: bytes
    ledger: bytes | None


def unpack(path, tmp_path) -> Parts:
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        return Parts(json.loads(z.read("manifest.json")), z.read("records.jsonl"),
                     z.read("ledger.sqlite") if "ledger.sqlite" in names else None)  # fmt: skip


def repack(parts: Parts, out) -> None:
    """The package as the program would write it, checksums and counts recomputed (a hand-edited package)."""
    m = parts.manifest
    m["sha256"] = hashlib.sha256(parts.records).hexdigest()
    lines = len(parts.records.splitlines())
    if parts.ledger is not None:
        rows = len(list(ledger_rows(parts.ledger, out)))
        m["ledger"] = {"rows": rows, "sha256": hashlib.sha256(parts.ledger).hexdigest()}
        m["counts"]["entry"] = rows
        lines += rows
    m["records"] = lines
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("manifest.json", json.dumps(m, ensure_ascii=False))
        z.writestr("records.jsonl", parts.records)
        if parts.ledger is not None:
            z.writestr("ledger.sqlite", parts.ledger)


def ledger_rows(ledger: bytes, near, edit: str | None = None) -> list[tuple]:
    scratch = near.parent / "scratch.sqlite"
    scratch.write_bytes(ledger)
    conn = sqlite3.connect(scratch)
    try:
        if edit:
            conn.executescript(edit)
        return conn.execute(f"SELECT {', '.join(package_ledger.COLUMNS)} FROM entries ORDER BY rowid").fetchall()
    finally:
        conn.close()


def edited(path, tmp_path, edit: str):
    parts = unpack(path, tmp_path)
    out = tmp_path / "edited.djrhpkg"
    ledger_rows(parts.ledger, out, edit)
    parts.ledger = (out.parent / "scratch.sqlite").read_bytes()
    repack(parts, out)
    return out


def back_from_branch(branch_pc, tmp_path):
    back = tmp_path / "back.djrhpkg"
    package_export.export_branch(branch_pc, back)
    return back


def member(s, name: str) -> int:
    return s.db.execute("SELECT id FROM members WHERE name = ?", [name]).fetchone()[0]


def test_a_format_1_package_still_imports(office, org_tree, branch_pc, tmp_path):
    """A package written before the ledger travelled as SQLite rows: its entries are JSON lines among the
    records; they arrive the same, reversal included, and the ledger checks clean."""
    path = tmp_path / "office.djrhpkg"
    package_export.export_office(office, org_tree["a"], path)
    parts = unpack(path, tmp_path)
    keys = package_ledger.COLUMNS[1:]
    hexed = lambda v: v.hex() if isinstance(v, bytes) else v  # noqa: E731
    lines = [json.dumps({"t": "entry", "g": row[0].hex(), "d": {k: hexed(v) for k, v in zip(keys, row[1:], strict=True)}},
                        ensure_ascii=False).encode() for row in ledger_rows(parts.ledger, path)]  # fmt: skip
    sent = counts(office.db)["point_ledger"]  # the meeting's attendance entries, one posted and its reversal
    assert len(lines) == sent > 2
    parts.records += b"\n".join(lines) + b"\n"
    parts.ledger = None
    parts.manifest["format"] = 1
    del parts.manifest["ledger"]
    old = tmp_path / "format1.djrhpkg"
    repack(parts, old)
    plan = package_import.plan_import(branch_pc, old)
    assert not plan.refused and plan.entries_new == sent
    package_import.apply_import(branch_pc, plan)
    assert counts(branch_pc.db)["point_ledger"] == sent
    assert branch_pc.db.execute("SELECT count(*) FROM point_ledger WHERE reverses_id IS NOT NULL").fetchone()[0] == 1
    assert integrity.check(branch_pc.db, full=True) == []


def test_entries_of_a_closed_year_are_refused_by_name(office, org_tree, branch_pc, tmp_path):
    office_to_branch(office, org_tree, branch_pc, tmp_path)
    points.batch_post(branch_pc, [member(branch_pc, "张三")], Posting("A1-01", LAST_YEAR))
    points.batch_post(branch_pc, [member(branch_pc, "李四")], Posting("A1-01", DAY))
    closing.close_year(office, TODAY.year - 1)
    before = counts(office.db)["point_ledger"]
    plan = package_import.plan_import(office, back_from_branch(branch_pc, tmp_path))
    closed = f"{TODAY.year - 1}年度已关账，不能再增加或修改该年度的记录"
    assert plan.refused == [("积分规则", f"{TODAY.year - 1}年度5A积分规则", closed),  # the branch PC froze that year's rules
                            ("积分记录", f"{LAST_YEAR} 张三 A1-01 +0.5分", closed)]
    assert plan.entries_new == 1 and plan.entries_shown == [f"{DAY} 李四 A1-01 +0.5分"]
    package_import.apply_import(office, plan)
    db = office.db
    assert counts(db)["point_ledger"] == before + 1
    assert db.execute("SELECT count(*) FROM point_ledger WHERE year = ?", [TODAY.year - 1]).fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM point_rule_sets WHERE year = ?", [TODAY.year - 1]).fetchone()[0] == 0
    assert integrity.check(db, full=True) == []


def test_an_entry_reversed_on_both_sides_is_reversed_once(office, org_tree, branch_pc, tmp_path):
    """The office and the branch PC each reverse the same entry: the branch's reversal is refused, not a
    second one written (the ledger allows one), and the rest of the package goes in."""
    entry = points.batch_post(office, [org_tree["people"]["李四"]], Posting("A1-01", DAY)).ids[0]
    office_to_branch(office, org_tree, branch_pc, tmp_path)
    theirs = branch_pc.db.execute("SELECT l.id FROM point_ledger l JOIN members m ON m.id = l.member_id WHERE m.name = '李四'").fetchone()[0]
    points.reverse(branch_pc, theirs, "支部发现登记错误")
    points.batch_post(branch_pc, [member(branch_pc, "王芳")], Posting("A1-01", DAY))
    points.reverse(office, entry, "机关党委发现登记错误")
    plan = package_import.plan_import(office, back_from_branch(branch_pc, tmp_path))
    assert [(e, why) for e, _l, why in plan.refused] == [("积分记录", "冲销的原记录已被冲销")]
    assert "李四" in plan.refused[0][1] and plan.entries_new == 1
    package_import.apply_import(office, plan)
    db = office.db
    assert db.execute("SELECT count(*) FROM point_ledger WHERE reverses_id = ?", [entry]).fetchone()[0] == 1
    assert db.execute("SELECT reason FROM point_ledger WHERE reverses_id = ?", [entry]).fetchone() == ("机关党委发现登记错误",)
    assert integrity.check(db, full=True) == []


def test_a_reversal_whose_original_is_in_neither_file_is_refused(office, org_tree, branch_pc, tmp_path):
    office_to_branch(office, org_tree, branch_pc, tmp_path)
    posted = points.batch_post(branch_pc, [member(branch_pc, "王芳")], Posting("A1-02", DAY)).ids[0]
    points.reverse(branch_pc, posted, "误登")
    original = branch_pc.db.execute("SELECT gid FROM point_ledger WHERE id = ?", [posted]).fetchone()[0]
    # the package without the original (as one exported --since a day after it would be)
    partial = edited(back_from_branch(branch_pc, tmp_path), tmp_path, f"DELETE FROM entries WHERE g = x'{original.hex()}'")
    before = counts(office.db)
    plan = package_import.plan_import(office, partial)
    assert [(e, why) for e, _l, why in plan.refused] == [("积分记录", "冲销的原记录不在本数据文件或数据包中")]
    assert plan.entries_new == 0
    package_import.apply_import(office, plan)
    assert counts(office.db)["point_ledger"] == before["point_ledger"]
    assert integrity.check(office.db, full=True) == []


@pytest.mark.parametrize(("edit", "words"), [
    ("UPDATE entries SET date = NULL WHERE rowid = 2", "第 2 条积分记录内容不完整或无法识别"),
    ("UPDATE entries SET points = 'abc' WHERE rowid = 1", "第 1 条积分记录内容不完整或无法识别"),
    ("UPDATE entries SET source = '外部' WHERE rowid = 1", "第 1 条积分记录内容不完整或无法识别"),
    ("CREATE VIEW extra AS SELECT 1", "积分记录部分结构无法识别"),
])  # fmt: skip
def test_a_ledger_part_this_program_would_not_write_refuses_the_package(office, org_tree, branch_pc, tmp_path, edit, words):
    path = tmp_path / "office.djrhpkg"
    package_export.export_office(office, org_tree["a"], path)
    bad = edited(path, tmp_path, edit)
    before = counts(branch_pc.db)
    with pytest.raises(DjrhError, match=words):
        package_import.plan_import(branch_pc, bad)
    assert counts(branch_pc.db) == before


def test_the_ledger_part_holds_the_ledger_as_it_is(small_demo, tmp_path):
    """Each row of the package's ledger is the file's entry with its global id, its member's, its item's code,
    its meeting's and its original's global ids, in the order appended."""
    db = small_demo
    sent = package_ledger.export(db, tmp_path / "ledger.sqlite", "1", [])
    with package_ledger.attached(db, tmp_path / "ledger.sqlite"):
        rows = db.execute(f"SELECT {', '.join(package_ledger.COLUMNS)} FROM pkg.entries ORDER BY rowid").fetchall()  # noqa: S608
    fields = ", ".join(f"l.{c}" for c in package_ledger.COLUMNS[5:])
    expected = db.execute(f"""SELECT l.gid, m.gid, i.code, mt.gid, rv.gid, {fields} FROM point_ledger l JOIN members m ON m.id = l.member_id
                              JOIN point_items i ON i.id = l.item_id LEFT JOIN meetings mt ON mt.id = l.meeting_id
                              LEFT JOIN point_ledger rv ON rv.id = l.reverses_id ORDER BY l.id""").fetchall()  # fmt: skip  # noqa: S608
    assert len(rows) > 1000 and rows == expected and sent == len(expected)
    assert package_ledger.gids(db, tmp_path / "ledger.sqlite") == [r[0] for r in expected]
    assert any(r[3] for r in rows) and any(r[4] for r in rows)  # meetings' and reversals' entries among them
    assert not db.conn.in_transaction and db.execute("PRAGMA database_list").fetchall()[-1][1] != "pkg"


def test_unpacked_ledger_goes_with_the_plan(office, org_tree, branch_pc, tmp_path):
    path = tmp_path / "office.djrhpkg"
    package_export.export_office(office, org_tree["a"], path)
    plan = package_import.plan_import(branch_pc, path)
    folder = plan.ledger.parent
    assert folder.is_dir()
    package_import.apply_import(branch_pc, plan)
    del plan
    gc.collect()  # the unpacked ledger file is temporary: gone with the plan
    assert not folder.exists()
    assert counts(branch_pc.db)["point_ledger"] == counts(office.db)["point_ledger"]
