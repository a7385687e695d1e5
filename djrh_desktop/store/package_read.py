"""Records as they travel in a 数据包 (docs/数据包格式.md): each an entity name, its global id and its fields,
local ids turned into the global ids of what they point at (a talk's branch and people, an entry's member,
item, meeting and the entry it reverses). The same encoding serves export and, on import, the comparison
of what arrived with what the file holds."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from sqlite_utils import Database

MEMBER_FIELDS = ("name", "name_initials", "name_pinyin", "gender", "ethnicity", "birth_date", "id_number", "education",
                 "join_date", "full_date", "party_status", "category", "post", "phone", "status", "left_date", "note",
                 "created_at", "updated_at")  # fmt: skip
TALK_FIELDS = ("type", "date", "place", "topic", "content", "statement", "problems", "measures", "followup_due",
               "followup_status", "recorder", "sensitivity", "created_at", "updated_at", "voided_at", "void_reason",
               "followup_closed_at")  # fmt: skip
VISIT_FIELDS = ("date", "address", "asks", "content", "family_situation", "materials", "pledge_signed", "pledge_date",
                "difficulties", "help_measures", "revisit_due", "revisit_status", "recorder", "created_at", "updated_at",
                "voided_at", "void_reason", "revisit_closed_at")  # fmt: skip
MEETING_FIELDS = ("type", "date", "topic", "host", "recorder", "content", "created_at", "voided_at", "void_reason")
ENTRY_FIELDS = ("year", "date", "dimension", "quantity", "points", "veto", "note", "evidence", "source", "reason",
                "batch_id", "recorded_at")  # fmt: skip


def _hex(v: bytes | None) -> str | None:
    return v.hex() if v is not None else None


def _in(column: str, ids: list[int] | None) -> tuple[str, list]:
    """A filter on ids (None: every row)."""
    if ids is None:
        return "1", []
    return f"{column} IN (SELECT value FROM json_each(?))", [_json(ids)]


def _json(ids) -> str:
    return "[" + ",".join(str(int(i)) for i in ids) + "]"


def orgs(db: Database, ids: list[int] | None = None) -> Iterator[dict]:
    where, params = _in("o.id", ids)
    for gid, name, kind, parent, order, active, created in db.execute(
        f"""SELECT o.gid, o.name, o.kind, p.gid, o.sort_order, o.active, o.created_at FROM orgs o
            LEFT JOIN orgs p ON p.id = o.parent_id WHERE {where} ORDER BY o.parent_id IS NOT NULL, o.id""", params):  # fmt: skip
        yield {"t": "org", "g": gid.hex(), "d": {"name": name, "kind": kind, "parent": _hex(parent), "sort_order": order,
                                                "active": active, "created_at": created}}  # fmt: skip


def departments(db: Database) -> Iterator[dict]:
    for gid, name, active in db.execute("SELECT gid, name, active FROM departments ORDER BY id"):
        yield {"t": "dept", "g": gid.hex(), "d": {"name": name, "active": active}}


def members(db: Database, ids: list[int] | None = None) -> Iterator[dict]:
    where, params = _in("m.id", ids)
    cols = ", ".join(f"m.{c}" for c in MEMBER_FIELDS)
    for row in db.execute(f"""SELECT m.gid, b.gid, g.gid, d.gid, {cols} FROM members m JOIN orgs b ON b.id = m.branch_id
                              LEFT JOIN orgs g ON g.id = m.group_id LEFT JOIN departments d ON d.id = m.department_id
                              WHERE {where} ORDER BY m.id""", params):  # fmt: skip
        yield {"t": "member", "g": row[0].hex(), "d": {"branch": row[1].hex(), "group": _hex(row[2]), "department": _hex(row[3]),
                                                      **dict(zip(MEMBER_FIELDS, row[4:], strict=True))}}  # fmt: skip


def committee(db: Database, org_ids: list[int]) -> Iterator[dict]:
    where, params = _in("c.org_id", org_ids)
    for gid, org, member, post, start, end in db.execute(
        f"""SELECT c.gid, o.gid, m.gid, c.post, c.start_date, c.end_date FROM org_committee c JOIN orgs o ON o.id = c.org_id
            JOIN members m ON m.id = c.member_id WHERE {where} ORDER BY c.id""", params):  # fmt: skip
        yield {"t": "committee", "g": gid.hex(), "d": {"org": org.hex(), "member": member.hex(), "post": post,
                                                      "start_date": start, "end_date": end}}  # fmt: skip


def rules(db: Database, years: list[int]) -> Iterator[dict]:
    """A year's 5A rules with its items (identified by year: the rules of a year are one thing)."""
    for year, rules_json, created in db.execute(
        "SELECT year, rules_json, created_at FROM point_rule_sets WHERE year IN (SELECT value FROM json_each(?)) ORDER BY year",
        [_json(years)]):  # fmt: skip
        items = [list(r) for r in db.execute("""SELECT code, dimension, name, points, cap, veto FROM point_items
                                                WHERE year = ? ORDER BY code""", [year])]  # fmt: skip
        yield {"t": "rules", "g": f"year-{year}", "d": {"year": year, "rules_json": rules_json, "created_at": created,
                                                       "items": items}}  # fmt: skip


def talks(db: Database, where: str, params: list) -> Iterator[dict]:
    cols = ", ".join(f"t.{c}" for c in TALK_FIELDS)
    rows = db.execute(f"SELECT t.id, t.gid, b.gid, {cols} FROM talks t LEFT JOIN orgs b ON b.id = t.branch_id WHERE {where} "
                      "ORDER BY t.id", params).fetchall()  # fmt: skip
    ids = [r[0] for r in rows]
    talkers, talkees = defaultdict(list), defaultdict(list)
    for tid, member, name, post in db.execute(
        """SELECT k.talk_id, m.gid, k.name, k.post FROM talk_talkers k LEFT JOIN members m ON m.id = k.member_id
           WHERE k.talk_id IN (SELECT value FROM json_each(?)) ORDER BY k.id""", [_json(ids)]):  # fmt: skip
        talkers[tid].append([_hex(member), name, post])
    for tid, member in db.execute("""SELECT e.talk_id, m.gid FROM talk_talkees e JOIN members m ON m.id = e.member_id
                                     WHERE e.talk_id IN (SELECT value FROM json_each(?)) ORDER BY m.gid""", [_json(ids)]):  # fmt: skip
        talkees[tid].append(member.hex())
    for r in rows:
        yield {"t": "talk", "g": r[1].hex(), "d": {"branch": _hex(r[2]), **dict(zip(TALK_FIELDS, r[3:], strict=True)),
                                                  "talkers": talkers[r[0]], "talkees": talkees[r[0]]}}  # fmt: skip


def visits(db: Database, where: str, params: list) -> Iterator[dict]:
    cols = ", ".join(f"v.{c}" for c in VISIT_FIELDS)
    rows = db.execute(f"""SELECT v.id, v.gid, m.gid, b.gid, {cols} FROM visits v JOIN members m ON m.id = v.member_id
                          LEFT JOIN orgs b ON b.id = v.branch_id WHERE {where} ORDER BY v.id""", params).fetchall()  # fmt: skip
    ids = _json([r[0] for r in rows])
    visitors, family = defaultdict(list), defaultdict(list)
    for vid, member in db.execute("""SELECT x.visit_id, m.gid FROM visit_visitors x JOIN members m ON m.id = x.member_id
                                     WHERE x.visit_id IN (SELECT value FROM json_each(?)) ORDER BY m.gid""", [ids]):  # fmt: skip
        visitors[vid].append(member.hex())
    for vid, name, relation in db.execute("""SELECT visit_id, name, relation FROM visit_family
                                             WHERE visit_id IN (SELECT value FROM json_each(?)) ORDER BY id""", [ids]):  # fmt: skip
        family[vid].append([name, relation])
    for r in rows:
        yield {"t": "visit", "g": r[1].hex(), "d": {"member": r[2].hex(), "branch": _hex(r[3]),
                                                   **dict(zip(VISIT_FIELDS, r[4:], strict=True)),
                                                   "visitors": visitors[r[0]], "family": family[r[0]]}}  # fmt: skip


def meetings(db: Database, where: str, params: list) -> Iterator[dict]:
    cols = ", ".join(f"mt.{c}" for c in MEETING_FIELDS)
    rows = db.execute(f"""SELECT mt.id, mt.gid, b.gid, g.gid, {cols} FROM meetings mt JOIN orgs b ON b.id = mt.branch_id
                          LEFT JOIN orgs g ON g.id = mt.group_id WHERE {where} ORDER BY mt.id""", params).fetchall()  # fmt: skip
    attendance = defaultdict(list)
    for mid, member, status, appraisal in db.execute(
        """SELECT a.meeting_id, m.gid, a.status, a.appraisal FROM meeting_attendance a JOIN members m ON m.id = a.member_id
           WHERE a.meeting_id IN (SELECT value FROM json_each(?)) ORDER BY m.gid""", [_json([r[0] for r in rows])]):  # fmt: skip
        attendance[mid].append([member.hex(), status, appraisal])
    for r in rows:
        yield {"t": "meeting", "g": r[1].hex(), "d": {"branch": r[2].hex(), "group": _hex(r[3]),
                                                     **dict(zip(MEETING_FIELDS, r[4:], strict=True)),
                                                     "attendance": attendance[r[0]]}}  # fmt: skip


def gid_map(db: Database, table: str) -> dict[str, int]:
    """Global id (hex) -> local id of a table's rows."""
    return {gid.hex(): i for i, gid in db.execute(f"SELECT id, gid FROM {table} WHERE gid IS NOT NULL")}  # noqa: S608



# ---- what a package covers -----------------------------------------------------------------------


def root(db: Database) -> tuple[int, bytes]:
    """(id, global id) of the file's root organisation (its 党委)."""
    return tuple(db.execute("SELECT id, gid FROM orgs WHERE parent_id IS NULL ORDER BY id LIMIT 1").fetchone())


def org_gid(db: Database, org_id: int) -> str:
    return db.execute("SELECT gid FROM orgs WHERE id = ?", [org_id]).fetchone()[0].hex()


def branch_members(db: Database, branch_id: int) -> list[int]:
    return [i for (i,) in db.execute("SELECT id FROM members WHERE branch_id = ? ORDER BY id", [branch_id])]


def child_orgs(db: Database, org_id: int) -> list[int]:
    return [i for (i,) in db.execute("SELECT id FROM orgs WHERE parent_id = ? ORDER BY id", [org_id])]


def named_members(db: Database, branch_id: int) -> list[int]:
    """Members the branch's records name (talkers, talkees, visitors, attendees) and the 党委's committee."""
    return [i for (i,) in db.execute(
        """SELECT k.member_id FROM talk_talkers k JOIN talks t ON t.id = k.talk_id WHERE t.branch_id = :b AND k.member_id IS NOT NULL
           UNION SELECT e.member_id FROM talk_talkees e JOIN talks t ON t.id = e.talk_id WHERE t.branch_id = :b
           UNION SELECT x.member_id FROM visit_visitors x JOIN visits v ON v.id = x.visit_id WHERE v.branch_id = :b
           UNION SELECT v.member_id FROM visits v WHERE v.branch_id = :b
           UNION SELECT a.member_id FROM meeting_attendance a JOIN meetings m ON m.id = a.meeting_id WHERE m.branch_id = :b
           UNION SELECT c.member_id FROM org_committee c JOIN orgs r ON r.id = c.org_id WHERE r.parent_id IS NULL
           UNION SELECT p.leader_member_id FROM fusion_projects p WHERE p.branch_id = :b AND p.leader_member_id IS NOT NULL
           UNION SELECT p.co_leader_member_id FROM fusion_projects p WHERE p.branch_id = :b AND p.co_leader_member_id IS NOT NULL
           UNION SELECT pm.member_id FROM fusion_post_members pm JOIN fusion_posts p ON p.id = pm.post_id WHERE p.branch_id = :b
           UNION SELECT member_id FROM fusion_pledges""",
        {"b": branch_id})]  # fmt: skip


def member_orgs(db: Database, ids: list[int]) -> set[int]:
    """The branches and groups of these members."""
    out: set[int] = set()
    for b, g in db.execute("SELECT branch_id, group_id FROM members WHERE id IN (SELECT value FROM json_each(?))", [_json(ids)]):
        out.update(x for x in (b, g) if x)
    return out


def org_parents(db: Database) -> dict[int, int | None]:
    return dict(db.execute("SELECT id, parent_id FROM orgs"))


def rule_years(db: Database) -> list[int]:
    return [y for (y,) in db.execute("SELECT year FROM point_rule_sets ORDER BY year")]


def member_names(db: Database) -> dict[str, str]:
    """Global id (upper-case hex) -> name, for the preview's labels."""
    return dict(db.execute("SELECT hex(gid), name FROM members"))


RATING_FIELDS = ("year", "state", "self_level", "eval_level", "level", "stars_lit", "certificate", "certificate_note",
                 "onsite_date", "review_notes", "publicity_start", "publicity_end", "objections", "previous_level", "trend",
                 "recheck_result", "recheck_note", "liaison_name", "updated_at", "certificate_by", "certificate_date",
                 "certificate_doc", "recheck_date")  # fmt: skip


def rating_rounds(db: Database) -> Iterator[dict]:
    for year, rules_json, opened_at in db.execute("SELECT year, rules_json, opened_at FROM rating_rounds ORDER BY year"):
        yield {"t": "round", "g": f"year-{year}", "d": {"year": year, "rules_json": rules_json, "opened_at": opened_at}}


def ratings(db: Database, branch_ids: list[int] | None = None) -> Iterator[dict]:
    """Each branch's rating of a year (its global id: the branch's and the year), for a county's distribution."""
    where, params = _in("r.branch_id", branch_ids)
    cols = ", ".join(f"r.{c}" for c in RATING_FIELDS)
    for row in db.execute(f"""SELECT b.gid, l.gid, {cols} FROM rating_branches r JOIN orgs b ON b.id = r.branch_id
                              LEFT JOIN members l ON l.id = r.liaison_member_id WHERE {where} ORDER BY r.year, b.id""", params):  # fmt: skip
        d = dict(zip(RATING_FIELDS, row[2:], strict=True))
        yield {"t": "rating", "g": f"{row[0].hex()}-{d['year']}", "d": {"branch": row[0].hex(), "liaison": _hex(row[1]), **d}}


def subtree(db: Database, root_gid: str) -> list[int]:
    """The organisation with that global id and everything under it."""
    return [i for (i,) in db.execute(
        """WITH RECURSIVE t(id) AS (SELECT id FROM orgs WHERE gid = ? UNION ALL SELECT o.id FROM orgs o JOIN t ON o.parent_id = t.id)
           SELECT id FROM t""", [bytes.fromhex(root_gid)])]  # fmt: skip


def member_id_numbers(db: Database) -> dict[str, str]:
    return {n: g.hex() for n, g in db.execute("SELECT id_number, gid FROM members WHERE id_number IS NOT NULL")}


def org_names(db: Database) -> dict[tuple[str | None, str], str]:
    """(parent's global id, name) -> global id of each organisation."""
    return {(p.hex() if p else None, n): g.hex() for g, n, p in db.execute(
        "SELECT o.gid, o.name, p.gid FROM orgs o LEFT JOIN orgs p ON p.id = o.parent_id")}  # fmt: skip


def department_names(db: Database) -> dict[str, int]:
    return {n: i for i, n in db.execute("SELECT id, name FROM departments")}


def inspected_with(db: Database, branch_id: int) -> set[int]:
    """The branches inspected together with this one (an inspection's record names them all)."""
    return {b for (b,) in db.execute("""SELECT x.branch_id FROM fusion_inspection_branches x WHERE x.inspection_id IN
                                        (SELECT inspection_id FROM fusion_inspection_branches WHERE branch_id = ?)""", [branch_id])}  # fmt: skip
