"""Build the one-folder program with PyInstaller and run the frozen binaries (marked `packaging`,
outside the default run: `QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest -m packaging`)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.packaging
def test_frozen_program_runs(tmp_path):
    pytest.importorskip("PyInstaller")
    dist, work = tmp_path / "dist", tmp_path / "work"
    subprocess.run([sys.executable, str(ROOT / "packaging" / "build.py"), "--dist", str(dist), "--work", str(work)],
                   check=True, timeout=1800)  # fmt: skip
    folder = dist / "党建融合桌面"
    size_mb = sum(f.lstat().st_size for f in folder.rglob("*") if f.is_file() and not f.is_symlink()) / 1048576
    assert size_mb <= 250, f"the folder is {size_mb:.0f} MB"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "DJRH_USER": "admin", "DJRH_PASSWORD": "djrh2026",
           "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "data")}  # fmt: skip
    shots = tmp_path / "shots"
    subprocess.run([str(folder / "djrh-desktop"), "--demo", "--screenshots", str(shots)], check=True, env=env, timeout=600)
    assert len(list(shots.glob("*.png"))) >= 9
    db = tmp_path / "d.db"
    subprocess.run([str(folder / "djrh"), "--db", str(db), "demo", "--size", "small"], check=True, env=env, timeout=300)
    out = tmp_path / "q.pdf"
    subprocess.run([str(folder / "djrh"), "--db", str(db), "report", "quarterly", "--year", "2026", "--quarter", "4",
                    "-o", str(out)], check=True, env=env, timeout=300)  # fmt: skip
    assert out.stat().st_size > 10_000
