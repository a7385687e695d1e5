"""Build the one-folder program with PyInstaller: `python packaging/build.py [--dist DIR]`.

Reads the version from pyproject.toml, writes the Windows version resource, runs PyInstaller on
packaging/djrh.spec and prints the folder's size; on Linux it then makes the .deb (packaging/deb.py)."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

VERSION_INFO = """VSVersionInfo(
  ffi=FixedFileInfo(filevers=({t}), prodvers=({t}), mask=0x3f, flags=0x0, OS=0x40004, fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[StringFileInfo([StringTable('080404b0', [
    StringStruct('CompanyName', '党建融合桌面'), StringStruct('FileDescription', '党建融合桌面'),
    StringStruct('FileVersion', '{v}'), StringStruct('ProductName', '党建融合桌面'), StringStruct('ProductVersion', '{v}')])]),
    VarFileInfo([VarStruct('Translation', [2052, 1200])])])
"""


def version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]


def folder_size(path: Path) -> int:
    """Bytes on disk: PyInstaller links duplicate libraries, so links are not counted twice."""
    return sum(f.lstat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--dist", default=str(ROOT / "dist"))
    p.add_argument("--work", default=str(ROOT / "build"))
    p.add_argument("--no-deb", action="store_true", help="on Linux: do not make the .deb")
    args = p.parse_args()
    v = version()
    parts = (v.split(".") + ["0", "0", "0"])[:4]
    info = Path(args.work) / "version_info.txt"
    info.parent.mkdir(parents=True, exist_ok=True)
    info.write_text(VERSION_INFO.format(v=v, t=", ".join(parts)), encoding="utf-8")
    env = {**os.environ, "DJRH_VERSION_FILE": str(info)}
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--distpath", args.dist,
                    "--workpath", args.work, str(ROOT / "packaging" / "djrh.spec")], check=True, env=env)  # fmt: skip
    out = Path(args.dist) / "党建融合桌面"
    if sys.platform.startswith("linux"):  # the command line: the same executable under its own name
        link = out / "djrh"
        if not link.exists():
            link.symlink_to("djrh-desktop")
    print(f"built {out} in {time.perf_counter() - started:.0f} s, {folder_size(out) / 1048576:.0f} MB (version {v})")
    if sys.platform.startswith("linux") and not args.no_deb and shutil.which("dpkg-deb"):
        sys.path.insert(0, str(ROOT / "packaging"))
        import deb  # 统信UOS / 银河麒麟

        package = deb.build(out, Path(args.dist))
        print(f"built {package}, {package.stat().st_size / 1048576:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
