"""The writing half of 导入数据包: each planned record turned back into this file's rows (global ids to local
ids, the ones added earlier in the same package included), ledger entries appended in one run with the
reversals pointing at their originals, and every record's content noted as exchanged."""

from __future__ import annotations

from ..store import ledger
from ..store import package_read as read
from ..store import package_write as write
from .package_export import content_hash
from .session import Session


def _write_plan(s: Session, plan) -> dict:
    """Write plan.ops inside the caller's transaction; return the counts (and the ledger range, for the audit)."""
    db = s.db
    maps = {t: read.gid_map(db, t) for t in ("orgs", "departments", "members", "meetings")}
    maps["departments"].update(plan.aliases)
    root = read.root(db)[0]
    # the sender's root is ours, except that a unit's 党委 becomes an organisation under a county's root
    org = lambda g: (root if plan.manifest["kind"] == "unit" else None) if g is None else maps["orgs"].get(g, root)  # noqa: E731
    counts: dict[str, int] = {}
    entries = []
    for action, r, lid in plan.ops:
        entity, d, g = r["t"], r["d"], r["g"]
        counts[f"{entity}.{action}"] = counts.get(f"{entity}.{action}", 0) + 1
        if entity == "org":
            maps["orgs"][g] = write.put(db, "org", lid, g, {"name": d["name"], "kind": d["kind"], "parent_id": org(d["parent"]),
                                                           "sort_order": d["sort_order"], "active": d["active"],
                                                           "created_at": d["created_at"]})  # fmt: skip
        elif entity == "dept":
            maps["departments"][g] = write.put(db, "dept", lid, g, {"name": d["name"], "active": d["active"]})
        elif entity == "member":
            row = {k: v for k, v in d.items() if k not in ("branch", "group", "department")}
            row.update(branch_id=org(d["branch"]), group_id=org(d["group"]), department_id=maps["departments"].get(d["department"]))
            maps["members"][g] = write.put(db, "member", lid, g, row)
        elif entity == "committee":
            write.put(db, "committee", lid, g, {"org_id": org(d["org"]), "member_id": maps["members"][d["member"]], "post": d["post"],
                                                "start_date": d["start_date"], "end_date": d["end_date"]})  # fmt: skip
        elif entity == "rules":
            write.add_rules(db, d["year"], d["rules_json"], d["created_at"], d["items"])
        elif entity == "round":
            write.add_round(db, d["year"], d["rules_json"], d["opened_at"])
        elif entity == "rating":
            row = {k: d[k] for k in read.RATING_FIELDS} | {"branch_id": org(d["branch"]),
                                                          "liaison_member_id": maps["members"].get(d["liaison"])}
            write.put_rating(db, row)
        elif entity == "meeting":
            row = {k: d[k] for k in read.MEETING_FIELDS} | {"branch_id": org(d["branch"]), "group_id": org(d["group"])}
            attendance = {maps["members"][a[0]]: a[1] for a in d["attendance"]}
            appraisals = {maps["members"][a[0]]: a[2] for a in d["attendance"] if a[2]}
            maps["meetings"][g] = write.put_meeting(db, lid, g, row, attendance, appraisals)
        elif entity == "talk":
            row = {k: d[k] for k in read.TALK_FIELDS} | {"branch_id": org(d["branch"])}
            talkers = [{"member_id": maps["members"].get(m) if m else None, "name": name, "post": post} for m, name, post in d["talkers"]]
            write.put_talk(db, lid, g, row, talkers, [maps["members"][m] for m in d["talkees"]])
        elif entity == "visit":
            row = {k: d[k] for k in read.VISIT_FIELDS} | {"member_id": maps["members"][d["member"]], "branch_id": org(d["branch"])}
            write.put_visit(db, lid, g, row, [maps["members"][m] for m in d["visitors"]], [tuple(f) for f in d["family"]])
        elif entity == "entry":
            entries.append(r)
    if entries:
        counts["ledger"] = list(_append(db, entries, maps))
    # what both files now hold (or, for a conflict kept here, what the sender holds) is noted as exchanged
    write.put_state(db, [(r["t"], r["g"], content_hash(r["d"])) for _a, r, _l in plan.ops] + plan.exchanged)
    return counts


def _append(db, entries: list[dict], maps: dict) -> tuple[int, int, str]:
    """Append the entries as one run: ids are consecutive from the ledger's next, so a reversal in the same
    package finds its original's id before either is written."""
    items = write.item_ids(db)
    known = write.entry_gids(db)
    first = ledger.next_id(db)
    known.update({r["g"]: first + k for k, r in enumerate(entries)})
    rows = []
    for r in entries:
        d = r["d"]
        rows.append((maps["members"][d["member"]], d["year"], d["date"], items[(d["year"], d["item"])], d["dimension"],
                     d["quantity"], d["points"], d["veto"], d["note"], d["evidence"], d["source"],
                     maps["meetings"].get(d["meeting"]) if d["meeting"] else None,
                     known[d["reverses"]] if d["reverses"] else None, d["reason"], d["batch_id"], None, d["recorded_at"]))  # fmt: skip
    return write.append_entries(db, rows, [r["g"] for r in entries])
