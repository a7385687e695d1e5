"""The preview half of 导入数据包 (docs/数据包格式.md): each record of a package checked against this file —
new, unchanged, changed by its owner, refused (what the sender does not own, a closed year, something it
names that neither side has, a field missing) or in conflict (changed on both sides since the two files last
exchanged it). Nothing is written here."""

from __future__ import annotations

import json

from ..store import package_fusion, package_ledger
from ..store import package_read as read
from ..store import package_write as write
from . import closing
from .package_export import NAMES, content_hash
from .session import Session

OFFICE_OWNS = {"org", "dept", "member", "committee", "rules", "review", "assessment", "inspection", "rectification", "pledge"}
ORDER = ("org", "dept", "member", "committee", "rules", "round", "rating", "meeting", "talk", "visit", "project", "assessment",
         "progress", "review", "post", "result", "inspection", "rectification", "closure", "brand", "pledge")  # fmt: skip
SAMPLE = 300  # new ledger entries named one by one in the preview (the rest are counted)
NATURAL = write.NATURAL - {"rules", "round"}  # known by what they belong to: found among the file's own encodings
YEARLY = {"rules": "积分规则", "round": "评星标准"}  # one per year: added when absent, never overwritten
# The file's own encoding of records, by local ids (departments and committee posts are few: all of them).
READERS = {"org": lambda db, ids: read.orgs(db, ids), "member": lambda db, ids: read.members(db, ids),
           "dept": lambda db, ids: read.departments(db), "committee": lambda db, ids: read.committee(db, None),
           "talk": lambda db, ids: read.talks(db, _in("t.id", ids), []),
           "visit": lambda db, ids: read.visits(db, _in("v.id", ids), []),
           "meeting": lambda db, ids: read.meetings(db, _in("mt.id", ids), [])}  # fmt: skip


def _in(column: str, ids: list[int]) -> str:
    return f"{column} IN ({','.join(str(int(i)) for i in ids) or 'NULL'})"


class _Refs:
    """Global ids → local ids, growing as the plan adds records (they get their ids when written)."""

    def __init__(self, db):
        self.maps = {t: read.gid_map(db, t) for t in write.TABLES.values()}
        self.root = read.root(db)
        self.new: dict[str, set[str]] = {t: set() for t in self.maps}
        self.names = read.member_names(db)
        self.departments = read.department_names(db)
        self.id_numbers = read.member_id_numbers(db)  # 公民身份号码 -> global id: one person, one record
        self.org_names = read.org_names(db)  # (parent global id, name) -> global id: names are unique under a parent

    def known(self, table: str, gid: str | None) -> bool:
        return gid is None or gid in self.maps[table] or gid in self.new[table]


class _Planner:
    """One pass over the package's records, in dependency order, deciding each record's fate."""

    def __init__(self, s: Session, plan, records: list[dict]):  # plan: package_import.PackagePlan
        self.s, self.plan, self.records, self.kind = s, plan, records, plan.manifest["kind"]
        self.refs, self.state = _Refs(s.db), write.state(s.db)
        self.closed = set(closing.closed_years(s))
        self.local = _local_versions(s, records, self.refs, self.kind)
        self.yearly = {"rules": write.rule_years(s.db), "round": write.round_years(s.db)}
        whole = [r for r in records if isinstance(r.get("d"), dict)]
        self.items = [f"{r['d'].get('year')} {it[0]}" for r in whole if r["t"] == "rules" and r["d"].get("year") not in self.yearly["rules"]
                      for it in r["d"].get("items", []) if isinstance(it, list) and it]  # a year's rules arriving serve its entries
        self.refs.names.update({r["g"].upper(): r["d"].get("name") or r["d"].get("title") or r["d"].get("issue")
                                for r in whole if r["t"] in ("member", "org", "project", "rectification")})  # fmt: skip
        plan.roots = [r for r in whole if r["t"] == "org" and r["d"].get("parent", 0) is None]
        self.their_root = plan.roots[0]["g"] if plan.roots else None

    def run(self) -> None:
        rank = {e: i for i, e in enumerate(ORDER)}
        for r in sorted(self.records, key=lambda r: rank.get(r["t"], len(ORDER))):
            entity, name = r["t"], NAMES.get(r["t"], r["t"])
            why = "本程序不认识这类记录" if entity not in rank else _incomplete(r)
            if why:
                self.plan.refused.append((name, str(r["g"]), why))
                continue
            label = _label(r, self.refs)
            why = _refusal(r, self.refs, self.closed)
            if why:
                self.plan.refused.append((name, label, why))
            elif entity in YEARLY:
                self.year_record(r, name, label)
            else:
                self.record(r, name, label)
        if self.plan.ledger is not None:
            self.ledger()

    def ledger(self) -> None:
        """The ledger entries, checked by SQLite against the file and what the records above will add."""
        refs, plan = self.refs, self.plan
        known = {t: json.dumps(sorted(g.upper() for g in refs.new[t])) for t in ("members", "meetings")}
        with package_ledger.attached(self.s.db, plan.ledger):
            unchanged, new, refused, first = package_ledger.preview(self.s.db, json.dumps(sorted(self.closed)), known["members"],
                                                                    known["meetings"], json.dumps(self.items), SAMPLE)  # fmt: skip
        label = lambda member, date, item, points: f"{date} {refs.names.get(member, '')} {item} {points:+g}分"  # noqa: E731
        plan.unchanged += unchanged
        plan.entries_new, plan.entries_shown = new, [label(*x) for x in first]
        plan.refused += [("积分记录", label(*x[:4]), x[4]) for x in refused]

    def add(self, r: dict, name: str, label: str) -> None:
        self.plan.ops.append(("新增", r, None))
        self.plan.added.append((name, label))

    def unchanged(self, r: dict, digest: str | None = None) -> None:
        self.plan.unchanged += 1
        if digest:
            self.plan.exchanged.append((r["t"], r["g"], digest))

    def year_record(self, r: dict, name: str, label: str) -> None:
        """A year's 5A rules or star standard: added when absent, never overwritten."""
        held = self.yearly[r["t"]].get(r["d"]["year"])
        if held is None:
            self.add(r, name, label)
        elif held == r["d"]["rules_json"]:
            self.unchanged(r)
        else:
            self.plan.refused.append((name, label, f"本数据文件的该年度{YEARLY[r['t']]}与数据包不同，保留本机的"))

    def record(self, r: dict, name: str, label: str) -> None:
        plan, refs, entity, d = self.plan, self.refs, r["t"], r["d"]
        table = write.TABLES.get(entity)
        if entity == "org" and d["parent"] is None and self.kind != "unit":  # each file has its own root
            refs.maps["orgs"][r["g"]] = refs.root[0]
            return self.unchanged(r)
        lid = refs.maps[table].get(r["g"]) if table else (r["g"] if (entity, r["g"]) in self.local else None)
        if entity == "dept" and lid is None and d["name"] in refs.departments:  # a department is its name
            plan.aliases[r["g"]] = refs.maps["departments"][r["g"]] = refs.departments[d["name"]]
            return self.unchanged(r)
        clash = _clash(r, refs, self.kind, self.their_root)
        if clash:
            return plan.refused.append((name, label, clash))
        if lid is None:
            if table:
                refs.new[table].add(r["g"])
            return self.add(r, name, label)
        mine, theirs = self.local.get((entity, r["g"])), content_hash(d)
        if mine == theirs:
            return self.unchanged(r, theirs)
        self.changed(r, name, label, lid, mine, theirs)

    def changed(self, r: dict, name: str, label: str, lid, mine: str | None, theirs: str) -> None:
        """A record both files hold, in different versions: its owner decides (PRODUCT: 数据包 ownership)."""
        plan, entity = self.plan, r["t"]
        last = self.state.get((entity, r["g"]))  # as the two files last exchanged it
        office_owns = entity in OFFICE_OWNS or (entity == "brand" and r["d"]["org"] == self.their_root)
        sender_owns = self.kind == "unit" or office_owns == (self.kind == "office")
        both = last is not None and mine != last
        if sender_owns:
            plan.ops.append(("更新", r, lid))
            if both:
                plan.conflicts.append((name, label, "两边都修改过，按所有方（发送方）的内容更新"))
            else:
                plan.updated.append((name, label))
        elif last is not None and theirs == last:
            self.unchanged(r)  # only this file changed it since: its own version stands
        elif both:
            owner = "单位" if office_owns else "支部"
            plan.conflicts.append((name, label, f"两边都修改过，保留所有方（{owner}）本机的内容"))
            plan.exchanged.append((entity, r["g"], theirs))
        else:
            owner = "单位" if office_owns else "支部"
            plan.refused.append((name, label, f"{name}由{owner}维护，发送方的修改不予采用"))


def _local_versions(s: Session, records: list[dict], refs: _Refs, kind: str) -> dict[tuple[str, str], str]:
    """The file's own encoding of each record the package also carries, hashed for comparison. Each file
    has its own root (党委) with its own global id: ours is written as the sender's (for a unit's package
    in a county's file, the unit's 党委 has none above it, as in the unit's own file)."""
    out: dict[tuple[str, str], str] = {}
    theirs = next((r["g"] for r in records if r["t"] == "org" and r["d"]["parent"] is None), None)
    for x in [*read.ratings(s.db), *package_fusion.encode(s.db)]:  # few: all of them
        out[(x["t"], x["g"])] = content_hash(x["d"])
    ours = refs.root[1].hex()
    for entity, reader in READERS.items():
        local = refs.maps[write.TABLES[entity]]
        if entity in package_fusion.TABLES:
            continue
        ids = [local[r["g"]] for r in records if r["t"] == entity and r["g"] in local]
        for chunk in range(0, len(ids), 5000):
            for x in reader(s.db, ids[chunk: chunk + 5000]):
                if kind == "unit":
                    if x["d"].get("parent") == ours:
                        x["d"]["parent"] = None
                elif theirs:
                    for key in ("parent", "org", "branch", "group"):
                        if x["d"].get(key) == ours:
                            x["d"][key] = theirs
                out[(entity, x["g"])] = content_hash(x["d"])
    return out


# What each kind of record names: (field, table) pairs, and whether it names people in lists.
NAMED = {"org": (("parent", "orgs"),), "member": (("branch", "orgs"), ("group", "orgs"), ("department", "departments")),
         "committee": (("org", "orgs"), ("member", "members")), "rating": (("branch", "orgs"),),
         "meeting": (("branch", "orgs"), ("group", "orgs")), "talk": (("branch", "orgs"),),
         "visit": (("member", "members"), ("branch", "orgs")),
         "project": (("branch", "orgs"), ("leader", "members"), ("co_leader", "members")), "post": (("branch", "orgs"),),
         "result": (("post", "fusion_posts"),), "rectification": (("inspection", "fusion_inspections"), ("branch", "orgs")),
         "closure": (("item", "fusion_rectifications"),), "brand": (("org", "orgs"),), "pledge": (("member", "members"),),
         "progress": (("project", "fusion_projects"),), "review": (("project", "fusion_projects"),),
         "assessment": (("project", "fusion_projects"),)}  # fmt: skip
WHAT = {"orgs": "组织", "departments": "部门", "members": "党员", "meetings": "会议", "fusion_projects": "双领办项目",
        "fusion_posts": "先锋阵地", "fusion_inspections": "检查", "fusion_rectifications": "整改事项"}  # fmt: skip
DATED = {"talk", "visit", "meeting", "project", "result", "inspection", "rules"}  # a closed year gets no rules either


# The fields each kind of record must carry (a package made by this program always has them all).
FIELDS = {"org": {"name", "kind", "parent", "sort_order", "active", "created_at"}, "dept": {"name", "active"},
          "member": {"branch", "group", "department", *read.MEMBER_FIELDS},
          "committee": {"org", "member", "post", "start_date", "end_date"},
          "rules": {"year", "rules_json", "created_at", "items"}, "round": {"year", "rules_json", "opened_at"},
          "rating": {"branch", "liaison", *read.RATING_FIELDS}, "meeting": {"branch", "group", "attendance", *read.MEETING_FIELDS},
          "talk": {"branch", "talkers", "talkees", *read.TALK_FIELDS},
          "visit": {"member", "branch", "visitors", "family", *read.VISIT_FIELDS},
          "project": {"branch", "leader", "co_leader", *package_fusion.PROJECT},
          "assessment": {"project", "score", "result", "note", "assessed_at"},
          "progress": {"project", "month", "note", "value", "reported_at"},
          "review": {"project", "quarter", "rating", "comment", "reviewed_at"},
          "post": {"branch", "members", *package_fusion.POST}, "result": {"post", *package_fusion.RESULT},
          "inspection": {"branches", *package_fusion.INSPECTION}, "rectification": {"inspection", "branch", *package_fusion.ITEM},
          "closure": {"item", "closed_on", "closure_note"}, "brand": {"org", *package_fusion.BRAND},
          "pledge": {"year", "member", "signed_on", "note", "recorded_at"}}  # fmt: skip


def _incomplete(r: dict) -> str | None:
    d = r["d"]
    if not isinstance(d, dict) or not isinstance(r["g"], str):
        return "记录内容无法识别"
    missing = FIELDS[r["t"]] - d.keys()
    return f"记录内容不完整（缺少 {'、'.join(sorted(missing))}）" if missing else None


def _refusal(r: dict, refs: _Refs, closed: set[int]) -> str | None:
    """Why a record cannot be taken as it is (a closed year, something it names that neither side has)."""
    d, entity = r["d"], r["t"]
    if entity in DATED and closed:
        year = d.get("year") or int(d["date"][:4])
        if year in closed:
            return f"{year}年度已关账，不能再增加或修改该年度的记录"
    for key, table in NAMED.get(entity, ()):
        g = d.get(key)
        if g is not None and g not in refs.maps[table] and g not in refs.new[table]:
            return f"所属的{WHAT[table]}不在本数据文件或数据包中"
    if entity in ("talk", "visit", "meeting", "post"):
        people = [*(t[0] for t in d.get("talkers", ()) if t[0]), *d.get("talkees", ()), *d.get("visitors", ()),
                  *(a[0] for a in d.get("attendance", ())), *(x[0] for x in d.get("members", ()))]  # fmt: skip
        if any(not refs.known("members", g) for g in people):
            return "涉及的党员不在本数据文件或数据包中"
    if entity == "inspection" and any(not refs.known("orgs", g) for g in d["branches"]):
        return "被检查的支部不在本数据文件或数据包中"
    return None


def _clash(r: dict, refs: _Refs, kind: str, their_root: str | None) -> str | None:
    """A member whose 公民身份号码, or an organisation whose name under its parent, another record here has."""
    d, our_root = r["d"], refs.root[1].hex()
    if r["t"] == "member" and d.get("id_number"):
        other = refs.id_numbers.setdefault(d["id_number"], r["g"])
        if other != r["g"]:
            return f"公民身份号码 {d['id_number']} 与本数据文件中的党员“{refs.names.get(other.upper(), '')}”相同"
    if r["t"] == "org" and (d["parent"] is not None or kind == "unit"):
        # under the root: ours (a unit's 党委 goes under a county's root; the sender's root is ours otherwise)
        parent = our_root if d["parent"] is None or (kind != "unit" and d["parent"] == their_root) else d["parent"]
        other = refs.org_names.setdefault((parent, d["name"]), r["g"])
        if other != r["g"]:
            return f"同一上级组织下已有名为“{d['name']}”的组织"
    return None


def _label(r: dict, refs: _Refs) -> str:
    d, t = r["d"], r["t"]
    if t in ("meeting", "talk"):
        return f"{d['date']} {d['type']}“{d['topic']}”"
    if t in ("org", "dept", "member"):
        return d["name"]
    if t == "visit":
        return f"{d['date']} 家访{refs.names.get(d['member'].upper(), '')}"
    if t == "committee":
        return f"{refs.names.get(d['member'].upper(), '')}（{d['post']}）"
    if t in ("rules", "round"):
        return f"{d['year']}年度" + ("5A积分规则" if t == "rules" else "评星标准")
    if t == "rating":
        return f"{refs.names.get(d['branch'].upper(), '')}{d['year']}年度评星定级"
    if t in ("project", "post", "brand"):
        return f"“{d.get('title') or d.get('name')}”"
    if t in ("progress", "review", "assessment"):
        what = {"progress": f"{d.get('month')}月进展", "review": f"第{d.get('quarter')}季度点评", "assessment": "年终考核"}[t]
        return f"“{refs.names.get(d['project'].upper(), '')}”{what}"
    if t == "result":
        return f"{d['date']} {d['measure']}{d['quantity']}{d['unit']}"
    if t == "inspection":
        return f"{d['date']} {d['kind']}"
    if t in ("rectification", "closure"):
        return (d.get("issue") or refs.names.get(d["item"].upper(), ""))[:30] + ("（整改完成）" if t == "closure" else "")
    if t == "pledge":
        return f"{refs.names.get(d['member'].upper(), '')}{d['year']}年一岗双责责任书"
    return r["g"]


