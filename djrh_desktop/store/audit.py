"""The append-only audit log, chained by hash.

Each entry's hash covers the previous entry's hash and its own fields, and ids run 1, 2, 3 … without
gaps; the newest id and hash are also kept in `meta`, so a deleted last entry is noticed too.
Triggers refuse UPDATE and DELETE from the program; the chain catches edits made from outside.
"""

from __future__ import annotations

import hashlib
import json
import re
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


# ---- the paper witness (数据核验码) ---------------------------------------------------------------
# A report carries the audit chain's head when it was made: the entry number and the first 48 bits of
# that entry's hash. Whoever edits the file afterwards and re-hashes the chain and `meta` so that
# `djrh check` passes still cannot make entry N's hash match the printed code.
CODE_HEX = 12
_SEP = r"[\s\-－—–]*"
_CODE = re.compile(rf"^\s*(\d+){_SEP}([0-9A-Fa-f]{{4}}){_SEP}([0-9A-Fa-f]{{4}}){_SEP}([0-9A-Fa-f]{{4}})\s*$")


def witness_code(db: Database) -> str:
    """The 数据核验码 for a report made now: "N-XXXX-XXXX-XXXX"."""
    entry, digest = head(db)
    h = digest[:CODE_HEX].upper()
    return f"{entry}-{h[0:4]}-{h[4:8]}-{h[8:12]}"


@dataclass(frozen=True)
class CodeCheck:
    ok: bool
    message: str


def check_code(db: Database, code: str) -> CodeCheck:
    """Whether today's file still holds the exact history the code was printed from."""
    typed = (code or "").translate(
        {ord(c): ord(c) - 0xFEE0 for c in "０１２３４５６７８９ＡＢＣＤＥＦａｂｃｄｅｆ"}
    )
    m = _CODE.match(typed)
    if not m:
        return CodeCheck(False, f"“{code}”不是有效的数据核验码（格式如 1234-ABCD-EF01-2345）")
    entry, wanted = int(m.group(1)), (m.group(2) + m.group(3) + m.group(4)).lower()
    if entry == 0:
        ok = wanted == GENESIS[:CODE_HEX]
        return CodeCheck(
            ok, "核验通过：报表打印时数据文件尚无审计记录" if ok else "核验不通过：核验码与数据文件不符"
        )
    prev, at, count = GENESIS, None, 0
    cursor = db.execute(
        "SELECT id, at, user_id, username, action, entity, entity_id, summary, before_json, after_json, "
        "prev_hash, hash FROM audit_log WHERE id <= ? ORDER BY id", [entry]
    )  # fmt: skip
    cols = [d[0] for d in cursor.description]
    for values in cursor:
        row = dict(zip(cols, values, strict=True))
        count += 1
        if row["id"] != count or row["prev_hash"] != prev or entry_hash(prev, row) != row["hash"]:
            return CodeCheck(
                False,
                f"核验不通过：审计日志第 {count} 条记录在打印后被改动或删除，数据文件已不是打印时的历史",
            )
        prev, at = row["hash"], row["at"]
    if count < entry:
        return CodeCheck(
            False,
            f"核验不通过：数据文件中没有第 {entry} 条审计记录（记录被删除，或核验码属于另一个数据文件）",
        )
    if not prev.startswith(wanted):
        return CodeCheck(
            False,
            f"核验不通过：第 {entry} 条审计记录与打印时不同，打印后的数据历史已被改写（或核验码抄写有误）",
        )
    return CodeCheck(
        True, f"核验通过：数据文件仍完整保存着打印该报表时（第 {entry} 条审计记录，{(at or '').replace('T', ' ')[:16]}）及以前的全部历史"
    )


def entries(db: Database, since: str | None = None, limit: int | None = None, search: str = "") -> list[dict]:
    """The audit log, newest first: from a day (ISO date), matching a text in the summary or user name."""
    sql = "SELECT id, at, username, action, entity, entity_id, summary, before_json, after_json FROM audit_log"
    where, params = [], []
    if since:
        where.append("at >= ?")
        params.append(since)
    if search:
        where.append("(summary LIKE ? OR username LIKE ?)")
        params += [f"%{search}%", f"%{search}%"]
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY id DESC"
    if limit:
        sql += f" LIMIT {int(limit)}"
    return list(db.query(sql, params))
