"""The Windows installer script (packaging/installer.iss) as Inno Setup reads it: per-user only, Windows
10+ 64-bit, a clean upgrade, the demo shortcut optional and off, and an icon for every size Windows uses."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ISS = ROOT / "packaging" / "installer.iss"


def settings() -> dict[str, str]:
    text = ISS.read_text("utf-8-sig")
    return dict(re.findall(r"^(\w+)=(.*?)\s*$", text, re.M))


def test_script_is_utf8_with_bom_and_needs_inno_setup_6_5():
    assert ISS.read_bytes().startswith(b"\xef\xbb\xbf")  # Inno Setup before 6.3 reads Chinese only so
    assert "#if Ver < EncodeVer(6, 5, 0)" in ISS.read_text("utf-8-sig")


def test_per_user_windows_10_x64_only():
    s = settings()
    assert s["PrivilegesRequired"] == "lowest" and "PrivilegesRequiredOverridesAllowed" not in s
    assert s["MinVersion"] == "10.0"
    assert s["ArchitecturesAllowed"] == "x64compatible" and s["ArchitecturesInstallIn64BitMode"] == "x64compatible"


def test_upgrade_removes_old_libraries_and_demo_shortcut_is_off():
    text = ISS.read_text("utf-8-sig")
    assert re.search(r'^\[InstallDelete\]\s*\n(;.*\n)*Type: filesandordirs; Name: "\{app\}\\_internal"', text, re.M)
    demo_task = next(line for line in text.splitlines() if line.startswith('Name: "demoicon"'))
    assert "Flags: unchecked" in demo_task
    demo_icon = next(line for line in text.splitlines() if "--demo" in line)
    assert "Tasks: demoicon" in demo_icon


def test_icon_has_the_sizes_windows_shows():
    from PIL import Image

    with Image.open(ROOT / "packaging" / "djrh.ico") as ico:
        sizes = ico.ico.sizes()
    assert {(16, 16), (24, 24), (32, 32), (48, 48), (256, 256)} <= sizes
