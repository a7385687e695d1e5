"""导出数据包 (docs/数据包格式.md). Office → branch (`--branch`): the branch's organisation, its members and
the people its records name, the committee, the 5A rules, and the branch's own talks, visits, meetings and
ledger entries, so a 支部书记's PC starts from the office's data. Branch → office: what the branch PC recorded
for its branch since its last package (or since a date), with the members it added."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import platform
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import orjson

from ..domain.errors import ValidationError
from ..exchange import package_file
from ..store import config, package_fusion, package_ledger, queries
from ..store import package_read as read
from ..store import package_write as write
from ..store.clock import now_text
from .session import Change, Session

UNIT_ID = "package_unit"  # config: {"id", "name"} of the unit this file belongs to (the office's file names it)
HOME = "package_home"  # config on a branch PC: {"gid", "name"} of the branch it keeps


def home_branch(s: Session) -> dict | None:
    """On a branch PC, the branch it keeps ({"gid", "name"}, from the office's package); None on the office's."""
    return config.get(s.db, HOME)


def content_hash(d: dict) -> str:
    """A record's content as both sides compare it (keys sorted: the same fields give the same hash)."""
    return hashlib.blake2b(orjson.dumps(d, option=orjson.OPT_SORT_KEYS), digest_size=16).hexdigest()


def _unit_of(s: Session) -> dict:
    """The unit's identity; the office's file gets one on its first export."""
    unit = config.get(s.db, UNIT_ID)
    if not unit:
        unit = {"id": uuid.uuid4().hex, "name": config.get(s.db, config.UNIT_NAME) or ""}
        config.put(s.db, UNIT_ID, unit)
    return unit


def _manifest(s: Session, kind: str, scope: dict) -> dict:
    return {"kind": kind, "package_id": uuid.uuid4().hex, "created_at": now_text(), "unit": _unit_of(s),
            "source": {"file": Path(str(getattr(s.db, "path", "") or "")).name, "pc": platform.node(),
                       "user": s.actor.username}, "scope": scope}  # fmt: skip


@contextlib.contextmanager
def _ledger(s: Session, where: str, params: list) -> Iterator[tuple[Path, int]]:
    """The entries matching `where` in a ledger file of their own, for the package (written by SQLite before the
    export's transaction: the file attaches only between transactions)."""
    with tempfile.TemporaryDirectory(prefix="djrh-pkg-") as folder:
        path = Path(folder) / package_file.LEDGER
        yield path, package_ledger.export(s.db, path, where, params)


def export_office(s: Session, branch_id: int, path) -> Change:
    """Office → branch: everything a branch PC needs to start from the office's data."""
    s.require("package.export", branch_id)
    if queries.org_kind(s.db, branch_id) != "党支部":
        raise ValidationError("应为党支部", "支部")
    db = s.db
    member_filter = "l.member_id IN (SELECT id FROM members WHERE branch_id = ?)"
    with _ledger(s, member_filter, [branch_id]) as (ledger, sent), s.writing():
        people = sorted(set(read.branch_members(db, branch_id)) | set(read.named_members(db, branch_id)))
        orgs = _org_closure(s, branch_id, people)
        root = read.root(db)[0]
        years = read.rule_years(db)
        where = ("t.branch_id = ?", [branch_id])
        records = [*read.orgs(db, orgs), *read.departments(db), *read.members(db, people),
                   *read.committee(db, [root, branch_id]), *read.rules(db, years),
                   *read.meetings(db, "mt.branch_id = ?", [branch_id]), *read.talks(db, *where),
                   *read.visits(db, "v.branch_id = ?", [branch_id]), *package_fusion.encode(db, branch_id)]  # fmt: skip
        gid = read.org_gid(db, branch_id)
        name = queries.org_name(db, branch_id)
        manifest = package_file.write(path, _manifest(s, "office", {"branch": {"gid": gid, "name": name}}), records, (ledger, sent))
        # what was sent is what both sides last agreed on: a later edit on either side is then a change
        write.put_state(db, [(r["t"], r["g"], content_hash(r["d"])) for r in records])
        write.log_package(db, manifest["package_id"], "导出", "office", name, manifest["created_at"], now_text(), manifest["counts"])
        s.audit("导出数据包", "packages", manifest["package_id"], f"导出{name}数据包“{Path(path).name}”（{manifest['records']:,} 条记录）",
                after={"counts": manifest["counts"], "kind": "office"})  # fmt: skip
    return Change("packages", (manifest["package_id"],), f"已导出{name}数据包：{_counted(manifest['counts'])}", manifest)


def _org_closure(s: Session, branch_id: int, people: list[int]) -> list[int]:
    """The branch, its groups, the branches and groups of the people named, and every parent up to the root."""
    db = s.db
    wanted = {branch_id, *read.child_orgs(db, branch_id), *read.member_orgs(db, people), *read.inspected_with(db, branch_id)}
    parents = read.org_parents(db)
    for o in list(wanted):
        while parents.get(o):
            o = parents[o]
            wanted.add(o)
    wanted.update(o for o, p in parents.items() if p is None)
    return sorted(wanted)


def export_branch(s: Session, path, since: dt.date | None = None) -> Change:
    """Branch → office: what this branch PC recorded for its branch since its last package (or since a date)."""
    s.require_role("package.export")
    home = config.get(s.db, HOME)
    if not home:
        raise ValidationError("这是单位的数据文件（没有从单位导入过支部数据包）：导出给某个支部请指定支部"
                              "（命令行 --branch 支部名称），报送上级工委请导出全单位的数据包（--scope unit）", "数据包")
    db = s.db
    branch = read.gid_map(db, "orgs").get(home["gid"])
    s.require("package.export", branch)
    # Entries never change: those not yet sent (or not received from the office), or those since the date.
    member_filter = "l.member_id IN (SELECT id FROM members WHERE branch_id = ?) AND "
    member_filter += ("NOT EXISTS (SELECT 1 FROM package_state s WHERE s.entity = 'entry' AND s.gid = l.gid)" if since is None
                      else "(l.date >= ? OR l.recorded_at >= ?)")  # fmt: skip
    params = [branch] if since is None else [branch, since.isoformat(), since.isoformat()]
    with _ledger(s, member_filter, params) as (ledger, sent):
        sent_gids = package_ledger.gids(db, ledger) if sent else []
        with s.writing():
            # the 5A rules travel back too: a year this PC froze first (its entries name its items) the office lacks
            candidates = [*read.rules(db, read.rule_years(db)), *read.orgs(db, read.child_orgs(db, branch)),
                          *read.members(db, read.branch_members(db, branch)),
                          *read.meetings(db, "mt.branch_id = ?", [branch]), *read.talks(db, "t.branch_id = ?", [branch]),
                          *read.visits(db, "v.branch_id = ?", [branch]), *package_fusion.encode(db, branch)]  # fmt: skip
            # This file's root (党委) is the office's: written with the office's global id, as the office sent it.
            ours, theirs = read.root(db)[1].hex(), home.get("root")
            if theirs:
                for r in candidates:
                    for key in ("parent", "org", "branch", "group"):
                        if r["d"].get(key) == ours:
                            r["d"][key] = theirs
            known = write.state(db)
            if since is None:
                records = [r for r in candidates if known.get((r["t"], r["g"])) != content_hash(r["d"])]
            else:
                day = since.isoformat()
                records = [r for r in candidates if max(str(r["d"].get(k) or "") for k in ("created_at", "updated_at", "voided_at",
                                                                                           "recorded_at", "date")) >= day]  # fmt: skip
            manifest = package_file.write(path, _manifest(s, "branch", {"branch": home, "since": since.isoformat() if since else None}),
                                          records, (ledger, sent))  # fmt: skip
            write.put_state(db, [(r["t"], r["g"], content_hash(r["d"])) for r in records] + [("entry", g.hex(), "") for g in sent_gids])
            write.log_package(db, manifest["package_id"], "导出", "branch", home["name"], manifest["created_at"], now_text(),
                              manifest["counts"])  # fmt: skip
            s.audit("导出数据包", "packages", manifest["package_id"], f"导出{home['name']}数据包“{Path(path).name}”（{manifest['records']:,} 条记录）",
                    after={"counts": manifest["counts"], "kind": "branch"})  # fmt: skip
    if not records and not sent:
        return Change("packages", (manifest["package_id"],), "自上次导出以来没有新的记录，已导出空数据包", manifest)
    return Change("packages", (manifest["package_id"],), f"已导出{home['name']}数据包：{_counted(manifest['counts'])}", manifest)


def export_unit(s: Session, path) -> Change:
    """Unit → county (`--scope unit`): the whole unit — organisation, roster, rules, star ratings and every
    record — for the county work committee, where it becomes that unit's part of the county, read-only."""
    s.require("package.export")
    db = s.db
    with _ledger(s, "1", []) as (ledger, sent), s.writing():
        years = read.rule_years(db)
        records = [*read.orgs(db), *read.departments(db), *read.members(db), *read.committee(db, None),
                   *read.rules(db, years), *read.rating_rounds(db), *read.ratings(db), *read.meetings(db, "1", []),
                   *read.talks(db, "1", []), *read.visits(db, "1", []), *package_fusion.encode(db)]  # fmt: skip
        manifest = package_file.write(path, _manifest(s, "unit", {"through": dt.date.today().isoformat()}), records,
                                      (ledger, sent))  # fmt: skip
        name = manifest["unit"]["name"]
        write.log_package(db, manifest["package_id"], "导出", "unit", "上级工委", manifest["created_at"], now_text(), manifest["counts"])
        s.audit("导出数据包", "packages", manifest["package_id"], f"导出单位数据包“{Path(path).name}”（{manifest['records']:,} 条记录）",
                after={"counts": manifest["counts"], "kind": "unit"})  # fmt: skip
    return Change("packages", (manifest["package_id"],), f"已导出{name}单位数据包：{_counted(manifest['counts'])}", manifest)


NAMES = {"org": "组织", "dept": "部门", "member": "党员", "committee": "班子成员", "rules": "积分规则", "meeting": "会议",
         "talk": "谈话", "visit": "家访", "entry": "积分记录", "round": "评星年度", "rating": "评星定级",
         "project": "双领办项目", "assessment": "年终考核", "progress": "月度进展", "review": "季度点评", "post": "先锋阵地",
         "result": "阵地成效", "inspection": "检查", "rectification": "整改事项", "closure": "整改完成", "brand": "党建品牌",
         "pledge": "责任书"}  # fmt: skip


def _counted(counts: dict) -> str:
    return "，".join(f"{NAMES.get(k, k)} {n:,} 条" for k, n in counts.items()) or "无记录"
