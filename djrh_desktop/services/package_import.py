"""导入数据包 (docs/数据包格式.md): read and check the whole package first (format, checksum, unit), then
preview record by record what will be added, updated, left, refused and in conflict, then write it all in
one transaction with one audit entry naming the package. Ownership decides: the office owns the roster,
organisation and rules; a branch PC owns its branch's talks, visits, meetings and ledger entries. A change
to a record the sender does not own is refused; a record changed on both sides since they last exchanged it
is a conflict, kept as its owner has it. Ledger entries are appended, never changed. Nothing lands in a
closed year. The same package imported again changes nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..domain.errors import ValidationError
from ..exchange import package_file
from ..store import config, package_fusion
from ..store import package_read as read
from ..store import package_write as write
from ..store.clock import now_text
from . import backups, closing
from .county import COUNTY_UNITS
from .package_export import HOME, NAMES, UNIT_ID, content_hash
from .session import Change, Session

OFFICE_OWNS = {"org", "dept", "member", "committee", "rules", "review", "assessment", "inspection", "rectification", "pledge"}
ORDER = ("org", "dept", "member", "committee", "rules", "round", "rating", "meeting", "talk", "visit", "project", "assessment",
         "progress", "review", "post", "result", "inspection", "rectification", "closure", "brand", "pledge", "entry")  # fmt: skip
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


@dataclass
class PackagePlan:
    file: str
    manifest: dict
    already: dict | None = None  # when the package was imported before
    ops: list[tuple[str, dict, int | None]] = field(default_factory=list)  # (action, record, local id): 新增/更新
    added: list[tuple[str, str]] = field(default_factory=list)  # (entity name, label)
    updated: list[tuple[str, str]] = field(default_factory=list)
    unchanged: int = 0
    refused: list[tuple[str, str, str]] = field(default_factory=list)  # (entity name, label, why)
    conflicts: list[tuple[str, str, str]] = field(default_factory=list)  # (entity name, label, what was kept)
    adopt_unit: bool = False
    exchanged: list[tuple[str, str, str]] = field(default_factory=list)  # records left as they are, noted as seen
    roots: list[dict] = field(default_factory=list)  # the package's root organisation record
    aliases: dict[str, int] = field(default_factory=dict)  # a department's global id -> ours of the same name

    def summary(self) -> str:
        m = self.manifest
        head = f"数据包“{Path(self.file).name}”（{_origin(m)}，{m['created_at'].replace('T', ' ')}生成，{m['records']:,} 条记录）"
        if self.already:
            return f"{head}：已于{self.already['done_at'].replace('T', ' ')}导入过，再次导入不会改变任何数据"
        parts = [f"新增 {len(self.added):,} 条", f"更新 {len(self.updated):,} 条", f"无变化 {self.unchanged:,} 条"]
        if self.refused:
            parts.append(f"拒绝 {len(self.refused):,} 条")
        if self.conflicts:
            parts.append(f"冲突 {len(self.conflicts):,} 条")
        return f"{head}：" + "，".join(parts)


def _origin(m: dict) -> str:
    scope = (m.get("scope") or {}).get("branch") or {}
    who = {"office": "单位导出", "branch": "支部电脑导出", "unit": "单位报送"}.get(m["kind"], m["kind"])
    return f"{m['unit'].get('name') or '未命名单位'}{who}" + (f"，{scope.get('name')}" if scope.get("name") else "")


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


def plan_import(s: Session, path) -> PackagePlan:
    s.require("package.import")
    pkg = package_file.read(path)
    m = pkg.manifest
    plan = PackagePlan(str(path), m)
    _check_origin(s, m, plan)
    plan.already = write.seen(s.db, m["package_id"])
    if plan.already:
        return plan
    refs, state = _Refs(s.db), write.state(s.db)
    closed = set(closing.closed_years(s))
    local = _local_versions(s, pkg.records, refs, m["kind"])
    items, rules = write.item_ids(s.db), write.rule_years(s.db)
    yearly = {"rules": rules, "round": write.round_years(s.db)}
    for r in pkg.records:  # a year's rules arriving in the package serve its entries
        if r["t"] == "rules" and r["d"]["year"] not in rules:
            items.update({(r["d"]["year"], it[0]): 0 for it in r["d"]["items"]})
    entries = write.entry_ids(s.db, [r["g"] for r in pkg.records if r["t"] == "entry"])
    note_entries = m["kind"] == "office"  # only a branch PC notes entries as exchanged (package_apply)
    by_gid_names = {r["g"]: r["d"].get("name") or r["d"].get("title") or r["d"].get("issue")
                    for r in pkg.records if r["t"] in ("member", "org", "project", "rectification") and isinstance(r["d"], dict)}
    refs.names.update({g.upper(): n for g, n in by_gid_names.items()})
    plan.roots = [r for r in pkg.records if r["t"] == "org" and isinstance(r["d"], dict) and r["d"].get("parent", 0) is None]
    for r in sorted(pkg.records, key=lambda r: ORDER.index(r["t"]) if r["t"] in ORDER else len(ORDER)):
        entity = r["t"]
        name = NAMES.get(entity, entity)
        if entity not in ORDER:
            plan.refused.append((name, str(r["g"]), "本程序不认识这类记录"))
            continue
        broken = _incomplete(r)
        if broken:
            plan.refused.append((name, str(r["g"]), broken))
            continue
        label = _label(r, refs)
        why = _refusal(r, refs, closed, items, rules)
        if why:
            plan.refused.append((name, label, why))
            continue
        if entity == "entry":
            if r["g"] in entries:
                plan.unchanged += 1
                if note_entries:
                    plan.exchanged.append((entity, r["g"], content_hash(r["d"])))
            else:
                plan.ops.append(("新增", r, None))
                plan.added.append((name, label))
            continue
        if entity in YEARLY:
            year = r["d"]["year"]
            if year not in yearly[entity]:
                plan.ops.append(("新增", r, None))
                plan.added.append((name, label))
            elif yearly[entity][year] == r["d"]["rules_json"]:
                plan.unchanged += 1
            else:
                plan.refused.append((name, label, f"本数据文件的该年度{YEARLY[entity]}与数据包不同，保留本机的"))
            continue
        table = write.TABLES.get(entity)
        if entity == "org" and r["d"]["parent"] is None and m["kind"] != "unit":  # each file has its own root
            plan.unchanged += 1
            refs.maps["orgs"][r["g"]] = refs.root[0]
            continue
        lid = refs.maps[table].get(r["g"]) if table else (r["g"] if (entity, r["g"]) in local else None)
        if entity == "dept" and lid is None and r["d"]["name"] in refs.departments:  # a department is its name
            plan.aliases[r["g"]] = refs.maps["departments"][r["g"]] = refs.departments[r["d"]["name"]]
            plan.unchanged += 1
            continue
        clash = _clash(r, refs, m["kind"], plan.roots[0]["g"] if plan.roots else None)
        if clash:
            plan.refused.append((name, label, clash))
            continue
        if lid is None:
            plan.ops.append(("新增", r, None))
            plan.added.append((name, label))
            if table:
                refs.new[table].add(r["g"])
            continue
        mine, theirs = local.get((entity, r["g"])), content_hash(r["d"])
        if mine == theirs:
            plan.unchanged += 1
            plan.exchanged.append((entity, r["g"], theirs))
            continue
        last = state.get((entity, r["g"]))
        office_owns = entity in OFFICE_OWNS or (entity == "brand" and r["d"]["org"] in {x["g"] for x in plan.roots})
        sender_owns = m["kind"] == "unit" or office_owns == (m["kind"] == "office")
        if sender_owns:
            plan.ops.append(("更新", r, lid))
            if last is not None and mine != last:
                plan.conflicts.append((name, label, "两边都修改过，按所有方（发送方）的内容更新"))
            else:
                plan.updated.append((name, label))
        elif last is not None and theirs == last:
            plan.unchanged += 1  # only this file changed it since: its own version stands
        else:
            owner = "单位" if office_owns else "支部"
            if last is not None and mine != last:
                plan.conflicts.append((name, label, f"两边都修改过，保留所有方（{owner}）本机的内容"))
                plan.exchanged.append((entity, r["g"], theirs))
            else:
                plan.refused.append((name, label, f"{name}由{owner}维护，发送方的修改不予采用"))
    return plan


def _check_origin(s: Session, m: dict, plan: PackagePlan) -> None:
    """The package belongs here: the same unit (a branch PC and its office), its own branch, or a unit's package
    into a county work committee's file."""
    unit, home = config.get(s.db, UNIT_ID), config.get(s.db, HOME)
    scope = (m.get("scope") or {}).get("branch") or {}
    if m["kind"] == "unit":
        if unit and unit["id"] == m["unit"]["id"]:
            raise ValidationError("这是本单位自己导出的单位数据包，应导入上级工委的数据文件", "数据包")
        if home:
            raise ValidationError("支部电脑的数据文件不能导入单位数据包", "数据包")
        return
    if unit and unit["id"] != m["unit"]["id"]:
        raise ValidationError(f"数据包来自其他单位（{m['unit'].get('name')}），本数据文件属于“{unit.get('name')}”，未导入任何数据", "数据包")
    if m["kind"] == "office" and home and scope.get("gid") != home["gid"]:
        raise ValidationError(f"数据包是{scope.get('name')}的，本数据文件是{home['name']}的，未导入任何数据", "数据包")
    if not unit:
        if m["kind"] != "office":
            raise ValidationError("本数据文件还没有单位标识：请先在单位的数据文件中导出数据包，支部电脑的数据包只能导入单位的数据文件", "数据包")
        plan.adopt_unit = True


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
         "visit": (("member", "members"), ("branch", "orgs")), "entry": (("member", "members"), ("meeting", "meetings")),
         "project": (("branch", "orgs"), ("leader", "members"), ("co_leader", "members")), "post": (("branch", "orgs"),),
         "result": (("post", "fusion_posts"),), "rectification": (("inspection", "fusion_inspections"), ("branch", "orgs")),
         "closure": (("item", "fusion_rectifications"),), "brand": (("org", "orgs"),), "pledge": (("member", "members"),),
         "progress": (("project", "fusion_projects"),), "review": (("project", "fusion_projects"),),
         "assessment": (("project", "fusion_projects"),)}  # fmt: skip
WHAT = {"orgs": "组织", "departments": "部门", "members": "党员", "meetings": "会议", "fusion_projects": "双领办项目",
        "fusion_posts": "先锋阵地", "fusion_inspections": "检查", "fusion_rectifications": "整改事项"}  # fmt: skip
DATED = {"talk", "visit", "meeting", "entry", "project", "result", "inspection"}


# The fields each kind of record must carry (a package made by this program always has them all).
FIELDS = {"org": {"name", "kind", "parent", "sort_order", "active", "created_at"}, "dept": {"name", "active"},
          "member": {"branch", "group", "department", *read.MEMBER_FIELDS},
          "committee": {"org", "member", "post", "start_date", "end_date"},
          "rules": {"year", "rules_json", "created_at", "items"}, "round": {"year", "rules_json", "opened_at"},
          "rating": {"branch", "liaison", *read.RATING_FIELDS}, "meeting": {"branch", "group", "attendance", *read.MEETING_FIELDS},
          "talk": {"branch", "talkers", "talkees", *read.TALK_FIELDS},
          "visit": {"member", "branch", "visitors", "family", *read.VISIT_FIELDS},
          "entry": {"member", "item", "meeting", "reverses", *read.ENTRY_FIELDS},
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


def _refusal(r: dict, refs: _Refs, closed: set[int], items: dict, rules: dict) -> str | None:
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
    if entity == "entry":
        if (d["year"], d["item"]) not in items:
            return (f"本数据文件{d['year']}年度的积分规则中没有“{d['item']}”" if d["year"] in rules
                    else f"本数据文件没有{d['year']}年度的积分规则")
        return None
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
    if t == "entry":
        return f"{d['date']} {refs.names.get(d['member'].upper(), '')} {d['item']} {d['points']:+g}分"
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


def _register_unit(s: Session, plan: PackagePlan) -> None:
    """A county's file remembers each unit that reports and when its packages were made (未报送 by period)."""
    m = plan.manifest
    root = plan.roots[0]["g"]
    units = config.get(s.db, COUNTY_UNITS) or {}
    unit = units.setdefault(m["unit"]["id"], {"name": m["unit"]["name"], "org": root, "packages": []})
    unit["name"], unit["org"] = m["unit"]["name"], root
    unit["packages"] = sorted({*unit["packages"], m["created_at"]})
    unit["orgs"] = read.subtree(s.db, root)  # read-only here: the unit's own file keeps them
    config.put(s.db, COUNTY_UNITS, units)


def apply_import(s: Session, plan: PackagePlan) -> Change:
    """Write the plan in one transaction (after an automatic backup); one audit entry names the package."""
    s.require("package.import")
    m = plan.manifest
    if plan.already:
        return Change("packages", (), plan.summary())
    backups.automatic(s, "import")
    from .package_apply import _write_plan  # the writing half, kept apart from the planning

    with s.writing():
        counts = _write_plan(s, plan)
        appended = counts.pop("ledger", None)  # the ledger range the package appended, for the audit's check
        if m["kind"] == "unit":
            _register_unit(s, plan)
        if plan.adopt_unit:
            config.put(s.db, UNIT_ID, m["unit"])
            if m["kind"] == "office" and (m.get("scope") or {}).get("branch"):
                config.put(s.db, HOME, {**m["scope"]["branch"], "root": plan.roots[0]["g"] if plan.roots else None})
        write.log_package(s.db, m["package_id"], "导入", m["kind"], _origin(m), m["created_at"], now_text(), counts)
        s.audit("导入数据包", "packages", m["package_id"], f"导入数据包“{Path(plan.file).name}”（{_origin(m)}）：" + plan.summary().split("：", 1)[1],
                after={"package_id": m["package_id"], "counts": counts, "refused": len(plan.refused),
                       "conflicts": len(plan.conflicts), **({"ledger": appended} if appended else {})})  # fmt: skip
    return Change("packages", (m["package_id"],), plan.summary().split("：", 1)[1].join(("已导入数据包：", "")))

