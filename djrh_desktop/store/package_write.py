"""Writing what a 数据包 brought (inside the importing service's one transaction): rows keep the global id
they were made with; talks, visits and meetings with their people; ledger entries appended with theirs;
and the file's record of packages and of each record's content as last exchanged."""

from __future__ import annotations

import json

from sqlite_utils import Database

from . import ledger
from . import meetings as meeting_store
from . import package_fusion as fusion
from . import talks as talk_store
from . import visits as visit_store

TABLES = {"org": "orgs", "dept": "departments", "member": "members", "committee": "org_committee", "talk": "talks",
          "visit": "visits", "meeting": "meetings", **fusion.TABLES}  # fmt: skip


def put(db: Database, entity: str, local_id: int | None, gid: str, row: dict) -> int:
    """Add the record (keeping its global id) or overwrite the one the file has. Plain statements: a unit's
    package puts hundreds of these, and sqlite-utils reads the table's columns for each."""
    table = TABLES[entity]
    if local_id is None:
        cols = ", ".join([*row, "gid"])
        return db.execute(f"INSERT INTO {table} ({cols}) VALUES ({', '.join('?' * (len(row) + 1))})",  # noqa: S608
                          [*row.values(), bytes.fromhex(gid)]).lastrowid  # fmt: skip
    db.execute(f"UPDATE {table} SET {', '.join(f'{c} = ?' for c in row)} WHERE id = ?", [*row.values(), local_id])  # noqa: S608
    return local_id


def put_talk(db: Database, local_id: int | None, gid: str, row: dict, talkers: list[dict], talkees: list[int]) -> int:
    if local_id is None:
        return talk_store.insert(db, {**row, "gid": bytes.fromhex(gid)}, talkers, talkees)
    talk_store.replace(db, local_id, row, talkers, talkees)
    return local_id


def put_visit(db: Database, local_id: int | None, gid: str, row: dict, visitors: list[int], family: list) -> int:
    if local_id is None:
        return visit_store.insert(db, {**row, "gid": bytes.fromhex(gid)}, visitors, family)
    visit_store.replace(db, local_id, row, visitors, family)
    return local_id


def put_meeting(db: Database, local_id: int | None, gid: str, row: dict, attendance: dict, appraisals: dict) -> int:
    if local_id is None:
        return meeting_store.insert(db, {**row, "gid": bytes.fromhex(gid)}, attendance, appraisals)
    meeting_store.replace(db, local_id, row, attendance, appraisals)
    return local_id


def add_rules(db: Database, year: int, rules_json: str, created_at: str, items: list[list]) -> None:
    keys = ("code", "dimension", "name", "points", "cap", "veto")
    ledger.freeze_year(db, year, rules_json, [dict(zip(keys, it, strict=True)) for it in items], created_at)


def rule_years(db: Database) -> dict[int, str]:
    return dict(db.execute("SELECT year, rules_json FROM point_rule_sets"))


NATURAL = {"rules", "round", "rating", *fusion.NATURAL}  # records known by what they belong to, not by a random id


def state(db: Database) -> dict[tuple[str, str], str]:
    """(entity, global id) -> content hash as last exchanged (ledger entries apart: they never change, and a branch
    PC notes the thousands it received only to know it has them)."""
    return {(e, g.decode() if e in NATURAL else g.hex()): h
            for e, g, h in db.execute("SELECT entity, gid, hash FROM package_state WHERE entity != 'entry'")}


def put_state(db: Database, rows: list[tuple[str, str, str]]) -> None:
    db.conn.executemany("INSERT OR REPLACE INTO package_state (entity, gid, hash) VALUES (?, ?, ?)",
                        [(e, g.encode() if e in NATURAL else bytes.fromhex(g), h) for e, g, h in rows])  # fmt: skip


def seen(db: Database, package_id: str) -> dict | None:
    return next(iter(db.query("SELECT * FROM packages WHERE package_id = ?", [package_id])), None)


def log_package(db: Database, package_id: str, direction: str, kind: str, peer: str, created_at: str, done_at: str,
                counts: dict) -> None:  # fmt: skip
    db.execute("INSERT OR REPLACE INTO packages VALUES (?, ?, ?, ?, ?, ?, ?)",
               [package_id, direction, kind, peer, created_at, done_at, json.dumps(counts, ensure_ascii=False)])  # fmt: skip


def round_years(db: Database) -> dict[int, str]:
    return dict(db.execute("SELECT year, rules_json FROM rating_rounds"))


def add_round(db: Database, year: int, rules_json: str, opened_at: str) -> None:
    db.execute("INSERT INTO rating_rounds (year, rules_json, opened_at) VALUES (?, ?, ?)", [year, rules_json, opened_at])


def put_rating(db: Database, row: dict) -> None:
    """A branch's rating of a year as the unit has it (one row per branch and year)."""
    db.execute(f"INSERT OR REPLACE INTO rating_branches ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", list(row.values()))


def next_id(db: Database, table: str) -> int:
    assert table in ("members", "meetings", "talks", "visits"), table
    return (db.execute(f"SELECT max(id) FROM {table}").fetchone()[0] or 0) + 1  # noqa: S608


def bulk(db: Database, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """A run of new rows (ids given by the caller, in order). They go through a temporary table without
    constraints and then in with one INSERT ... SELECT: a CHECK (x IN (...)) costs SQLite a lookup table per
    statement run, which executemany pays once per row (meeting_attendance: 2.5x slower)."""
    if not rows:
        return
    cols = ", ".join(columns)
    db.execute("DROP TABLE IF EXISTS temp.pkg_bulk")
    db.execute(f"CREATE TEMP TABLE pkg_bulk AS SELECT {cols} FROM {table} WHERE 0")  # noqa: S608
    try:
        db.conn.executemany(f"INSERT INTO temp.pkg_bulk VALUES ({', '.join('?' * len(columns))})", rows)
        db.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM temp.pkg_bulk")  # noqa: S608
    finally:
        db.execute("DROP TABLE temp.pkg_bulk")


def row_count(db: Database, table: str) -> int:
    assert table in ("meeting_attendance", "point_ledger"), table
    return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
