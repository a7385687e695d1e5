"""Pulling the plug: SIGKILL at random moments during demo generation, a roster import and a batch of
point entries. After each kill the file must pass SQLite's integrity check and `djrh check`, every
batch must be wholly present or wholly absent, and the program must open the file.

Five kills run by default; `pytest -m slow` runs fifty."""

from __future__ import annotations

import datetime as dt
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from openpyxl import Workbook

from djrh_desktop.domain import idnumber
from djrh_desktop.services import setup
from djrh_desktop.store import integrity

PASSWORD = "Kill2026x"
ROSTER = 400
POINTS = 1500


def cli(db, *args):
    env = {**os.environ, "DJRH_USER": "admin", "DJRH_PASSWORD": PASSWORD}
    return [sys.executable, "-m", "djrh_desktop.cli", "--db", str(db), *args], env


def kill_during(argv, env, delay: float) -> bool:
    """Start the command, SIGKILL it after `delay` seconds; True if it was killed before finishing."""
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    killed = proc.poll() is None
    if killed:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    return killed


def init(path):
    subprocess.run(cli(path, "init", "--unit", "测试单位", "--admin-password", PASSWORD)[0], check=True,
                   capture_output=True, env={**os.environ})  # fmt: skip


def sound(path) -> sqlite3.Connection:
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    return conn


def program_opens_and_checks(path) -> None:
    db = setup.open_and_upgrade(path)
    assert integrity.check(db) == [], integrity.check(db)[:3]
    db.close()


def roster(path, n=ROSTER):
    wb = Workbook()
    ws = wb.active
    ws.append(["姓名", "性别", "身份证号", "入党日期", "所在支部"])
    for i in range(n):
        born = dt.date(1970, 1, 1) + dt.timedelta(days=i * 13)
        number = idnumber.make("110101", born, (i % 500) * 2 + 1)
        ws.append([f"测试{i:04d}", "男", number, "2015-07-01", f"第{i % 5 + 1}党支部"])
    wb.save(path)


def point_sheet(path, n=POINTS):
    wb = Workbook()
    ws = wb.active
    ws.append(["姓名", "所在支部", "积分项目", "日期", "次数"])
    day = dt.date.today().replace(day=1).isoformat()
    for i in range(n):
        ws.append([f"测试{i % ROSTER:04d}", f"第{i % ROSTER % 5 + 1}党支部", "A5-01", day, 1])
    wb.save(path)


def scenario_demo(tmp, rng):
    path = tmp / "demo.db"
    init(path)
    argv, env = cli(path, "demo", "--size", "small")
    kill_during(argv, env, rng.uniform(0.3, 2.0))
    conn = sound(path)
    # Each demo step is one transaction: organisation, then meetings with attendance and points, …
    members = conn.execute("SELECT count(*) FROM members").fetchone()[0]
    meetings = conn.execute("SELECT count(*) FROM meetings").fetchone()[0]
    ledger = conn.execute("SELECT count(*) FROM point_ledger").fetchone()[0]
    attendance = conn.execute("SELECT count(*) FROM meeting_attendance").fetchone()[0]
    assert members in (0, 40)
    assert (meetings == 0) == (attendance == 0) == (ledger == 0)
    conn.close()
    program_opens_and_checks(path)


def scenario_roster(tmp, rng):
    path = tmp / "roster.db"
    init(path)
    xlsx = tmp / "roster.xlsx"
    roster(xlsx)
    argv, env = cli(path, "import", "members", str(xlsx), "--create-branches")
    kill_during(argv, env, rng.uniform(0.3, 2.5))
    conn = sound(path)
    assert conn.execute("SELECT count(*) FROM members").fetchone()[0] in (0, ROSTER)
    conn.close()
    program_opens_and_checks(path)


def scenario_points(tmp, rng):
    path = tmp / "points.db"
    init(path)
    xlsx = tmp / "roster.xlsx"
    roster(xlsx)
    subprocess.run(cli(path, "import", "members", str(xlsx), "--create-branches")[0], check=True, capture_output=True,
                   env=cli(path)[1])  # fmt: skip
    sheet = tmp / "points.xlsx"
    point_sheet(sheet)
    argv, env = cli(path, "import", "points", str(sheet))
    kill_during(argv, env, rng.uniform(0.3, 2.5))
    conn = sound(path)
    assert conn.execute("SELECT count(*) FROM point_ledger").fetchone()[0] in (0, POINTS)
    conn.close()
    program_opens_and_checks(path)


SCENARIOS = [scenario_demo, scenario_roster, scenario_points]


@pytest.mark.parametrize("run", range(5))
def test_kill_default(tmp_path, run):
    rng = random.Random(1000 + run)
    SCENARIOS[run % 3](tmp_path, rng)


@pytest.mark.slow
@pytest.mark.parametrize("run", range(50))
def test_kill_many(tmp_path, run):
    rng = random.Random(run)
    SCENARIOS[run % 3](tmp_path, rng)
