"""The append-only audit log, chained by hash.

Each entry's hash covers the previous entry's hash and its own fields, and ids run 1, 2, 3 … without
gaps; the newest id and hash are also kept in `meta`, so a deleted last entry is noticed too.
Triggers refuse UPDATE and DELETE from the program; the chain catches edits made from outside.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from sqlite_utils import Database

from .clock import now_text

GENESIS = "0" * 64
_HEAD_ID = "audit_head_id"
_HEAD_HASH = "audit_head_hash"


@dataclass(frozen=True)
class Actor:
    """Who a write is done by, as the audit log names them."""

    user_id: int | None
    username: str
    role: str
    branch_id: int | None = None
    member_id: int | None = None
    display_name: str = ""


def canonical(obj) -> str | None:
    if obj is None:
        return None
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def entry_hash(prev_hash: str, row: dict) -> str:
    parts = [
        prev_hash,
        str(row["id"]),
        row["at"],
        "" if row["user_id"] is None else str(row["user_id"]),
        row["username"],
        row["action"],
        row["entity"],
        row["entity_id"] or "",
        row["summary"],
        row["before_json"] or "",
        row["after_json"] or "",
    ]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def head(db: Database) -> tuple[int, str]:
    rows = dict(
        db.execute("SELECT key, value FROM meta WHERE key IN (?, ?)", [_HEAD_ID, _HEAD_HASH]).fetchall()
    )
    return int(rows.get(_HEAD_ID, 0)), rows.get(_HEAD_HASH, GENESIS)


def append(
    db: Database,
    actor: Actor,
    action: str,
    entity: str,
    entity_id,
    summary: str,
    before=None,
    after=None,
) -> int:
    """Append one entry; call inside the same transaction as the write it records."""
    last_id, last_hash = head(db)
    row = {
        "id": last_id + 1,
        "at": now_text(),
        "user_id": actor.user_id,
        "username": actor.username,
        "action": action,
        "entity": entity,
        "entity_id": None if entity_id is None else str(entity_id),
        "summary": summary,
        "before_json": canonical(before),
        "after_json": canonical(after),
    }
    row["prev_hash"] = last_hash
    row["hash"] = entry_hash(last_hash, row)
    cols = list(row)
    db.execute(
        f"INSERT INTO audit_log ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
        [row[c] for c in cols],
    )
    db.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?), (?, ?)",
        [_HEAD_ID, str(row["id"]), _HEAD_HASH, row["hash"]],
    )
    return row["id"]


def verify(db: Database) -> list[str]:
    """Problems with the chain, each a Chinese sentence naming the entry."""
    problems = []
    expected_id = 1
    prev = GENESIS
    cursor = db.execute(
        "SELECT id, at, user_id, username, action, entity, entity_id, summary, before_json, after_json, "
        "prev_hash, hash FROM audit_log ORDER BY id"
    )
    cols = [d[0] for d in cursor.description]
    for values in cursor:
        row = dict(zip(cols, values, strict=True))
        if row["id"] != expected_id:
            gap = (
                f"第 {expected_id} 条"
                if row["id"] == expected_id + 1
                else f"第 {expected_id}—{row['id'] - 1} 条"
            )
            problems.append(f"审计日志{gap}记录被删除")
            prev = row["prev_hash"]
        elif row["prev_hash"] != prev:
            problems.append(f"审计日志第 {row['id']} 条记录的前序哈希不符（前一条记录被改动）")
            prev = row["prev_hash"]
        if entry_hash(prev, row) != row["hash"]:
            problems.append(f"审计日志第 {row['id']} 条记录（{row['summary']}）被改动")
        prev = row["hash"]
        expected_id = row["id"] + 1
    head_id, head_hash = head(db)
    if head_id > expected_id - 1:
        problems.append(f"审计日志最后的第 {expected_id}—{head_id} 条记录被删除")
    elif head_id and head_hash != prev and head_id == expected_id - 1:
        problems.append("审计日志最后一条记录被改动")
    return problems


def ledger_ranges(db: Database) -> list[tuple[int, int, str, int]]:
    """(first_id, last_id, digest, audit_id) of every ledger write the audit log recorded."""
    out = []
    for audit_id, after in db.execute(
        "SELECT id, after_json FROM audit_log WHERE after_json LIKE '%\"ledger\":[%' ORDER BY id"
    ):
        try:
            first, last, digest = json.loads(after)["ledger"]
        except (ValueError, KeyError, TypeError):
            continue
        out.append((int(first), int(last), str(digest), audit_id))
    return out
