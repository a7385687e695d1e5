"""Network paths refused, one program instance per data file."""

import pytest

from djrh_desktop.domain.errors import DataFileError
from djrh_desktop.store import location
from djrh_desktop.store.connection import open_db

MOUNTS = [
    ("/", "ext4"),
    ("/mnt/share", "cifs"),
    ("/srv/nfs", "nfs4"),
    ("/mnt/share/local", "ext4"),
    ("/home", "xfs"),
]


@pytest.mark.parametrize(
    "path, remote",
    [
        (r"\\server\share\djrh.db", True),
        ("//server/share/djrh.db", True),
        (r"\\?\UNC\server\share\djrh.db", True),
        (r"C:\Users\党务\djrh.db", False),
        (r"\\?\C:\data\djrh.db", False),
    ],
)
def test_windows_style_paths(path, remote):
    assert location.is_unc(path) is remote


@pytest.mark.parametrize(
    "path, remote",
    [("/mnt/share/djrh.db", True), ("/srv/nfs/a/b.db", True), ("/mnt/share/local/x.db", False), ("/home/u/x.db", False),
     ("/mnt/sharex/x.db", False)],
)  # fmt: skip
def test_linux_mount_types(path, remote):
    assert location.is_network_path(path, MOUNTS) is remote


def test_network_file_refused_with_chinese_message(monkeypatch, tmp_path):
    monkeypatch.setattr(location, "is_network_path", lambda p, mounts=None: True)
    with pytest.raises(DataFileError, match="网络共享位置"):
        location.refuse_network(tmp_path / "x.db")


def test_second_instance_refused(tmp_path):
    path = tmp_path / "djrh.db"
    open_db(path, create=True).close()
    first = location.InstanceLock(path)
    first.acquire()
    second = location.InstanceLock(path)
    with pytest.raises(DataFileError, match="另一个党建融合桌面窗口"):
        second.acquire()
    first.release()
    second.acquire()
    second.release()


def test_second_gui_instance_gets_a_message(tmp_path, monkeypatch, qapp):
    from PySide6.QtWidgets import QMessageBox

    from djrh_desktop import demo
    from djrh_desktop.ui import app

    path = tmp_path / "d.db"
    demo.generate(open_db(path, create=True), "small", seed=2)
    held = location.InstanceLock(path)
    held.acquire()
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: shown.append(a[2]))
    assert app.main(["--db", str(path), "--screenshots", str(tmp_path / "png")]) == 1
    assert "另一个" in shown[0]
    held.release()
