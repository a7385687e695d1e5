"""The 党建与业务融合 registers as they travel in a 数据包 (docs/数据包格式.md), read and written. What the
committee decides and what the branch does travel apart, so each side's part has one owner: a project,
its monthly reports, a post and its results, a 整改 item's closure and a branch's brand are the branch's;
the quarterly reviews, the 年终考核, inspections and their items, the unit's brand and the 责任书 the
office's."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from sqlite_utils import Database

PROJECT = ("year", "title", "category", "party_task", "business_goal", "indicator", "baseline", "target", "milestones",
           "voided_at", "void_reason", "created_at", "updated_at")  # fmt: skip
POST = ("kind", "name", "duty", "start_date", "end_date", "voided_at", "void_reason", "created_at", "updated_at")
RESULT = ("date", "measure", "quantity", "unit", "note", "batch_id", "voided_at", "void_reason", "created_at", "updated_at")
INSPECTION = ("date", "kind", "inspectors", "party_findings", "business_findings", "voided_at", "void_reason",
              "created_at", "updated_at")  # fmt: skip
ITEM = ("side", "issue", "owner", "due_date", "created_at")
BRAND = ("name", "description", "level", "recognized_on", "voided_at", "void_reason", "created_at", "updated_at")
# Records known by what they belong to (a month of a project, a quarter's review …), not by an id of their own.
NATURAL = {"progress", "review", "assessment", "closure", "pledge"}
TABLES = {"project": "fusion_projects", "post": "fusion_posts", "result": "fusion_post_results",
          "inspection": "fusion_inspections", "rectification": "fusion_rectifications", "brand": "fusion_brands"}  # fmt: skip


def _hex(v):
    return v.hex() if v is not None else None


def _where(column: str, branch_id: int | None) -> tuple[str, list]:
    return ("1", []) if branch_id is None else (f"{column} = ?", [branch_id])


def encode(db: Database, branch_id: int | None = None) -> Iterator[dict]:
    """Every register record of one branch (or of the whole unit), in an order an importer can follow."""
    w, p = _where("x.branch_id", branch_id)
    for row in db.execute(f"""SELECT x.id, x.gid, b.gid, l.gid, c.gid, {', '.join('x.' + k for k in PROJECT)},
                                     x.assessment_score, x.assessment_result, x.assessment_note, x.assessed_at
                              FROM fusion_projects x JOIN orgs b ON b.id = x.branch_id LEFT JOIN members l ON l.id = x.leader_member_id
                              LEFT JOIN members c ON c.id = x.co_leader_member_id WHERE {w} ORDER BY x.id""", p).fetchall():  # fmt: skip
        pid, g = row[0], row[1].hex()
        yield {"t": "project", "g": g, "d": {"branch": row[2].hex(), "leader": _hex(row[3]), "co_leader": _hex(row[4]),
                                            **dict(zip(PROJECT, row[5:5 + len(PROJECT)], strict=True))}}  # fmt: skip
        score, result, note, at = row[5 + len(PROJECT):]
        if at:
            yield {"t": "assessment", "g": f"{g}-a", "d": {"project": g, "score": score, "result": result, "note": note, "assessed_at": at}}
        for month, note_, value, at_ in db.execute("SELECT month, note, value, reported_at FROM fusion_progress WHERE project_id = ? ORDER BY month", [pid]):
            yield {"t": "progress", "g": f"{g}-m{month}", "d": {"project": g, "month": month, "note": note_, "value": value, "reported_at": at_}}
        for q, rating, comment, at_ in db.execute("SELECT quarter, rating, comment, reviewed_at FROM fusion_reviews WHERE project_id = ? ORDER BY quarter", [pid]):
            yield {"t": "review", "g": f"{g}-q{q}", "d": {"project": g, "quarter": q, "rating": rating, "comment": comment, "reviewed_at": at_}}
    members = defaultdict(list)
    for post, m, role, joined, left in db.execute("""SELECT pm.post_id, m.gid, pm.role, pm.joined_on, pm.left_on FROM fusion_post_members pm
                                                     JOIN members m ON m.id = pm.member_id ORDER BY m.gid"""):  # fmt: skip
        members[post].append([m.hex(), role, joined, left])
    for row in db.execute(f"""SELECT x.id, x.gid, b.gid, {', '.join('x.' + k for k in POST)} FROM fusion_posts x
                              JOIN orgs b ON b.id = x.branch_id WHERE {w} ORDER BY x.id""", p).fetchall():  # fmt: skip
        g = row[1].hex()
        yield {"t": "post", "g": g, "d": {"branch": row[2].hex(), **dict(zip(POST, row[3:], strict=True)), "members": members[row[0]]}}
        for r in db.execute(f"SELECT gid, {', '.join(RESULT)} FROM fusion_post_results WHERE post_id = ? ORDER BY id", [row[0]]):
            yield {"t": "result", "g": r[0].hex(), "d": {"post": g, **dict(zip(RESULT, r[1:], strict=True))}}
    checked = defaultdict(list)
    for i, b in db.execute("""SELECT x.inspection_id, o.gid FROM fusion_inspection_branches x JOIN orgs o ON o.id = x.branch_id
                              ORDER BY o.gid"""):  # fmt: skip
        checked[i].append(b.hex())
    wi, pi = ("1", []) if branch_id is None else (
        "x.id IN (SELECT inspection_id FROM fusion_inspection_branches WHERE branch_id = ?)", [branch_id])
    for row in db.execute(f"SELECT x.id, x.gid, {', '.join('x.' + k for k in INSPECTION)} FROM fusion_inspections x WHERE {wi} ORDER BY x.id",
                          pi).fetchall():  # fmt: skip
        g = row[1].hex()
        yield {"t": "inspection", "g": g, "d": {**dict(zip(INSPECTION, row[2:], strict=True)), "branches": checked[row[0]]}}
        wr, pr = ("1", []) if branch_id is None else ("r.branch_id = ?", [branch_id])
        for r in db.execute(f"""SELECT r.gid, b.gid, r.closed_on, r.closure_note, {', '.join('r.' + k for k in ITEM)}
                                FROM fusion_rectifications r JOIN orgs b ON b.id = r.branch_id
                                WHERE r.inspection_id = ? AND {wr} ORDER BY r.id""", [row[0], *pr]):  # fmt: skip
            rg = r[0].hex()
            yield {"t": "rectification", "g": rg, "d": {"inspection": g, "branch": r[1].hex(), **dict(zip(ITEM, r[4:], strict=True))}}
            if r[2]:
                yield {"t": "closure", "g": f"{rg}-c", "d": {"item": rg, "closed_on": r[2], "closure_note": r[3]}}
    wb, pb = ("1", []) if branch_id is None else ("(x.org_id = ? OR o.parent_id IS NULL)", [branch_id])
    for r in db.execute(f"""SELECT x.gid, o.gid, {', '.join('x.' + k for k in BRAND)} FROM fusion_brands x JOIN orgs o ON o.id = x.org_id
                            WHERE {wb} ORDER BY x.id""", pb):  # fmt: skip
        yield {"t": "brand", "g": r[0].hex(), "d": {"org": r[1].hex(), **dict(zip(BRAND, r[2:], strict=True))}}
    for year, m, signed, note, at in db.execute("""SELECT p.year, m.gid, p.signed_on, p.note, p.recorded_at FROM fusion_pledges p
                                                  JOIN members m ON m.id = p.member_id ORDER BY p.year, m.gid"""):  # fmt: skip
        yield {"t": "pledge", "g": f"{year}-{m.hex()}", "d": {"year": year, "member": m.hex(), "signed_on": signed, "note": note,
                                                             "recorded_at": at}}  # fmt: skip


def put_natural(db: Database, entity: str, row: dict) -> None:
    """A monthly report, a review or a 责任书 (one per what it belongs to), or the decision a record carries."""
    if entity == "assessment":
        db.execute("""UPDATE fusion_projects SET assessment_score = :score, assessment_result = :result,
                      assessment_note = :note, assessed_at = :assessed_at WHERE id = :project""", row)  # fmt: skip
    elif entity == "closure":
        db.execute("UPDATE fusion_rectifications SET closed_on = :closed_on, closure_note = :closure_note WHERE id = :item", row)
    else:
        table = {"progress": "fusion_progress", "review": "fusion_reviews", "pledge": "fusion_pledges"}[entity]
        db.execute(f"INSERT OR REPLACE INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", list(row.values()))  # noqa: S608


def set_post_members(db: Database, post_id: int, rows: list[tuple]) -> None:
    db.execute("DELETE FROM fusion_post_members WHERE post_id = ?", [post_id])
    db.conn.executemany("INSERT INTO fusion_post_members (post_id, member_id, role, joined_on, left_on) VALUES (?, ?, ?, ?, ?)",
                        [(post_id, *r) for r in rows])  # fmt: skip


def set_inspected(db: Database, inspection_id: int, branch_ids: list[int]) -> None:
    db.execute("DELETE FROM fusion_inspection_branches WHERE inspection_id = ?", [inspection_id])
    db.conn.executemany("INSERT INTO fusion_inspection_branches (inspection_id, branch_id) VALUES (?, ?)",
                        [(inspection_id, b) for b in sorted(set(branch_ids))])  # fmt: skip
