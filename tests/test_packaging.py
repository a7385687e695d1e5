"""Build the one-folder program with PyInstaller and run the frozen binaries, and install, run and remove the
Linux .deb in a scratch root (marked `packaging`, outside the default run:
`QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest -m packaging`)."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def folder_mb(folder: Path) -> float:
    return sum(f.lstat().st_size for f in folder.rglob("*") if f.is_file() and not f.is_symlink()) / 1048576


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    pytest.importorskip("PyInstaller")
    tmp = tmp_path_factory.mktemp("build")
    dist, work = tmp / "dist", tmp / "work"
    subprocess.run([sys.executable, str(ROOT / "packaging" / "build.py"), "--dist", str(dist), "--work", str(work)],
                   check=True, timeout=1800)  # fmt: skip
    return dist


def env_for(home: Path) -> dict:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", "DJRH_USER": "admin", "DJRH_PASSWORD": "djrh2026",
            "HOME": str(home), "XDG_DATA_HOME": str(home / "data")}  # fmt: skip


@pytest.mark.packaging
def test_frozen_program_runs(built, tmp_path):
    folder = built / "党建融合桌面"
    size_mb = folder_mb(folder)
    assert size_mb <= 200, f"the folder is {size_mb:.0f} MB"
    env = env_for(tmp_path)
    shots = tmp_path / "shots"
    subprocess.run([str(folder / "djrh-desktop"), "--demo", "--screenshots", str(shots)], check=True, env=env, timeout=600)
    assert len(list(shots.glob("*.png"))) >= 9
    db = tmp_path / "d.db"
    subprocess.run([str(folder / "djrh"), "--db", str(db), "demo", "--size", "small"], check=True, env=env, timeout=300)
    out = tmp_path / "q.pdf"
    subprocess.run([str(folder / "djrh"), "--db", str(db), "report", "quarterly", "--year", "2026", "--quarter", "4",
                    "-o", str(out)], check=True, env=env, timeout=300)  # fmt: skip
    assert out.stat().st_size > 10_000


@pytest.mark.packaging
@pytest.mark.skipif(not sys.platform.startswith("linux") or not shutil.which("dpkg"), reason="a Debian-family Linux")
def test_deb_installs_runs_and_removes_keeping_the_data(built, tmp_path):
    """dpkg -i into a scratch root (its own dpkg database; no container, no root of the host touched)."""
    deb = next(built.glob("djrh-desktop_*.deb"))
    root = tmp_path / "root"
    (root / "var" / "lib" / "dpkg" / "updates").mkdir(parents=True)
    (root / "var" / "lib" / "dpkg" / "info").mkdir()
    (root / "var" / "lib" / "dpkg" / "status").write_text("")
    dpkg = ["dpkg", f"--root={root}", "--force-not-root", "--force-depends", "--force-script-chrootless",
            f"--log={tmp_path / 'dpkg.log'}"]  # fmt: skip
    subprocess.run([*dpkg, "-i", str(deb)], check=True, timeout=300)
    entry = (root / "usr" / "share" / "applications" / "djrh-desktop.desktop").read_text("utf-8")
    assert "Name=党建融合桌面" in entry and "Icon=djrh-desktop" in entry
    assert (root / "usr" / "share" / "icons" / "hicolor" / "256x256" / "apps" / "djrh-desktop.png").is_file()
    home = tmp_path / "home"
    home.mkdir()
    env = env_for(home)
    for name in ("djrh", "djrh-desktop"):
        assert (root / "usr" / "bin" / name).resolve() == (root / "opt" / "djrh-desktop" / name).resolve()
    db = home / "单位.db"
    subprocess.run([str(root / "usr" / "bin" / "djrh"), "--db", str(db), "demo", "--size", "small"], check=True, env=env,
                   timeout=300)  # fmt: skip
    shots = tmp_path / "shots"
    subprocess.run([str(root / "usr" / "bin" / "djrh-desktop"), "--db", str(db), "--screenshots", str(shots)], check=True,
                   env=env, timeout=600)  # fmt: skip
    assert (shots / "dashboard.png").stat().st_size > 20_000
    subprocess.run([*dpkg, "-r", "djrh-desktop"], check=True, timeout=300)
    assert not (root / "opt" / "djrh-desktop").exists() and not (root / "usr" / "bin" / "djrh").exists()
    assert db.is_file()  # the data stays with the user
