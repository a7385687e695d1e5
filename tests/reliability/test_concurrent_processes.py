"""The desktop program and `djrh` commands on one file at once (issue 12, case 1).

On POSIX, closing any descriptor of the data file drops all of the process's fcntl locks on it, SQLite's
included; another process then takes itself for the last user and deletes the WAL while the program
still writes into it. These tests hold a main connection as the program does, open and close worker
connections beside it, and run other processes against the same file."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from openpyxl import Workbook

from djrh_desktop.domain import idnumber
from djrh_desktop.domain.members import MemberInput
from djrh_desktop.services import org, setup, users
from djrh_desktop.store.connection import open_db

PASSWORD = "Multi2026x"
WRITER = Path(__file__).with_name("gui_like_writer.py")


def cli(db, *args):
    env = {**os.environ, "DJRH_USER": "admin", "DJRH_PASSWORD": PASSWORD}
    return [sys.executable, "-m", "djrh_desktop.cli", "--db", str(db), *args], env


def make_file(path: Path) -> None:
    db = open_db(path, create=True)
    setup.initialise(db, "测试单位", "admin", PASSWORD)
    s = users.sign_in(db, "admin", PASSWORD)
    root = db.execute("SELECT id FROM orgs WHERE parent_id IS NULL").fetchone()[0]
    org.add_org(s, "第一党支部", "党支部", root)
    db.close()


def roster(path: Path, batch: int, n: int = 20) -> list[str]:
    wb = Workbook()
    ws = wb.active
    ws.append(["姓名", "性别", "身份证号", "入党日期", "所在支部"])
    numbers = []
    for i in range(n):
        born = dt.date(1960, 1, 1) + dt.timedelta(days=batch * 400 + i * 17)
        number = idnumber.make("110101", born, (batch * 37 + i) % 499 * 2 + 1)
        numbers.append(number)
        ws.append([f"导入{batch:03d}{i:02d}", "男", number, "2015-07-01", "第一党支部"])
    wb.save(path)
    return numbers


def test_other_process_keeps_the_wal_of_an_open_program(tmp_path):
    """Before the fix: after a worker connection closed, `djrh stats` removed F-wal and F-shm and the
    program's later saves were not in the file for any other process."""
    path = tmp_path / "f.db"
    make_file(path)
    main = open_db(path)
    s = users.sign_in(main, "admin", PASSWORD)
    branch = main.execute("SELECT id FROM orgs WHERE kind = '党支部'").fetchone()[0]
    worker = open_db(path)  # a GUI job's connection, opened and closed while the main one is open
    worker.execute("SELECT count(*) FROM members").fetchone()
    worker.close()
    argv, env = cli(path, "stats")
    done = subprocess.run(argv, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert Path(str(path) + "-wal").exists() and Path(str(path) + "-shm").exists()
    for i in range(5):
        org.add_member(s, MemberInput(name=f"新增{i}", gender="男", branch_id=branch, birth_date="1985-05-05",
                                      join_date="2010-07-01", full_date="2011-07-01"))  # fmt: skip
    seen = subprocess.run([sys.executable, "-c", f"import sqlite3; print(sqlite3.connect({str(path)!r})"
                           ".execute(\"SELECT count(*) FROM members WHERE name LIKE '新增%'\").fetchone()[0])"],
                          capture_output=True, text=True)  # fmt: skip
    assert seen.stdout.strip() == "5"
    main.close()


def run_together(tmp_path: Path, seconds: float) -> dict:
    path = tmp_path / "f.db"
    make_file(path)
    saved_file = tmp_path / "saved.txt"
    writer = subprocess.Popen([sys.executable, str(WRITER), str(path), str(seconds), str(saved_file), PASSWORD],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    imported: list[str] = []
    runs = {"stats": 0, "import": 0, "backup": 0}
    problems: list[str] = []
    lock = threading.Lock()

    def loop(kind: str):
        batch = 0
        while writer.poll() is None:
            if kind == "stats":
                argv, env = cli(path, "stats")
            elif kind == "backup":
                argv, env = cli(path, "backup")
            else:
                sheet = tmp_path / f"roster-{batch}.xlsx"
                numbers = roster(sheet, batch)
                argv, env = cli(path, "import", "members", str(sheet))
            done = subprocess.run(argv, env=env, capture_output=True, text=True)
            with lock:
                if done.returncode == 0:
                    runs[kind] += 1
                    if kind == "import":
                        imported.extend(numbers)
                elif (
                    "占用" not in done.stderr
                ):  # waiting out a long writer may time out; anything else is wrong
                    problems.append(f"{kind}: {done.stderr.strip()}")
            batch += 1

    threads = [threading.Thread(target=loop, args=(k,)) for k in runs]
    for t in threads:
        t.start()
    out, err = writer.communicate()
    for t in threads:
        t.join()
    assert writer.returncode == 0, err
    saved = [int(x) for x in saved_file.read_text().split()]
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    have = {r[0] for r in conn.execute("SELECT id FROM members")}
    numbers = {r[0] for r in conn.execute("SELECT id_number FROM members WHERE id_number IS NOT NULL")}
    conn.close()
    assert not problems, problems
    assert saved and set(saved) <= have, f"{len(set(saved) - have)} saved members missing"
    assert set(imported) <= numbers, f"{len(set(imported) - numbers)} imported members missing"
    argv, env = cli(path, "check")
    check = subprocess.run(argv, env=env, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    return {"saved": len(saved), "writer": out.strip(), **runs}


def test_program_and_commands_on_one_file(tmp_path):
    figures = run_together(tmp_path, seconds=8)
    print(figures)
    assert figures["stats"] >= 2 and figures["import"] >= 1 and figures["backup"] >= 1, figures


@pytest.mark.slow
def test_program_and_commands_on_one_file_long(tmp_path):
    figures = run_together(tmp_path, seconds=120)
    print(figures)
    assert figures["import"] >= 10, figures
