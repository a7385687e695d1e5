"""The ledger part of a 数据包 (docs/数据包格式.md): entries travel as the rows of a small SQLite file
(ledger.sqlite in the zip) that SQLite itself writes from the ledger and reads back. A unit's ledger is tens of
thousands of rows; turning each into a Python object and back was most of an import's time. Global ids stay
16-byte blobs as in the data file, so the preview's checks and the append are joins, not loops."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from sqlite_utils import Database

from ..domain.errors import DjrhError
from . import ledger
from .package_read import ENTRY_FIELDS

COLUMNS = ("g", "member", "item", "meeting", "reverses", *ENTRY_FIELDS)
SCHEMA = ("CREATE TABLE entries (g BLOB PRIMARY KEY, member BLOB, item TEXT, meeting BLOB, reverses BLOB, year INTEGER, "
          "date TEXT, dimension TEXT, quantity REAL, points REAL, veto INTEGER, note TEXT, evidence TEXT, source TEXT, "
          "reason TEXT, batch_id TEXT, recorded_at TEXT)")  # fmt: skip
_EXPECTED = [("index", "sqlite_autoindex_entries_1", None), ("table", "entries", SCHEMA)]


def create(path: Path) -> None:
    """An empty ledger file (the package's own, not the data file)."""
    path.unlink(missing_ok=True)
    conn = sqlite3.connect(path)
    try:
        conn.execute(SCHEMA)
        conn.commit()
    finally:
        conn.close()


def write_rows(path: Path, rows: list[tuple]) -> None:
    """A ledger file from rows in COLUMNS order (a format-1 package's entries, read as JSON lines)."""
    create(path)
    conn = sqlite3.connect(path)
    try:
        conn.executemany(f"INSERT INTO entries VALUES ({', '.join('?' * len(COLUMNS))})", rows)
        conn.commit()
    finally:
        conn.close()


@contextlib.contextmanager
def attached(db: Database, path: Path) -> Iterator[None]:
    """The package's ledger as schema `pkg` of the data file's connection (SQLite attaches only between
    transactions: callers attach first, then begin)."""
    if db.conn.in_transaction:  # a caller's own transaction: the package's services make theirs
        raise DjrhError("数据包的导入导出须单独进行，不能放在另一项尚未完成的修改之中")
    db.execute("ATTACH DATABASE ? AS pkg", [str(path)])
    try:
        yield
    finally:
        if db.conn.in_transaction:
            db.conn.rollback()
        db.execute("DETACH DATABASE pkg")


def export(db: Database, path: Path, where: str, params: list) -> int:
    """Write the ledger entries matching `where` (over point_ledger l) to a new ledger file, in the order they
    were appended (a reversal after what it reverses); returns how many."""
    create(path)
    with attached(db, path):
        db.execute("PRAGMA pkg.journal_mode=OFF")  # a new file of our own: nothing to roll back to
        db.execute("BEGIN")  # deferred: only the package's file is written, the data file only read
        db.execute(f"""INSERT INTO pkg.entries SELECT l.gid, m.gid, i.code, mt.gid, rv.gid, {', '.join(f'l.{c}' for c in ENTRY_FIELDS)}
                       FROM point_ledger l JOIN members m ON m.id = l.member_id JOIN point_items i ON i.id = l.item_id
                       LEFT JOIN meetings mt ON mt.id = l.meeting_id LEFT JOIN point_ledger rv ON rv.id = l.reverses_id
                       WHERE {where} ORDER BY l.id""", params)  # fmt: skip  # noqa: S608
        db.conn.commit()
        return db.execute("SELECT count(*) FROM pkg.entries").fetchone()[0]


def gids(db: Database, path: Path) -> list[bytes]:
    """The global ids of a ledger file's entries (those a branch PC has now sent)."""
    with attached(db, path):
        return [g for (g,) in db.execute("SELECT g FROM pkg.entries ORDER BY rowid")]


# Rows a package made by this program never has (a file hand-edited, its checksums recomputed): the package
# is refused as a whole, as a damaged one is.
_MALFORMED = " OR ".join((
    "typeof(g) != 'blob' OR length(g) != 16 OR typeof(member) != 'blob' OR typeof(item) != 'text'",
    "typeof(year) != 'integer' OR typeof(date) != 'text' OR date NOT GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'",
    "typeof(dimension) != 'text' OR typeof(quantity) NOT IN ('real', 'integer') OR typeof(points) NOT IN ('real', 'integer')",
    "typeof(veto) != 'integer' OR source IS NULL OR source NOT IN ('手工', '活动签到', '导入') OR typeof(recorded_at) != 'text'",
    "(meeting IS NOT NULL AND typeof(meeting) != 'blob') OR (reverses IS NOT NULL AND typeof(reverses) != 'blob')",
))  # fmt: skip


def problem(db: Database, expected_rows: int) -> str | None:
    """What is wrong with the attached ledger file as a package's (its tables, its row count, a row this program
    would not have written), if anything."""
    try:
        found = db.execute("SELECT type, name, sql FROM pkg.sqlite_master ORDER BY type, name").fetchall()
        if found != _EXPECTED:
            return "的积分记录部分结构无法识别"
        n = db.execute("SELECT count(*) FROM pkg.entries").fetchone()[0]
        if n != expected_rows:
            return f"的积分记录部分不完整（应有 {expected_rows} 条，实有 {n} 条）"
        bad = db.execute(f"SELECT rowid FROM pkg.entries WHERE {_MALFORMED} ORDER BY rowid LIMIT 1").fetchone()  # noqa: S608
    except sqlite3.DatabaseError:
        return "的积分记录部分已损坏"
    return f"的第 {bad[0]} 条积分记录内容不完整或无法识别" if bad else None


# Each entry's fate, by joins against the file: held already (unchanged), refused (why), or new. Params: closed
# years, and what the package adds besides the file's own (members' and meetings' global ids in hex, rules'
# items as "year code"), each a JSON array. Then the reversals whose original is neither here nor among the
# package's new entries (refused too), and the new entries numbered in the package's order: pkg_new's rowid.
# Built by CREATE ... AS SELECT, which writes only the connection's temporary schema (a preview takes no lock
# on the data file).
_JUDGED = """CREATE TEMP TABLE pkg_v AS
  SELECT e.rowid AS r, e.g AS g, e.reverses AS reverses, l.id AS held, m.id AS member_id, i.id AS item_id,
         mt.id AS meeting_id, rv.id AS reverses_id,
         CASE WHEN l.id IS NOT NULL THEN NULL
              WHEN e.year IN (SELECT value FROM json_each(:closed)) THEN printf('%d年度已关账，不能再增加或修改该年度的记录', e.year)
              WHEN m.id IS NULL AND hex(e.member) NOT IN (SELECT value FROM json_each(:members)) THEN '所属的党员不在本数据文件或数据包中'
              WHEN e.meeting IS NOT NULL AND mt.id IS NULL AND hex(e.meeting) NOT IN (SELECT value FROM json_each(:meetings))
                   THEN '所属的会议不在本数据文件或数据包中'
              WHEN i.id IS NULL AND printf('%d %s', e.year, e.item) NOT IN (SELECT value FROM json_each(:items))
                   THEN CASE WHEN e.year IN (SELECT year FROM point_rule_sets) THEN printf('本数据文件%d年度的积分规则中没有“%s”', e.year, e.item)
                             ELSE printf('本数据文件没有%d年度的积分规则', e.year) END
              WHEN rv.id IS NOT NULL AND EXISTS (SELECT 1 FROM point_ledger x WHERE x.reverses_id = rv.id) THEN '冲销的原记录已被冲销'
         END AS why
  FROM pkg.entries e LEFT JOIN point_ledger l ON l.gid = e.g LEFT JOIN members m ON m.gid = e.member
       LEFT JOIN point_items i ON i.year = e.year AND i.code = e.item LEFT JOIN meetings mt ON mt.gid = e.meeting
       LEFT JOIN point_ledger rv ON rv.gid = e.reverses
  ORDER BY e.rowid"""  # noqa: S608  (the scan's own order: pkg_v's rowids follow the package's)
_ORPHANS = """CREATE TEMP TABLE pkg_orphans AS
  WITH c AS (SELECT r, reverses FROM pkg_v WHERE why IS NULL AND held IS NULL AND reverses IS NOT NULL AND reverses_id IS NULL)
  SELECT r FROM c WHERE reverses NOT IN (SELECT g FROM pkg_v WHERE why IS NULL AND held IS NULL AND g IN (SELECT reverses FROM c))"""
_NEW = """CREATE TEMP TABLE pkg_new AS
  SELECT * FROM pkg_v WHERE why IS NULL AND held IS NULL AND r NOT IN (SELECT r FROM pkg_orphans) ORDER BY rowid"""
# The new entries that the same run reverses, with their numbers (few: an index over these, not all of them).
_ORIGINALS = """CREATE TEMP TABLE pkg_originals AS
  SELECT g, rowid AS n FROM pkg_new WHERE g IN (SELECT reverses FROM pkg_new WHERE reverses IS NOT NULL AND reverses_id IS NULL)"""
_TEMP = ("pkg_v", "pkg_orphans", "pkg_new", "pkg_originals")


@contextlib.contextmanager
def _judged(db: Database, closed: str, members: str = "[]", meetings: str = "[]", items: str = "[]") -> Iterator[None]:
    for t in _TEMP:
        db.execute(f"DROP TABLE IF EXISTS temp.{t}")
    try:
        db.execute(_JUDGED, {"closed": closed, "members": members, "meetings": meetings, "items": items})
        db.execute(_ORPHANS)
        db.execute(_NEW)
        yield
    finally:
        for t in _TEMP:
            db.execute(f"DROP TABLE IF EXISTS temp.{t}")


def preview(db: Database, closed: str, members: str, meetings: str, items: str, shown: int) -> tuple[int, int, list, list]:
    """(unchanged, new, refused, first new): the refused as (hex member, date, item, points, why) and the first
    `shown` new ones as (hex member, date, item, points), in the package's order. Writes nothing of the file."""
    with _judged(db, closed, members, meetings, items):
        unchanged = db.execute("SELECT count(held) FROM temp.pkg_v").fetchone()[0]
        new = db.execute("SELECT max(rowid) FROM temp.pkg_new").fetchone()[0] or 0
        entry = "SELECT hex(e.member), e.date, e.item, e.points{} FROM {} JOIN pkg.entries e ON e.rowid = v.r"
        refused = db.execute(entry.format(", v.why, v.r", "temp.pkg_v v") + " WHERE v.why IS NOT NULL UNION ALL "
                             + entry.format(", '冲销的原记录不在本数据文件或数据包中', v.r", "temp.pkg_orphans v") + " ORDER BY 6").fetchall()
        first = db.execute(entry.format("", "temp.pkg_new v") + f" WHERE v.rowid <= {int(shown)} ORDER BY v.rowid").fetchall()
    return unchanged, new, [x[:5] for x in refused], first


# The new entries as ledger rows: ids consecutive from the ledger's next (:first) in the package's order, so a
# reversal finds its original's id in the same run.
_NEW_ROWS = """(SELECT :first - 1 + v.rowid AS id, v.member_id AS member_id, e.year AS year, e.date AS date, v.item_id AS item_id,
    e.dimension AS dimension, e.quantity AS quantity, e.points AS points, e.veto AS veto, e.note AS note, e.evidence AS evidence,
    e.source AS source, v.meeting_id AS meeting_id, coalesce(v.reverses_id, :first - 1 + o.n) AS reverses_id, e.reason AS reason,
    e.batch_id AS batch_id, NULL AS recorded_by, e.recorded_at AS recorded_at, e.g AS gid
  FROM temp.pkg_new v JOIN pkg.entries e ON e.rowid = v.r LEFT JOIN temp.pkg_originals o ON o.g = v.reverses AND v.reverses_id IS NULL)"""


def append(db: Database, closed: str) -> tuple[int, int, str] | None:
    """Inside the importing transaction, after the package's members, meetings and rules are written: append
    the package's new entries as one run; returns its range and digest, or None when there were none."""
    with _judged(db, closed):
        n = db.execute("SELECT max(rowid) FROM temp.pkg_new").fetchone()[0]
        if not n:
            return None
        db.execute(_ORIGINALS)
        db.execute("CREATE UNIQUE INDEX temp.pkg_originals_g ON pkg_originals(g)")
        return ledger.append_from(db, _NEW_ROWS, {"first": ledger.next_id(db)}, n)


def note_exchanged(db: Database) -> None:
    """Every entry of the attached package as exchanged (a branch PC sends back only what it did not receive;
    entries never change, so what counts is that it has been seen)."""
    db.execute("INSERT OR REPLACE INTO package_state (entity, gid, hash) SELECT 'entry', g, '' FROM pkg.entries")
