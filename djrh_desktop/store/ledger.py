"""Writing and checking the append-only points ledger.

Every row carries a 64-bit hash of its own fields (to name a row edited from outside) and each write
records in the audit log the id range it added with a digest over those row hashes (to catch rows
deleted, added, or re-hashed from outside).
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Iterable

from sqlite_utils import Database

COLUMNS = (
    "id", "member_id", "year", "date", "item_id", "dimension", "quantity", "points", "veto", "note",
    "evidence", "source", "meeting_id", "reverses_id", "reason", "batch_id", "recorded_by", "recorded_at",
)  # fmt: skip
# Each row's global id (数据包) is drawn by SQLite as the row goes in; a row arriving in a package keeps its own
# (append_from).
_INSERT = f"INSERT INTO point_ledger ({', '.join(COLUMNS)}, row_hash, gid) VALUES ({', '.join('?' * (len(COLUMNS) + 1))}, randomblob(16))"


_SEP = "\x1f"
# The canonical text of a row, built by SQLite when verifying (fast: no per-column Python work)
# and by canonical_text() when inserting. REAL columns use %.15g on both sides, which agree.
_FORMAT = _SEP.join(["%d", "%d", "%d", "%s", "%d", "%s", "%.15g", "%.15g", "%d"] + ["%s"] * 9)
_NULLABLE = {"note", "evidence", "meeting_id", "reverses_id", "reason", "batch_id", "recorded_by"}
CANONICAL_SQL = "printf('{}', {})".format(
    _FORMAT, ", ".join(f"ifnull({c}, '')" if c in _NULLABLE else c for c in COLUMNS)
)


def canonical_text(v) -> str:
    """The same text as CANONICAL_SQL for values given in COLUMNS order (+ 0.0 turns -0.0 into 0).
    One % over the whole row: it runs once per ledger row written (two million in the county demo)."""
    return _FORMAT % (
        v[0], v[1], v[2], v[3], v[4], v[5], float(v[6]) + 0.0, float(v[7]) + 0.0, v[8],
        "" if v[9] is None else v[9], "" if v[10] is None else v[10], v[11], "" if v[12] is None else v[12],
        "" if v[13] is None else v[13], "" if v[14] is None else v[14], "" if v[15] is None else v[15],
        "" if v[16] is None else v[16], v[17],
    )  # fmt: skip


def text_hash(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big", signed=True)


def row_hash(v) -> int:
    """Hash of one row given in COLUMNS order, as a signed 64-bit integer."""
    return text_hash(canonical_text(v))


def range_digest(hashes: Iterable[int]) -> str:
    """blake2b over the row hashes as 8-byte big-endian signed integers, packed in one call (ranges run to
    hundreds of thousands of rows)."""
    values = list(hashes)
    return hashlib.blake2b(struct.pack(f">{len(values)}q", *values), digest_size=16).hexdigest()


def next_id(db: Database) -> int:
    row = db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'point_ledger'").fetchone()
    return (row[0] if row else 0) + 1


def append_tuples(db: Database, rows: list[tuple]) -> tuple[int, int, str]:
    """Insert rows given as tuples in COLUMNS[1:] order with consecutive ids from next_id();
    return (first, last, digest). Call inside the transaction that writes the audit entry."""
    if not rows:
        raise ValueError("no ledger rows")
    first = next_id(db)
    values = []
    hashes = []
    for offset, row in enumerate(rows):
        vals = (first + offset, *row)
        h = row_hash(vals)
        hashes.append(h)
        values.append((*vals, h))
    db.conn.executemany(_INSERT, values)
    return first, first + len(rows) - 1, range_digest(hashes)


def append_from(db: Database, source: str, params: dict, count: int) -> tuple[int, int, str]:
    """Insert the `count` rows of `source` (a subquery giving COLUMNS and gid, ids the ledger's next ones in
    order), each hashed by SQLite over the same canonical text verify() reads back; return (first, last, digest)."""
    first = next_id(db)
    hashes: dict[int, int] = {}

    blake, from_bytes = hashlib.blake2b, int.from_bytes

    def row_hash_of(rid: int, text: bytes) -> int:  # each row's hash, kept for the run's digest as it goes in
        hashes[rid] = h = from_bytes(blake(text, digest_size=8).digest(), "big", signed=True)
        return h

    db.conn.create_function("djrh_row_hash", 2, row_hash_of)  # given the text's UTF-8 bytes: no str made per row
    cols = ", ".join(COLUMNS)
    # No ORDER BY: the ids are given (a sort would hold every row and its hash text; the source runs in id order)
    db.execute(f"INSERT INTO point_ledger ({cols}, row_hash, gid) SELECT {cols}, djrh_row_hash(id, CAST({CANONICAL_SQL} AS BLOB)), gid "
               f"FROM {source}", params)  # fmt: skip  # noqa: S608
    last = first + count - 1
    if next_id(db) != last + 1 or len(hashes) != count:
        raise ValueError("the rows appended must continue the ledger's ids")
    return first, last, range_digest([hashes[i] for i in range(first, last + 1)])


def append(db: Database, rows: list[dict]) -> tuple[int, int, str]:
    """Insert rows given as dicts keyed by COLUMNS (without id)."""
    return append_tuples(db, [tuple(row.get(c) for c in COLUMNS[1:]) for row in rows])


def _spans(ids: list[int]) -> list[str]:
    """[3, 4, 5, 9] -> ['第 3—5 条', '第 9 条']."""
    out, start = [], None
    for i, rid in enumerate(ids):
        if start is None:
            start = rid
        if i + 1 == len(ids) or ids[i + 1] != rid + 1:
            out.append(f"第 {start} 条" if start == rid else f"第 {start}—{rid} 条")
            start = None
    return out


def verify(db: Database, ranges: list[tuple[int, int, str, int]]) -> list[str]:
    """Problems with the ledger against the audit log's ranges, each naming the rows in Chinese."""
    problems: list[str] = []
    blake, from_bytes = hashlib.blake2b, int.from_bytes
    select = f"SELECT id, row_hash, {CANONICAL_SQL} FROM point_ledger WHERE id BETWEEN ? AND ? ORDER BY id"
    for first, last, digest, audit_id in sorted(ranges):
        rows = db.execute(select, [first, last]).fetchall()
        # Inlined hashing: this loop runs once per ledger row (1.6 M on county data).
        edited = [
            rid for rid, stored, text in rows
            if from_bytes(blake(text.encode("utf-8"), digest_size=8).digest(), "big", signed=True) != stored
        ]  # fmt: skip
        problems += [f"积分台账第 {rid} 条记录被改动" for rid in edited]
        if len(rows) != last - first + 1:
            present = {r[0] for r in rows}
            missing = [rid for rid in range(first, last + 1) if rid not in present]
            problems += [
                f"积分台账{span}记录被删除（审计日志第 {audit_id} 条登记过）" for span in _spans(missing)
            ]
        elif range_digest([r[1] for r in rows]) != digest:
            problems.append(f"积分台账第 {first}—{last} 条记录与审计日志第 {audit_id} 条的摘要不符")
    # Rows in no recorded range were written by something other than the program.
    bounds, previous_last = [], 0
    for first, last, _, _ in sorted(ranges):
        bounds.append((previous_last + 1, first - 1))
        previous_last = max(previous_last, last)
    bounds.append((previous_last + 1, 2**62))
    stray = []
    for lo, hi in bounds:
        if lo <= hi:
            stray += [
                r[0]
                for r in db.execute(
                    "SELECT id FROM point_ledger WHERE id BETWEEN ? AND ? ORDER BY id", [lo, hi]
                )
            ]
    problems += [f"积分台账{span}记录不是由本程序写入的" for span in _spans(stray)]
    return problems


def verify_reversals(db: Database) -> list[str]:
    """A reversal must undo exactly the entry it names, for the same member and item."""
    problems = []
    for rid, orig in db.execute(
        """SELECT r.id, r.reverses_id FROM point_ledger r JOIN point_ledger o ON o.id = r.reverses_id
           WHERE r.member_id != o.member_id OR r.item_id != o.item_id OR r.points != -o.points
              OR o.reverses_id IS NOT NULL"""
    ):
        problems.append(f"积分台账第 {rid} 条冲销记录与被冲销的第 {orig} 条不对应")
    for rid, orig in db.execute(
        """SELECT r.id, r.reverses_id FROM point_ledger r LEFT JOIN point_ledger o ON o.id = r.reverses_id
           WHERE r.reverses_id IS NOT NULL AND o.id IS NULL"""
    ):
        problems.append(f"积分台账第 {rid} 条冲销的第 {orig} 条记录不存在")
    return problems


def member_sums(db: Database, member_id: int, year: int, as_of) -> list[tuple]:
    """(dimension, net points, net veto) of one member's year up to as_of."""
    return db.execute("SELECT dimension, SUM(points), SUM(veto) FROM point_ledger WHERE member_id = ? AND year = ? "
                      "AND date <= ? GROUP BY dimension", [member_id, year, as_of.isoformat()]).fetchall()  # fmt: skip


def member_year(db: Database, member_id: int, year: int) -> list[tuple]:
    """A member's entries of a year for the 积分台账: id, date, item, dimension, quantity, points, what."""
    return db.execute(
        """SELECT l.id, l.date, i.name, l.dimension, l.quantity, l.points,
                  CASE WHEN l.reverses_id IS NOT NULL THEN '冲销第' || l.reverses_id || '条：' || ifnull(l.reason, '')
                       WHEN l.meeting_id IS NOT NULL THEN (SELECT type || '“' || topic || '”' FROM meetings WHERE id = l.meeting_id)
                       ELSE ifnull(l.note, '') END
           FROM point_ledger l JOIN point_items i ON i.id = l.item_id WHERE l.member_id = ? AND l.year = ? ORDER BY l.date, l.id""",
        [member_id, year],
    ).fetchall()


# ---- each year's rules and items, and reads of single entries ------------------------------------


def year_rules_json(db: Database, year: int) -> str | None:
    row = db.execute("SELECT rules_json FROM point_rule_sets WHERE year = ?", [year]).fetchone()
    return row[0] if row else None


def freeze_year(db: Database, year: int, rules_json: str, items: list[dict], at: str) -> None:
    """Keep the year's rule set and its items as they are today; old years never change."""
    db["point_rule_sets"].insert({"year": year, "rules_json": rules_json, "created_at": at})
    db["point_items"].insert_all({"year": year, **item} for item in items)


def item(db: Database, year: int, code: str) -> dict | None:
    rows = list(db.query("SELECT * FROM point_items WHERE year = ? AND code = ?", [year, code]))
    return rows[0] if rows else None


def used_by_members(db: Database, member_ids: list[int], item_id: int) -> dict[int, float]:
    """Points each member already has from an item (for yearly caps)."""
    used: dict[int, float] = {}
    for chunk in range(0, len(member_ids), 500):
        part = member_ids[chunk : chunk + 500]
        for mid, total in db.execute(
            f"SELECT member_id, SUM(points) FROM point_ledger WHERE item_id = ? AND member_id IN "
            f"({','.join('?' * len(part))}) GROUP BY member_id",
            [item_id, *part],
        ):
            used[mid] = total or 0.0
    return used


def entry(db: Database, entry_id: int) -> dict | None:
    rows = list(db.query("SELECT * FROM point_ledger WHERE id = ?", [entry_id]))
    return rows[0] if rows else None


def is_reversed(db: Database, entry_id: int) -> bool:
    return db.execute("SELECT 1 FROM point_ledger WHERE reverses_id = ?", [entry_id]).fetchone() is not None


def entry_view(db: Database, entry_id: int) -> dict | None:
    """An entry as the reversal form shows it: date, points, member, branch, item."""
    rows = list(db.query(
        "SELECT l.id, l.date, l.points, m.name AS member, m.branch_id, i.name AS item FROM point_ledger l "
        "JOIN members m ON m.id = l.member_id JOIN point_items i ON i.id = l.item_id WHERE l.id = ?", [entry_id]))  # fmt: skip
    return rows[0] if rows else None


def item_code(db: Database, item_id: int) -> str:
    return db.execute("SELECT code FROM point_items WHERE id = ?", [item_id]).fetchone()[0]


def veto_entries(db: Database, year: int, branch_id: int) -> list[dict]:
    """A branch's members' veto entries of a year (处分, 违法犯罪) that no reversal cancels."""
    return list(db.query(
        """SELECT l.id, l.date, m.name, i.name AS item, l.note FROM point_ledger l
           JOIN members m ON m.id = l.member_id JOIN point_items i ON i.id = l.item_id
           WHERE l.year = ? AND l.veto > 0 AND m.branch_id = ? AND l.reverses_id IS NULL
             AND NOT EXISTS (SELECT 1 FROM point_ledger r WHERE r.reverses_id = l.id)
           ORDER BY l.date, l.id""", [year, branch_id]))  # fmt: skip


def live_batch(db: Database, batch_id: str) -> list[dict]:
    """The entries of a batch that no entry has reversed yet."""
    return list(db.query(
        """SELECT * FROM point_ledger l WHERE l.batch_id = ? AND l.reverses_id IS NULL
           AND NOT EXISTS (SELECT 1 FROM point_ledger r WHERE r.reverses_id = l.id) ORDER BY l.id""", [batch_id]))  # fmt: skip
