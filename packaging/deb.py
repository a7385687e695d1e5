"""A .deb for 统信UOS and 银河麒麟 (and other Debian/Ubuntu desktops) from the frozen one-folder build:
`python packaging/deb.py --folder dist/党建融合桌面 [--out dist]` (packaging/build.py calls it on Linux).

The program goes under /opt/djrh-desktop, `djrh` and `djrh-desktop` are linked into /usr/bin, the menu
entry carries the Chinese name and the icon. Data files and backups live in each user's data folder
(~/.local/share/djrh-desktop or wherever the user chose), so removing the package keeps them."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "djrh-desktop"
PREFIX = Path("opt") / PACKAGE

DESKTOP = """[Desktop Entry]
Type=Application
Name=党建融合桌面
Name[zh_CN]=党建融合桌面
GenericName=党建工作管理
Comment=支部评星定级、党员5A积分、谈心谈话、廉政家访、三会一课的数据管理与报表
Exec=/usr/bin/djrh-desktop
Icon=djrh-desktop
Terminal=false
Categories=Office;
StartupWMClass=djrh-desktop
"""

CONTROL = """Package: {package}
Version: {version}
Architecture: {arch}
Maintainer: 党建融合桌面 <djrh-desktop@localhost>
Installed-Size: {size_kb}
Depends: libc6 (>= 2.28), libfontconfig1, libfreetype6, libxkbcommon0, libxkbcommon-x11-0, libdbus-1-3, libegl1 | libegl1-mesa, libgl1 | libgl1-mesa-glx
Section: misc
Priority: optional
Homepage: https://localhost/djrh-desktop
Description: 党建融合桌面 (party-building office desktop program)
 支部评星定级、党员5A量化积分、谈心谈话、廉政家访和三会一课的离线数据管理，
 打印季度和年度 PDF 报表。数据文件保存在各用户的数据文件夹中，卸载时保留。
"""


def version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]


def architecture() -> str:
    """dpkg's name for this machine (amd64, arm64 on 鲲鹏/飞腾 desktops)."""
    try:
        return subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return {"x86_64": "amd64", "aarch64": "arm64"}.get(os.uname().machine, os.uname().machine)


def stage(folder: Path, root: Path, ver: str) -> None:
    """The package's files under root, as they will lie on the target's /."""
    app = root / PREFIX
    shutil.copytree(folder, app, symlinks=True)
    bin_dir = root / "usr" / "bin"
    bin_dir.mkdir(parents=True)
    for name in ("djrh", "djrh-desktop"):
        (bin_dir / name).symlink_to(Path("..") / ".." / PREFIX / name)  # relative: works in any root
    apps = root / "usr" / "share" / "applications"
    apps.mkdir(parents=True)
    (apps / f"{PACKAGE}.desktop").write_text(DESKTOP, encoding="utf-8")
    from PIL import Image

    with Image.open(ROOT / "resources" / "ui" / "app.png") as icon:
        for px in (48, 128, 256):
            target = root / "usr" / "share" / "icons" / "hicolor" / f"{px}x{px}" / "apps" / f"{PACKAGE}.png"
            target.parent.mkdir(parents=True)
            icon.convert("RGBA").resize((px, px)).save(target)
    size_kb = sum(f.lstat().st_size for f in root.rglob("*") if f.is_file() and not f.is_symlink()) // 1024
    debian = root / "DEBIAN"
    debian.mkdir()
    (debian / "control").write_text(CONTROL.format(package=PACKAGE, version=ver, arch=architecture(),
                                                   size_kb=size_kb), encoding="utf-8")  # fmt: skip


def build(folder: Path, out_dir: Path) -> Path:
    ver = version()
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{PACKAGE}_{ver}_{architecture()}.deb"
    with tempfile.TemporaryDirectory(prefix="djrh-deb-") as tmp:
        root = Path(tmp) / "root"
        stage(folder, root, ver)
        subprocess.run(["dpkg-deb", "--root-owner-group", "-Zxz", "--build", str(root), str(target)], check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip
    return target


def main() -> int:
    p = argparse.ArgumentParser(description="build the .deb from the frozen folder")
    p.add_argument("--folder", default=str(ROOT / "dist" / "党建融合桌面"))
    p.add_argument("--out", default=str(ROOT / "dist"))
    args = p.parse_args()
    deb = build(Path(args.folder), Path(args.out))
    print(f"built {deb}, {deb.stat().st_size / 1048576:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
