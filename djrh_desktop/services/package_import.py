"""导入数据包 (docs/数据包格式.md): read and check the whole package first (format, checksum, unit), then
preview record by record what will be added, updated, left, refused and in conflict, then write it all in
one transaction with one audit entry naming the package. Ownership decides: the office owns the roster,
organisation and rules; a branch PC owns its branch's talks, visits, meetings and ledger entries. A change
to a record the sender does not own is refused; a record changed on both sides since they last exchanged it
is a conflict, kept as its owner has it. Ledger entries are appended, never changed. Nothing lands in a
closed year. The same package imported again changes nothing."""

from __future__ import annotations

import contextlib
import tempfile
import weakref
from dataclasses import dataclass, field
from pathlib import Path

from ..domain.errors import ValidationError
from ..exchange import package_file
from ..store import config, package_ledger
from ..store import package_read as read
from ..store import package_write as write
from ..store.clock import now_text
from . import backups
from .county import COUNTY_UNITS
from .package_export import HOME, UNIT_ID
from .package_plan import _Planner
from .session import Change, Session


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
    ledger: Path | None = None  # the package's ledger entries, unpacked (package_ledger): appended by SQLite
    entries_new: int = 0  # of them, how many are new here ...
    entries_shown: list[str] = field(default_factory=list)  # ... and the first of those, by name (the rest counted)

    @property
    def writes(self) -> bool:
        return bool(self.ops or self.entries_new) and not self.already

    def added_by_kind(self) -> str:
        """新增 by kind of record, largest first ("积分记录 54,897 条、会议 3,321 条 ……")."""
        kinds: dict[str, int] = {}
        for name, _label in self.added:
            kinds[name] = kinds.get(name, 0) + 1
        if self.entries_new:
            kinds["积分记录"] = self.entries_new
        # no-break spaces: a wrapped line breaks after a "、", never inside "月度进展 215 条"
        return "、".join(f"{k}\u00a0{n:,}\u00a0条" for k, n in sorted(kinds.items(), key=lambda x: -x[1]))

    def summary(self) -> str:
        m = self.manifest
        head = f"数据包“{Path(self.file).name}”（{_origin(m)}，{m['created_at'].replace('T', ' ')}生成，{m['records']:,} 条记录）"
        if self.already:
            return f"{head}：已于{self.already['done_at'].replace('T', ' ')}导入过，再次导入不会改变任何数据"
        parts = [f"新增 {len(self.added) + self.entries_new:,} 条", f"更新 {len(self.updated):,} 条", f"无变化 {self.unchanged:,} 条"]
        if self.refused:
            parts.append(f"拒绝 {len(self.refused):,} 条")
        if self.conflicts:
            parts.append(f"冲突 {len(self.conflicts):,} 条")
        return f"{head}：" + "，".join(parts)


def _origin(m: dict) -> str:
    scope = (m.get("scope") or {}).get("branch") or {}
    who = {"office": "单位导出", "branch": "支部电脑导出", "unit": "单位报送"}.get(m["kind"], m["kind"])
    return f"{m['unit'].get('name') or '未命名单位'}{who}" + (f"，{scope.get('name')}" if scope.get("name") else "")


def plan_import(s: Session, path) -> PackagePlan:
    s.require("package.import")
    pkg = package_file.read(path)
    try:
        m = pkg.manifest
        plan = PackagePlan(str(path), m)
        _check_origin(s, m, plan)
        plan.already = write.seen(s.db, m["package_id"])
        if plan.already:
            return plan
        records = _ledger_apart(pkg)
        if pkg.ledger is not None:
            with package_ledger.attached(s.db, pkg.ledger):
                why = package_ledger.problem(s.db, m["counts"].get("entry", 0))
            if why:
                raise package_file.PackageError(f"数据包“{Path(path).name}”{why}，未导入任何数据")
            plan.ledger = pkg.ledger
            weakref.finalize(plan, pkg.discard)  # the unpacked file goes with the plan
        _Planner(s, plan, records).run()
        return plan
    finally:
        if plan.ledger is None:
            pkg.discard()


def _ledger_apart(pkg: package_file.Package) -> list[dict]:
    """The records but the ledger entries; a format-1 package's entries (JSON lines among the records) are put
    into a ledger file as a format-2 package carries them, so that one path imports both."""
    entries = [r for r in pkg.records if r["t"] == "entry"]
    if not entries:
        return pkg.records
    pkg.ledger = Path(tempfile.mkdtemp(prefix="djrh-pkg-")) / package_file.LEDGER

    def gid(v):
        try:
            return bytes.fromhex(v) if isinstance(v, str) else v
        except ValueError:
            return v  # refused by the preview as 无法识别

    keys = package_ledger.COLUMNS[1:]
    package_ledger.write_rows(pkg.ledger, [(gid(r["g"]), *(gid(d.get(k)) if k in ("member", "meeting", "reverses") else d.get(k) for k in keys))
                                           for r in entries for d in (r["d"] if isinstance(r["d"], dict) else {},)])  # fmt: skip
    return [r for r in pkg.records if r["t"] != "entry"]


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

    with package_ledger.attached(s.db, plan.ledger) if plan.ledger else contextlib.nullcontext(), s.writing():
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

