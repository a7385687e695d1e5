"""Benchmarks: `python -m benchmarks [--size unit|county] [--out FILE] [--runs N]`.

Builds (or reuses) a data file from `djrh demo --size SIZE --seed 1`, times each operation N times
(5 by default; demo generation once, as it builds the file), and prints medians against targets. A
baseline is the same work written plainly with sqlite3 or ReportLab alone, so the ratio shows the
program's own overhead. Not part of the test run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from djrh_desktop import demo
from djrh_desktop.domain.periods import Quarter
from djrh_desktop.services import export, imports, lists, points, report_data, reporting, stats, users
from djrh_desktop.services.session import system_session
from djrh_desktop.store import backup, integrity
from djrh_desktop.store.connection import open_db

HERE = Path(__file__).resolve().parent
TARGETS = {  # name -> (target seconds, target ratio, target MB), county figures from issue 7
    "demo generation": (90, None, None),
    "start to first painted window": (1.5, None, None),
    "password check at sign-in": (1.0, None, None),
    "dashboard figures of a quarter": (0.15, None, None),
    "member table first screen": (0.2, None, None),
    "pinyin filter keystroke": (0.05, None, None),
    "5A ranking, unit": (0.15, 1.5, None),
    "5A ranking, branch": (0.15, 1.5, None),
    "ledger first screen": (0.2, None, None),
    "ledger member filter": (0.2, None, None),
    "quarterly report": (1.0, 1.3, None),  # issue 15: county ≤ 1 s in-process
    "talk forms, a quarter": (6.0, None, None),  # issue 15: ~1,600 pages ≤ 6 s
    "talk forms, a year": (None, None, None),  # PRODUCT.md scale: ~6,000 talks a year; measured, no floor given
    "5A ranking report, whole unit": (3.0, None, None),  # issue 15: county ≤ 3 s
    "star report": (2.0, None, None),
    "roster import, 4,000 rows": (3.0, None, None),
    "backup + verify": (3.0, None, None),
    "djrh check": (10.0, None, None),
    "GUI peak memory": (None, None, 350),
}


def timed(fn, runs: int) -> float:
    values = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        values.append(time.perf_counter() - t)
    return statistics.median(values)


def build(size: str, path: Path, seed: int = 1) -> float | None:
    """`djrh demo --size SIZE --seed SEED` in its own process (timed), unless the file exists."""
    if path.exists():
        return None
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "djrh_desktop.cli", "--db", str(path), "demo", "--size", size, "--seed", str(seed)],
                   check=True, capture_output=True, cwd=HERE.parent)  # fmt: skip
    return time.perf_counter() - t


def raw_ranking(path: Path, year: int, branch: int | None) -> None:
    """The ranking written plainly: one GROUP BY, a loop, a sort."""
    conn = sqlite3.connect(path)
    sums: dict = {}
    sql = "SELECT member_id, dimension, SUM(points), SUM(veto) FROM point_ledger WHERE year = ? GROUP BY member_id, dimension"
    for mid, dim, total, veto in conn.execute(sql, [year]):
        sums.setdefault(mid, {})[dim] = (total, veto)
    where = "WHERE status = '在册'" + (f" AND branch_id = {branch}" if branch else "")
    rows = []
    for mid, name, bid in conn.execute(f"SELECT id, name, branch_id FROM members {where}"):
        dims = [
            min(20, max(0, 12 + sums.get(mid, {}).get(d, (0, 0))[0])) for d in ("A1", "A2", "A3", "A4", "A5")
        ]
        rows.append((sum(dims), name, bid, dims))
    rows.sort(key=lambda r: -r[0])
    conn.close()


def plain_quarterly(data: dict, path: str, font: str) -> None:
    """The quarterly report's tables with plain ReportLab (its own CJK wrapping, no page furniture)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

    style = ParagraphStyle("b", fontName=font, fontSize=16, leading=29, wordWrap="CJK")
    small = ParagraphStyle("s", fontName=font, fontSize=10.5, leading=15, wordWrap="CJK")
    f = data["figures"]
    story = [
        Paragraph(
            f"{data['quarter']} 党支部{f['branches']}个，党员{f['members']}名，会议{f['meetings']}次。", style
        )
    ]
    tables = [data["five_a"]["by_branch"], data["five_a"]["top"], data["five_a"]["bottom"], data["five_a"]["warning_rows"],
              [list(x) for x in data["talks"]["by_type"]], [list(x) for x in data["talks"]["by_talker"]], data["talks"]["overdue"],
              data["visits"]["overdue"], data["meetings"]]  # fmt: skip
    doc = SimpleDocTemplate(path, pagesize=A4)
    for rows in tables:
        if rows:  # equal columns: ReportLab's own sizing gives a long text cell the whole width
            n = max(len(r) for r in rows)
            story.append(Table([[Paragraph(str(v), small) for v in r] for r in rows], colWidths=[doc.width / n] * n))
    doc.build(story)


def gui_probe(path: Path) -> dict:
    started = time.time()
    env = {**os.environ, "DJRH_USER": "admin", "DJRH_PASSWORD": demo.DEMO_PASSWORD}
    proc = subprocess.run([sys.executable, "-m", "benchmarks.gui_probe", str(path), repr(started)], capture_output=True,
                          text=True, check=True, env=env, cwd=HERE.parent)  # fmt: skip
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    p = argparse.ArgumentParser(description="党建融合桌面性能测试")
    p.add_argument("--size", choices=["unit", "county"], default="county")
    p.add_argument("--out", help="write results as JSON")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--data", help="where demo files are kept (default: benchmarks/data)")
    args = p.parse_args()
    folder = Path(args.data) if args.data else HERE / "data"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{args.size}-seed1.db"
    results: list[dict] = []

    def add(name, median, baseline=None, peak=None):
        target_s, ratio_target, target_mb = TARGETS[name]
        results.append({"name": name, "median_s": None if median is None else round(median, 4), "target_s": target_s,
                        "baseline_s": None if baseline is None else round(baseline, 4),
                        "ratio": None if not baseline else round(median / baseline, 2), "ratio_target": ratio_target,
                        "peak_mb": peak, "target_mb": target_mb})  # fmt: skip

    built = build(args.size, path)
    add("demo generation", built)
    db = open_db(path)
    s = users.sign_in(db, "admin", demo.DEMO_PASSWORD)
    today = dt.date.today()
    q = Quarter.of(today)
    year = q.year
    branch = db.execute("SELECT id FROM orgs WHERE kind = '党支部' ORDER BY id LIMIT 1").fetchone()[0]
    runs = args.runs

    probes = [gui_probe(path) for _ in range(min(runs, 3))]
    add("start to first painted window", statistics.median(x["start_to_paint_s"] for x in probes))
    add("password check at sign-in", statistics.median(x["sign_in_s"] for x in probes))
    add("dashboard figures of a quarter", timed(lambda: stats.quarter_figures(system_session(db), q, today), runs))
    add("member table first screen", timed(lambda: (lists.count(s, lists.MEMBERS, {"status": "在册"}),
                                                   lists.page(s, lists.MEMBERS, {"status": "在册"})), runs))  # fmt: skip
    add("pinyin filter keystroke", timed(lambda: (lists.count(s, lists.MEMBERS, {"search": "zh"}),
                                                 lists.page(s, lists.MEMBERS, {"search": "zh"})), runs))  # fmt: skip
    add(
        "5A ranking, unit",
        timed(lambda: points.year_scores(system_session(db), year, today), runs),
        timed(lambda: raw_ranking(path, year, None), runs),
    )
    add("5A ranking, branch", timed(lambda: points.year_scores(system_session(db), year, today, branch), runs),
        timed(lambda: raw_ranking(path, year, branch), runs))  # fmt: skip
    add(
        "ledger first screen",
        timed(
            lambda: (
                lists.count(s, lists.LEDGER, {"year": year}),
                lists.page(s, lists.LEDGER, {"year": year}),
            ),
            runs,
        ),
    )
    add("ledger member filter", timed(lambda: (lists.count(s, lists.LEDGER, {"year": year, "search": "wang"}),
                                              lists.page(s, lists.LEDGER, {"year": year, "search": "wang"})), runs))  # fmt: skip
    tmp = Path(tempfile.mkdtemp(prefix="djrh-bench-"))
    try:
        req = reporting.ReportRequest("quarterly", q.year, q.quarter)
        ours = timed(lambda: reporting.make(s, req, tmp / "q.pdf"), runs)
        from djrh_desktop.reports import fonts

        font = fonts.resolve(None).body

        def plain():
            plain_quarterly(report_data.quarterly(s, q, today), str(tmp / "plain.pdf"), font)

        add("quarterly report", ours, timed(plain, runs))
        add("talk forms, a quarter", timed(lambda: reporting.make(s, reporting.ReportRequest("talks", q.year, q.quarter),
                                                                    tmp / "t.pdf"), runs))  # fmt: skip
        add("talk forms, a year", timed(lambda: reporting.make(s, reporting.ReportRequest("talks", year), tmp / "y.pdf"),
                                        min(runs, 3)))  # fmt: skip
        add("5A ranking report, whole unit",
            timed(lambda: reporting.make(s, reporting.ReportRequest("points", year), tmp / "r.pdf"), runs))  # fmt: skip
        add(
            "star report",
            timed(lambda: reporting.make(s, reporting.ReportRequest("stars", year - 1), tmp / "s.pdf"), runs),
        )
        roster = tmp / "roster.xlsx"
        export.export_list(s, lists.MEMBERS, {}, roster)

        def import_roster():
            fresh = tmp / "fresh.db"
            for f in tmp.glob("fresh.db*"):
                f.unlink()
            shutil.rmtree(tmp / "fresh-备份", ignore_errors=True)
            fdb = open_db(fresh, create=True)
            from djrh_desktop.services import setup

            setup.initialise(fdb, "测试", "admin", "Bench2026x")
            fs = users.sign_in(fdb, "admin", "Bench2026x")
            t = time.perf_counter()
            imports.apply_members(fs, imports.plan_members(fs, roster), create_branches=True)
            fdb.close()
            return time.perf_counter() - t

        add("roster import, 4,000 rows", statistics.median(import_roster() for _ in range(runs)))
        add(
            "backup + verify", timed(lambda: backup.make(path, tmp / "backups", "manual", tmp / "b.db"), runs)
        )
        add("djrh check", timed(lambda: integrity.check(db), min(runs, 3)))
        add("GUI peak memory", None, peak=statistics.median(x["peak_rss_mb"] for x in probes))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(
        f"{'operation':34s} {'median':>9s} {'target':>8s} {'baseline':>9s} {'ratio':>6s} {'peak MB':>8s}  ok"
    )
    for r in results:
        ok = (r["median_s"] is None or r["target_s"] is None or r["median_s"] <= r["target_s"]) and (
            r["ratio"] is None or r["ratio_target"] is None or r["ratio"] <= r["ratio_target"]) and (
            r["peak_mb"] is None or r["peak_mb"] <= r["target_mb"])  # fmt: skip
        fmt = lambda v: "—" if v is None else f"{v:g}"  # noqa: E731
        print(f"{r['name']:34s} {fmt(r['median_s']):>9s} {fmt(r['target_s']):>8s} {fmt(r['baseline_s']):>9s} "
              f"{fmt(r['ratio']):>6s} {fmt(r['peak_mb']):>8s}  {'✓' if ok else '✗'}")  # fmt: skip
    if args.out:
        Path(args.out).write_text(
            json.dumps({"size": args.size, "results": results}, ensure_ascii=False, indent=1), "utf-8"
        )


if __name__ == "__main__":
    main()
