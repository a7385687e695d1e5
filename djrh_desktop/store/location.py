"""Where a data file may live, and one program instance per file.

SQLite's locking is unreliable on network file systems (SMB/CIFS shares, NFS): a live data file there
can be corrupted by two PCs writing at once, so it is refused. Backups may live on a share.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path, PureWindowsPath

from ..domain.errors import DataFileError

NETWORK_FS = {
    "nfs",
    "nfs4",
    "cifs",
    "smbfs",
    "smb3",
    "sshfs",
    "fuse.sshfs",
    "9p",
    "afs",
    "ceph",
    "glusterfs",
    "davfs",
    "fuse.davfs2",
    "fuse.gvfsd-fuse",
    "fuse.rclone",
    "fuse.s3fs",
    # Shared folders of virtual machines: the host's files, with the host's locking or none.
    "vboxsf",
    "vmhgfs",
    "fuse.vmhgfs-fuse",
    "prl_fs",
    "fuse.prl_fsd",
    "virtiofs",
}
# FUSE file systems known to keep files on this PC's own disk; any other fuse.* counts as network.
LOCAL_FUSE = {"fuse.encfs", "fuse.gocryptfs", "fuse.cryfs", "fuse.securefs", "fuse.lxcfs"}
NETWORK_MESSAGE = ("数据文件“{path}”位于网络共享位置。多台电脑同时使用时 SQLite 的文件锁不可靠，可能损坏数据。"
                   "请把数据文件放在本机硬盘上（备份可以放在共享位置）。")  # fmt: skip


def real_path(path: str | os.PathLike) -> Path:
    """The file's one true name: symlinks followed (on Windows, the final path of the handle, so a
    mapped drive comes back as its \\\\server\\share UNC path), made absolute."""
    return Path(os.path.realpath(os.path.abspath(os.fspath(path))))


def is_network_fstype(fstype: str | None) -> bool:
    if not fstype:
        return False
    return fstype in NETWORK_FS or (fstype.startswith("fuse.") and fstype not in LOCAL_FUSE)


def is_unc(path: str) -> bool:
    p = str(path).replace("/", "\\")
    return p.startswith("\\\\") and not p.startswith("\\\\?\\") or p.upper().startswith("\\\\?\\UNC\\")


def windows_drive_is_remote(path: str) -> bool:
    """A mapped network drive (e.g. Z: mapped to \\\\server\\share)."""
    if not sys.platform.startswith("win"):
        return False
    import ctypes

    drive = PureWindowsPath(os.path.abspath(path)).drive
    if not drive or drive.startswith("\\\\"):
        return False
    DRIVE_REMOTE = 4
    return ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == DRIVE_REMOTE


def mount_fstype(path: str, mounts: list[tuple[str, str]]) -> str | None:
    """The file system type of the longest mount point containing path; mounts are (mount point, type)."""
    target = os.path.abspath(path)
    best, kind = "", None
    for point, fstype in mounts:
        point = point.rstrip("/") or "/"
        if (target == point or target.startswith(point + "/") or point == "/") and len(point) > len(best):
            best, kind = point, fstype
    return kind


def linux_mounts() -> list[tuple[str, str]]:
    try:
        with open("/proc/mounts", encoding="utf-8") as fh:
            return [
                (line.split()[1].replace("\\040", " "), line.split()[2])
                for line in fh
                if len(line.split()) > 2
            ]
    except OSError:
        return []


def is_network_path(path: str | os.PathLike, mounts: list[tuple[str, str]] | None = None) -> bool:
    p = str(path)
    if is_unc(p) or windows_drive_is_remote(p):
        return True
    if sys.platform.startswith("linux") or mounts is not None:
        if mounts is None:
            p, mounts = str(real_path(p)), linux_mounts()
        return is_network_fstype(mount_fstype(p, mounts))
    return False


def refuse_network(path: str | os.PathLike) -> None:
    if is_network_path(real_path(path)) or is_network_path(path):
        raise DataFileError(NETWORK_MESSAGE.format(path=path))


class InstanceLock:
    """An OS lock on `<data file>.lock` held while the desktop program has the file open."""

    def __init__(self, db_path: str | os.PathLike):
        # Named from the resolved path: a symlink to the same file is the same file.
        self.path = Path(str(real_path(db_path)) + ".lock")
        self.handle = None

    def acquire(self) -> None:
        try:
            self.handle = open(self.path, "a+")  # noqa: SIM115 - held open for the program's life
        except OSError as exc:
            if not os.access(self.path.parent, os.W_OK):
                # A write-protected folder (CD, locked USB stick): the file can only be opened
                # read-only there, and readers cannot harm each other, so go on without the lock.
                return
            raise DataFileError(f"无法创建锁文件“{self.path}”：{exc.strerror or exc}") from None
        try:
            if sys.platform.startswith("win"):
                import msvcrt

                msvcrt.locking(self.handle.fileno(), msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(self.handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self.handle.close()
            self.handle = None
            raise DataFileError(
                "该数据文件已在另一个党建融合桌面窗口中打开。请切换到那个窗口，或先关闭它再打开。"
            ) from None

    def release(self) -> None:
        if self.handle is not None:
            self.handle.close()
            self.handle = None
