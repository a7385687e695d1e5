"""数据包 benchmark: `python -m benchmarks.packages [--data DIR] [--runs N]`.

On the unit demo (`djrh demo --size unit --seed 1`, built once into DIR): the unit's package for the county
(export, then preview and import into a fresh county file); the same package into a county file already
holding two other units (seeds 2 and 3, built once: their ledgers are there first, so the county's indexes
are kept up row by row); an office → branch package of the largest branch. Prints medians — export, the
import's preview (read, check, compare) and write (one transaction), the two together — the ledger rows each
package carries, the time per 100,000 ledger rows (issue 18's floor: 2 s) of the whole import and of the
ledger rows' share of it (the import less that of the same package without its ledger: meetings, attendance,
talks and roster cost what they cost), and this machine's speed on a fixed Python and SQLite workload, to
compare runs on different machines. Not part of the test run."""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
import time
import zipfile
from pathlib import Path

from djrh_desktop import demo
from djrh_desktop.services import package_export, package_import, setup, users
from djrh_desktop.store import config
from djrh_desktop.store.connection import open_db

from .__main__ import HERE, build


def fresh(path: Path, unit: str, password: str):
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        p.unlink(missing_ok=True)
    db = open_db(path, create=True)
    setup.initialise(db, unit, "admin", password)
    return users.sign_in(db, "admin", password)


def without_ledger(path: Path, out: Path) -> Path:
    """The same package without its ledger entries."""
    with zipfile.ZipFile(path) as z:
        manifest, body = json.loads(z.read("manifest.json")), z.read("records.jsonl")
    manifest["records"] -= manifest.pop("ledger", {}).get("rows", 0)
    manifest["counts"].pop("entry", None)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False))
        z.writestr("records.jsonl", body)
    return out


def other_unit(folder: Path, seed: int, name: str) -> Path:
    """Another unit's own file for the county: the unit demo of another seed, its 党委 and name its own."""
    path = folder / f"unit-seed{seed}-{name}.db"
    if not path.exists():
        made = folder / f"unit-seed{seed}.tmp.db"
        made.unlink(missing_ok=True)
        build("unit", made, seed)
        db = open_db(made)
        with db.atomic():
            db.execute("UPDATE orgs SET name = ? WHERE parent_id IS NULL", [f"中共{name}机关委员会"])
            config.put(db, config.UNIT_NAME, name)
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.close()
        made.rename(path)
    return path


def county_of(units: list[Path], tmp: Path) -> Path:
    """A county work committee's file that has taken those units' packages."""
    county = fresh(tmp / "county-base.db", "云溪县直机关工委", "County2026x")
    for k, unit in enumerate(units):
        copy = tmp / f"unit{k}.db"
        shutil.copy(unit, copy)
        s = users.sign_in(setup.open_and_upgrade(copy), "admin", demo.DEMO_PASSWORD)
        package_export.export_unit(s, tmp / f"unit{k}.djrhpkg")
        s.db.close()
        package_import.apply_import(county, package_import.plan_import(county, tmp / f"unit{k}.djrhpkg"))
    county.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    county.db.close()
    return tmp / "county-base.db"


def copy_of(path: Path, to: Path, password: str):
    for p in (to, Path(f"{to}-wal"), Path(f"{to}-shm")):
        p.unlink(missing_ok=True)
    shutil.copy(path, to)
    return users.sign_in(open_db(to), "admin", password)


def machine_speed() -> tuple[float, float]:
    """Seconds for a fixed Python loop and a fixed SQLite insert (best of three)."""
    import sqlite3

    def loop():
        for _ in range(10_000_000):
            pass

    def sql():
        conn = sqlite3.connect(":memory:")
        conn.execute("CREATE TABLE t (a, b)")
        conn.execute("WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r WHERE x < 1000000) INSERT INTO t SELECT x, x * 2 FROM r")
        conn.close()

    def best(f):
        times = []
        for _ in range(3):
            t = time.perf_counter()
            f()
            times.append(time.perf_counter() - t)
        return min(times)

    return best(loop), best(sql)


def main() -> None:
    p = argparse.ArgumentParser(description="数据包性能测试")
    p.add_argument("--data", help="where the demo file is kept (default: benchmarks/data)")
    p.add_argument("--runs", type=int, default=3)
    args = p.parse_args()
    folder = Path(args.data) if args.data else HERE / "data"
    folder.mkdir(parents=True, exist_ok=True)
    source = folder / "unit-seed1.db"
    build("unit", source)
    tmp = Path(tempfile.mkdtemp(prefix="djrh-pkg-bench-"))
    office_db = tmp / "office.db"
    shutil.copy(source, office_db)
    office = users.sign_in(setup.open_and_upgrade(office_db), "admin", demo.DEMO_PASSWORD)
    db = office.db
    branch = db.execute("""SELECT b.id FROM orgs b JOIN members m ON m.branch_id = b.id WHERE b.kind = '党支部'
                           GROUP BY b.id ORDER BY count(*) DESC LIMIT 1""").fetchone()[0]  # fmt: skip
    rows = []

    def measure(name: str, export, make_receiver, ledger_rows: int) -> None:
        out, exports, previews, writes, imports, rest = tmp / f"{name}.djrhpkg", [], [], [], [], []
        for _ in range(args.runs):
            t = time.perf_counter()
            export(out)
            exports.append(time.perf_counter() - t)
            receiver = make_receiver()
            t = time.perf_counter()
            plan = package_import.plan_import(receiver, out)
            previews.append(time.perf_counter() - t)
            package_import.apply_import(receiver, plan)
            imports.append(time.perf_counter() - t)
            writes.append(imports[-1] - previews[-1])
            receiver.db.close()
            receiver, bare = make_receiver(), without_ledger(out, tmp / f"{name}-bare.djrhpkg")
            t = time.perf_counter()
            package_import.apply_import(receiver, package_import.plan_import(receiver, bare))
            rest.append(time.perf_counter() - t)
            receiver.db.close()
        e, v, w, i, r = (statistics.median(x) for x in (exports, previews, writes, imports, rest))
        per = (lambda x: x / ledger_rows * 100_000) if ledger_rows else (lambda x: None)
        rows.append((name, ledger_rows, out.stat().st_size / 1e6, e, v, w, i, per(e), per(i), per(i - r)))

    unit_rows = db.execute("SELECT count(*) FROM point_ledger").fetchone()[0]
    measure("unit → county", lambda out: package_export.export_unit(office, out),
            lambda: fresh(tmp / "county.db", "云溪县直机关工委", "County2026x"), unit_rows)  # fmt: skip
    branch_rows = db.execute("SELECT count(*) FROM point_ledger WHERE member_id IN (SELECT id FROM members WHERE branch_id = ?)",
                             [branch]).fetchone()[0]  # fmt: skip
    base = county_of([other_unit(folder, 2, "县财政局"), other_unit(folder, 3, "县教育局")], tmp)
    measure("unit → county of 2", lambda out: package_export.export_unit(office, out),
            lambda: copy_of(base, tmp / "county2.db", "County2026x"), unit_rows)  # fmt: skip
    measure("office → branch", lambda out: package_export.export_office(office, branch, out),
            lambda: fresh(tmp / "branch.db", "北山监狱", "Branch2026x"), branch_rows)  # fmt: skip
    print(f"{'package':<20}{'ledger rows':>12}{'MB':>7}{'export s':>10}{'preview s':>11}{'write s':>9}{'import s':>10}"
          f"{'export/100k':>13}{'import/100k':>13}{'ledger share/100k':>19}")  # fmt: skip
    for name, n, mb, e, v, w, i, pe, pi, pl in rows:
        print(f"{name:<20}{n:>12,}{mb:>7.1f}{e:>10.2f}{v:>11.2f}{w:>9.2f}{i:>10.2f}{pe:>13.2f}{pi:>13.2f}{pl:>19.2f}")
    loop, sql = machine_speed()
    print(f"this machine: 10 million Python loop steps {loop:.2f} s, 1 million SQLite rows inserted {sql:.2f} s")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
