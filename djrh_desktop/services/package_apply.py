"""The writing half of 导入数据包: each planned record turned back into this file's rows (global ids to local
ids, the ones added earlier in the same package included). New meetings, talks, visits, members and ledger
entries go in as runs of rows with ids taken in order (a package of a whole unit is tens of thousands of
records); an updated record is rewritten on its own. Every record's content is then noted as exchanged."""

from __future__ import annotations

import json
from collections import defaultdict

from ..store import package_fusion as fusion
from ..store import package_ledger
from ..store import package_read as read
from ..store import package_write as write
from ..store.bulk import deferred_indexes
from . import closing
from .package_export import content_hash
from .session import Session


def _write_plan(s: Session, plan) -> dict:
    """Write plan.ops inside the caller's transaction; return the counts (and the ledger range, for the audit)."""
    db = s.db
    maps = {t: read.gid_map(db, t) for t in ("orgs", "departments", "members", "meetings")}
    maps["departments"].update(plan.aliases)
    root = read.root(db)[0]
    unit = plan.manifest["kind"] == "unit"
    org = lambda g: None if g is None else maps["orgs"].get(g, root)  # noqa: E731 - the sender's root is ours
    # ... except that a unit's 党委 becomes an organisation under a county's root
    parent = lambda g: (root if unit else None) if g is None else org(g)  # noqa: E731
    counts: dict[str, int] = {}
    by_entity: dict[str, list] = defaultdict(list)
    for op in plan.ops:
        by_entity[op[1]["t"]].append(op)
        key = f"{op[1]['t']}.{op[0]}"
        counts[key] = counts.get(key, 0) + 1
    for _action, r, lid in by_entity["org"]:  # few, and parents come before their children
        d = r["d"]
        maps["orgs"][r["g"]] = write.put(db, "org", lid, r["g"], {"name": d["name"], "kind": d["kind"], "parent_id": parent(d["parent"]),
                                                                 "sort_order": d["sort_order"], "active": d["active"],
                                                                 "created_at": d["created_at"]})  # fmt: skip
    for _action, r, lid in by_entity["dept"]:
        maps["departments"][r["g"]] = write.put(db, "dept", lid, r["g"], {"name": r["d"]["name"], "active": r["d"]["active"]})
    _members(db, by_entity["member"], maps, org)
    for _action, r, lid in by_entity["committee"]:
        d = r["d"]
        write.put(db, "committee", lid, r["g"], {"org_id": org(d["org"]), "member_id": maps["members"][d["member"]], "post": d["post"],
                                                 "start_date": d["start_date"], "end_date": d["end_date"]})  # fmt: skip
    for _action, r, _lid in by_entity["rules"]:
        write.add_rules(db, r["d"]["year"], r["d"]["rules_json"], r["d"]["created_at"], r["d"]["items"])
    for _action, r, _lid in by_entity["round"]:
        write.add_round(db, r["d"]["year"], r["d"]["rules_json"], r["d"]["opened_at"])
    for _action, r, _lid in by_entity["rating"]:
        d = r["d"]
        write.put_rating(db, {k: d[k] for k in read.RATING_FIELDS} | {"branch_id": org(d["branch"]),
                                                                     "liaison_member_id": maps["members"].get(d["liaison"])})  # fmt: skip
    # A package larger than what the file holds (a branch PC's or a county's first) builds the big tables'
    # indexes once afterwards, by sorting, instead of row by row (inside the transaction: all or nothing).
    big = [t for t, n in (("meeting_attendance", sum(len(r["d"]["attendance"]) for _a, r, _l in by_entity["meeting"])),
                          ("point_ledger", plan.entries_new)) if n > 5000 and n >= write.row_count(db, t)]  # fmt: skip
    with deferred_indexes(db, *big):
        _meetings(db, by_entity["meeting"], maps, org)
        _talks(db, by_entity["talk"], maps, org)
        _visits(db, by_entity["visit"], maps, org)
        _fusion(db, by_entity, maps, org)
        appended = package_ledger.append(db, json.dumps(closing.closed_years(s))) if plan.entries_new else None
        if appended:
            counts["entry.新增"], counts["ledger"] = appended[1] - appended[0] + 1, list(appended)
    # What both files now hold (or, for a conflict kept here, what the sender holds) is noted as exchanged.
    # Ledger entries only on a branch PC (it sends back what it did not receive); an office or a county never
    # sends entries on, so it notes none of them.
    write.put_state(db, [(r["t"], r["g"], content_hash(r["d"])) for _a, r, _l in plan.ops] + plan.exchanged)
    if plan.ledger and plan.manifest["kind"] == "office":
        package_ledger.note_exchanged(db)
    return counts


def _fusion(db, by_entity: dict, maps: dict, org) -> None:
    """The 党建与业务融合 registers: few rows, each written on its own, in the order they depend on each other."""
    ids = {t: read.gid_map(db, t) for t in fusion.TABLES.values()}
    member = maps["members"].get

    def put(entity: str, lid, g: str, row: dict) -> None:
        ids[fusion.TABLES[entity]][g] = write.put(db, entity, lid, g, row)

    project = lambda g: ids["fusion_projects"][g]  # noqa: E731
    for _a, r, lid in by_entity["project"]:
        d = r["d"]
        put("project", lid, r["g"], {k: d[k] for k in fusion.PROJECT} | {"branch_id": org(d["branch"]), "leader_member_id": member(d["leader"]),
                                                                         "co_leader_member_id": member(d["co_leader"])})  # fmt: skip
    for _a, r, _l in by_entity["assessment"]:
        d = r["d"]
        fusion.put_natural(db, "assessment", {"project": project(d["project"]), "score": d["score"], "result": d["result"],
                                              "note": d["note"], "assessed_at": d["assessed_at"]})  # fmt: skip
    for _a, r, _l in by_entity["progress"]:
        d = r["d"]
        fusion.put_natural(db, "progress", {"project_id": project(d["project"]), "month": d["month"], "note": d["note"],
                                            "value": d["value"], "reported_by": None, "reported_at": d["reported_at"]})  # fmt: skip
    for _a, r, _l in by_entity["review"]:
        d = r["d"]
        fusion.put_natural(db, "review", {"project_id": project(d["project"]), "quarter": d["quarter"], "rating": d["rating"],
                                          "comment": d["comment"], "reviewed_by": None, "reviewed_at": d["reviewed_at"]})  # fmt: skip
    for _a, r, lid in by_entity["post"]:
        d = r["d"]
        put("post", lid, r["g"], {k: d[k] for k in fusion.POST} | {"branch_id": org(d["branch"])})
        fusion.set_post_members(db, ids["fusion_posts"][r["g"]], [(member(m), role, joined, left) for m, role, joined, left in d["members"]])
    for _a, r, lid in by_entity["result"]:
        put("result", lid, r["g"], {k: r["d"][k] for k in fusion.RESULT} | {"post_id": ids["fusion_posts"][r["d"]["post"]]})
    for _a, r, lid in by_entity["inspection"]:
        put("inspection", lid, r["g"], {k: r["d"][k] for k in fusion.INSPECTION})
        fusion.set_inspected(db, ids["fusion_inspections"][r["g"]], [org(b) for b in r["d"]["branches"]])
    for _a, r, lid in by_entity["rectification"]:
        d = r["d"]
        put("rectification", lid, r["g"], {k: d[k] for k in fusion.ITEM} | {"inspection_id": ids["fusion_inspections"][d["inspection"]],
                                                                           "branch_id": org(d["branch"]), "updated_at": d["created_at"]})  # fmt: skip
    for _a, r, _l in by_entity["closure"]:
        d = r["d"]
        fusion.put_natural(db, "closure", {"item": ids["fusion_rectifications"][d["item"]], "closed_on": d["closed_on"],
                                           "closure_note": d["closure_note"]})  # fmt: skip
    for _a, r, lid in by_entity["brand"]:
        put("brand", lid, r["g"], {k: r["d"][k] for k in fusion.BRAND} | {"org_id": org(r["d"]["org"])})
    for _a, r, _l in by_entity["pledge"]:
        d = r["d"]
        fusion.put_natural(db, "pledge", {"year": d["year"], "member_id": member(d["member"]), "signed_on": d["signed_on"],
                                          "note": d["note"], "recorded_by": None, "recorded_at": d["recorded_at"]})  # fmt: skip


def _split(ops: list) -> tuple[list, list]:
    return [r for _a, r, lid in ops if lid is None], [(r, lid) for _a, r, lid in ops if lid is not None]


def _members(db, ops: list, maps: dict, org) -> None:
    new, changed = _split(ops)

    def row(d: dict) -> dict:
        return {**{k: d[k] for k in read.MEMBER_FIELDS}, "branch_id": org(d["branch"]), "group_id": org(d["group"]),
                "department_id": maps["departments"].get(d["department"])}  # fmt: skip

    if new:
        first = write.next_id(db, "members")
        cols = ("id", "gid", *read.MEMBER_FIELDS, "branch_id", "group_id", "department_id")
        rows = []
        for k, r in enumerate(new):
            maps["members"][r["g"]] = first + k
            rows.append((first + k, bytes.fromhex(r["g"]), *row(r["d"]).values()))
        write.bulk(db, "members", cols, rows)
    for r, lid in changed:
        write.put(db, "member", lid, r["g"], row(r["d"]))


def _meetings(db, ops: list, maps: dict, org) -> None:
    new, changed = _split(ops)
    member = maps["members"]

    def row(d: dict) -> dict:
        return {k: d[k] for k in read.MEETING_FIELDS} | {"branch_id": org(d["branch"]), "group_id": org(d["group"])}

    if new:
        first, rows, people = write.next_id(db, "meetings"), [], []
        for k, r in enumerate(new):
            maps["meetings"][r["g"]] = mid = first + k
            rows.append((mid, bytes.fromhex(r["g"]), *row(r["d"]).values()))
            people += [(mid, member[a[0]], a[1], a[2]) for a in r["d"]["attendance"]]
        write.bulk(db, "meetings", ("id", "gid", *read.MEETING_FIELDS, "branch_id", "group_id"), rows)
        write.bulk(db, "meeting_attendance", ("meeting_id", "member_id", "status", "appraisal"), people)
    for r, lid in changed:
        att = r["d"]["attendance"]
        write.put_meeting(db, lid, r["g"], row(r["d"]), {member[a[0]]: a[1] for a in att}, {member[a[0]]: a[2] for a in att if a[2]})


def _talks(db, ops: list, maps: dict, org) -> None:
    new, changed = _split(ops)
    member = maps["members"]

    def parts(d: dict):
        talkers = [{"member_id": member.get(m) if m else None, "name": name, "post": post} for m, name, post in d["talkers"]]
        return {k: d[k] for k in read.TALK_FIELDS} | {"branch_id": org(d["branch"])}, talkers, [member[m] for m in d["talkees"]]

    if new:
        first, rows, talkers, talkees = write.next_id(db, "talks"), [], [], []
        for k, r in enumerate(new):
            row, tk, te = parts(r["d"])
            rows.append((first + k, bytes.fromhex(r["g"]), *row.values()))
            talkers += [(first + k, t["member_id"], t["name"], t["post"]) for t in tk]
            talkees += [(first + k, m) for m in te]
        write.bulk(db, "talks", ("id", "gid", *read.TALK_FIELDS, "branch_id"), rows)
        write.bulk(db, "talk_talkers", ("talk_id", "member_id", "name", "post"), talkers)
        write.bulk(db, "talk_talkees", ("talk_id", "member_id"), talkees)
    for r, lid in changed:
        write.put_talk(db, lid, r["g"], *parts(r["d"]))


def _visits(db, ops: list, maps: dict, org) -> None:
    new, changed = _split(ops)
    member = maps["members"]

    def row(d: dict) -> dict:
        return {k: d[k] for k in read.VISIT_FIELDS} | {"member_id": member[d["member"]], "branch_id": org(d["branch"])}

    if new:
        first, rows, visitors, family = write.next_id(db, "visits"), [], [], []
        for k, r in enumerate(new):
            rows.append((first + k, bytes.fromhex(r["g"]), *row(r["d"]).values()))
            visitors += [(first + k, member[m]) for m in r["d"]["visitors"]]
            family += [(first + k, n, rel) for n, rel in r["d"]["family"]]
        write.bulk(db, "visits", ("id", "gid", *read.VISIT_FIELDS, "member_id", "branch_id"), rows)
        write.bulk(db, "visit_visitors", ("visit_id", "member_id"), visitors)
        write.bulk(db, "visit_family", ("visit_id", "name", "relation"), family)
    for r, lid in changed:
        d = r["d"]
        write.put_visit(db, lid, r["g"], row(d), [member[m] for m in d["visitors"]], [tuple(f) for f in d["family"]])
