"""Writing and checking the append-only points ledger.

Every row carries a 64-bit hash of its own fields (to name a row edited from outside) and each write
records in the audit log the id range it added with a digest over those row hashes (to catch rows
deleted, added, or re-hashed from outside).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from sqlite_utils import Database

COLUMNS = (
    "id", "member_id", "year", "date", "item_id", "dimension", "quantity", "points", "veto", "note",
    "evidence", "source", "meeting_id", "reverses_id", "reason", "batch_id", "recorded_by", "recorded_at",
)  # fmt: skip
_INSERT = f"INSERT INTO point_ledger ({', '.join(COLUMNS)}, row_hash) VALUES ({', '.join('?' * (len(COLUMNS) + 1))})"


def _s(value) -> str:
    return "" if value is None else str(value)


def row_hash(v) -> int:
    """Hash of one row given in COLUMNS order, as a signed 64-bit integer.

    Written out field by field because demo data hashes 1.6 M rows; quantity and points are REAL
    columns, so they are hashed as floats whatever type the caller passed (+ 0.0 turns -0.0, which
    SQLite stores as 0, into 0.0).
    """
    try:
        text = (
            f"{v[0]}\x1f{v[1]}\x1f{v[2]}\x1f{v[3]}\x1f{v[4]}\x1f{v[5]}\x1f{float(v[6]) + 0.0!r}\x1f{float(v[7]) + 0.0!r}"
            f"\x1f{v[8]}\x1f{_s(v[9])}\x1f{_s(v[10])}\x1f{v[11]}\x1f{_s(v[12])}\x1f{_s(v[13])}\x1f{_s(v[14])}"
            f"\x1f{_s(v[15])}\x1f{_s(v[16])}\x1f{v[17]}"
        )
    except (TypeError, ValueError):  # a REAL column holding text: edited from outside
        text = "\x1f".join(map(_s, v)) + "\x1finvalid"
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big", signed=True)


def range_digest(hashes: Iterable[int]) -> str:
    h = hashlib.blake2b(digest_size=16)
    for value in hashes:
        h.update(value.to_bytes(8, "big", signed=True))
    return h.hexdigest()


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


def append(db: Database, rows: list[dict]) -> tuple[int, int, str]:
    """Insert rows given as dicts keyed by COLUMNS (without id)."""
    return append_tuples(db, [tuple(row.get(c) for c in COLUMNS[1:]) for row in rows])


def verify(db: Database, ranges: list[tuple[int, int, str, int]]) -> list[str]:
    """Problems with the ledger against the audit log's ranges, each naming the row in Chinese."""
    problems: list[str] = []
    ranges = sorted(ranges)
    cursor = db.execute(f"SELECT {', '.join(COLUMNS)}, row_hash FROM point_ledger ORDER BY id")
    ri = 0
    current: list[int] = []
    expected = None

    def close_range(i: int) -> None:
        first, last, digest, audit_id = ranges[i]
        exp = first if expected is None else expected
        if exp <= last:
            span = f"第 {exp} 条" if exp == last else f"第 {exp}—{last} 条"
            problems.append(f"积分台账{span}记录被删除（审计日志第 {audit_id} 条登记过）")
        elif range_digest(current) != digest:
            problems.append(f"积分台账第 {first}—{last} 条记录与审计日志第 {audit_id} 条的摘要不符")

    for values in cursor:
        rid, stored = values[0], values[-1]
        if row_hash(values[:-1]) != stored:
            problems.append(f"积分台账第 {rid} 条记录被改动")
        while ri < len(ranges) and rid > ranges[ri][1]:
            close_range(ri)
            ri += 1
            current, expected = [], None
        if ri < len(ranges) and ranges[ri][0] <= rid <= ranges[ri][1]:
            if expected is None:
                expected = ranges[ri][0]
            if rid != expected:
                span = f"第 {expected} 条" if rid == expected + 1 else f"第 {expected}—{rid - 1} 条"
                problems.append(f"积分台账{span}记录被删除")
            current.append(stored)
            expected = rid + 1
        else:
            problems.append(f"积分台账第 {rid} 条记录不是由本程序写入的")
    while ri < len(ranges):
        close_range(ri)
        ri += 1
        current, expected = [], None
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
