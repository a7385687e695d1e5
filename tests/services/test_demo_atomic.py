"""`djrh demo` is all or nothing (issue 12, case 9)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

import pytest

from djrh_desktop import demo
from djrh_desktop.store.connection import open_db


def counts(path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    try:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("users", "members", "point_ledger", "meetings", "talks")}  # fmt: skip
    finally:
        conn.close()


def test_failed_run_leaves_nothing_and_can_run_again(tmp_path, monkeypatch):
    path = tmp_path / "d.db"
    db = open_db(path, create=True)

    def broken(self):
        raise RuntimeError("disk pulled out")

    with monkeypatch.context() as m:
        m.setattr(demo.Generator, "talks", broken)
        with pytest.raises(RuntimeError):
            demo.generate(db, "small", seed=3)
    assert counts(path) == {"users": 0, "members": 0, "point_ledger": 0, "meetings": 0, "talks": 0}
    demo.generate(db, "small", seed=3)
    assert all(counts(path).values())
    db.close()


def test_two_runs_on_one_fresh_file_leave_one_whole_demo(tmp_path):
    path = tmp_path / "d.db"
    env = {k: v for k, v in os.environ.items() if k not in ("DJRH_USER", "DJRH_PASSWORD")}
    argv = [sys.executable, "-m", "djrh_desktop.cli", "--db", str(path), "demo", "--size", "small"]
    procs = [subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]  # fmt: skip
    results = [(p.wait(), p.stderr.read()) for p in procs]
    for p in procs:
        p.stdout.close()
        p.stderr.close()
    assert sorted(code for code, _ in results) == [0, 1], results
    refused = next(err for code, err in results if code)
    assert "已有记录" in refused or "登录" in refused or "占用" in refused, refused
    n = counts(path)
    assert n["members"] == 40 and n["point_ledger"] > 0 and n["talks"] > 0 and n["users"] == 4
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
