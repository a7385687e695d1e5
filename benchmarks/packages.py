"""数据包 benchmark: `python -m benchmarks.packages [--data DIR] [--runs N]`.

On the unit demo (`djrh demo --size unit --seed 1`, built once into DIR): the unit's package for the county
(export, then preview and import into a fresh county file), an office → branch package of the largest
branch, and the branch's package back. Prints medians, the ledger rows each package carries and the time
per 100,000 ledger rows (issue 18's floor: 2 s). Not part of the test run."""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from djrh_desktop import demo
from djrh_desktop.services import package_export, package_import, setup, users
from djrh_desktop.store.connection import open_db

from .__main__ import HERE, build


def fresh(path: Path, unit: str, password: str):
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        p.unlink(missing_ok=True)
    db = open_db(path, create=True)
    setup.initialise(db, unit, "admin", password)
    return users.sign_in(db, "admin", password)


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
        out, imports = tmp / f"{name}.djrhpkg", []
        exports = []
        for _ in range(args.runs):
            t = time.perf_counter()
            export(out)
            exports.append(time.perf_counter() - t)
            receiver = make_receiver()
            t = time.perf_counter()
            package_import.apply_import(receiver, package_import.plan_import(receiver, out))
            imports.append(time.perf_counter() - t)
            receiver.db.close()
        e, i = statistics.median(exports), statistics.median(imports)
        per = (lambda x: x / ledger_rows * 100_000) if ledger_rows else (lambda x: None)
        rows.append((name, ledger_rows, out.stat().st_size / 1e6, e, i, per(e), per(i)))

    unit_rows = db.execute("SELECT count(*) FROM point_ledger").fetchone()[0]
    measure("unit → county", lambda out: package_export.export_unit(office, out),
            lambda: fresh(tmp / "county.db", "云溪县直机关工委", "County2026x"), unit_rows)  # fmt: skip
    branch_rows = db.execute("SELECT count(*) FROM point_ledger WHERE member_id IN (SELECT id FROM members WHERE branch_id = ?)",
                             [branch]).fetchone()[0]  # fmt: skip
    measure("office → branch", lambda out: package_export.export_office(office, branch, out),
            lambda: fresh(tmp / "branch.db", "北山监狱", "Branch2026x"), branch_rows)  # fmt: skip
    print(f"{'package':<18}{'ledger rows':>12}{'MB':>7}{'export s':>10}{'import s':>10}{'export/100k':>13}{'import/100k':>13}")
    for name, n, mb, e, i, pe, pi in rows:
        print(f"{name:<18}{n:>12,}{mb:>7.1f}{e:>10.2f}{i:>10.2f}{pe:>13.2f}{pi:>13.2f}")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
