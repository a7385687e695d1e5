"""Writing files so that a failure never leaves a half-written one: write to a temporary file beside
the target, then rename it over the target. Used by reports, exports and templates (any layer).

A process killed mid-write cannot remove its temporary file, which may hold full ID numbers in a
folder the user sees. So each temporary file's name carries the writer's process id, and its path is
noted in a small journal in the data folder until it is gone; the next start (and the next backup)
removes every noted file whose writer is no longer running."""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from platformdirs import user_data_dir

from .domain.errors import DjrhError

JOURNAL_NAME = "pending-temp-files.txt"
_PID = re.compile(r"^\.djrh-(?:backup-)?(\d+)-")
STALE_AFTER = dt.timedelta(days=1)  # a writer's pid may be reused; no write lasts a day


def journal_path() -> Path:
    return Path(user_data_dir("djrh-desktop", appauthor=False)) / JOURNAL_NAME


def temp_prefix(kind: str = "") -> str:
    return f".djrh-{kind + '-' if kind else ''}{os.getpid()}-"


def pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if sys.platform.startswith("win"):
        import ctypes

        SYNCHRONIZE, WAIT_TIMEOUT = 0x00100000, 0x102
        handle = ctypes.windll.kernel32.OpenProcess(SYNCHRONIZE, False, pid)
        if not handle:
            return False
        try:
            return ctypes.windll.kernel32.WaitForSingleObject(handle, 0) == WAIT_TIMEOUT
        finally:
            ctypes.windll.kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def is_orphan(path: Path, now: dt.datetime | None = None) -> bool:
    """A temporary file of ours whose writer has gone (or that is older than any write can be)."""
    m = _PID.match(path.name)
    if not m:
        return False
    try:
        age = (now or dt.datetime.now()) - dt.datetime.fromtimestamp(path.stat().st_mtime)
    except OSError:
        return False
    return not pid_alive(int(m.group(1))) or age > STALE_AFTER


def remove_orphans(paths: Iterable[Path]) -> list[Path]:
    removed = []
    for p in paths:
        if p.exists() and is_orphan(p):
            with suppress(OSError):
                p.unlink()
                removed.append(p)
    return removed


def _note(path: str, add: bool) -> None:
    """Add a path to, or take it off, the journal (best effort: the journal only helps cleaning)."""
    journal = journal_path()
    with suppress(OSError):
        lines = journal.read_text(encoding="utf-8").splitlines() if journal.exists() else []
        lines = [x for x in lines if x and x != path] + ([path] if add else [])
        if lines or journal.exists():
            journal.parent.mkdir(parents=True, exist_ok=True)
            journal.write_text("\n".join(lines) + ("\n" if lines else ""), encoding="utf-8")


def clean_leftovers() -> list[Path]:
    """At start: remove temporary files that killed writers left; keep noting the live ones."""
    journal = journal_path()
    try:
        noted = [Path(x) for x in journal.read_text(encoding="utf-8").splitlines() if x]
    except OSError:
        return []
    removed = remove_orphans(noted)
    for p in noted:
        if p in removed or not p.exists():
            _note(str(p), add=False)
    return removed


def hide(path: str) -> None:
    """On Windows a leading dot does not hide a file: set the hidden attribute."""
    if sys.platform.startswith("win"):
        import ctypes

        ctypes.windll.kernel32.SetFileAttributesW(str(path), 0x2)


def unhide(path: str) -> None:
    if sys.platform.startswith("win"):
        import ctypes

        ctypes.windll.kernel32.SetFileAttributesW(str(path), 0x80)


@contextmanager
def atomic_write(path: str | os.PathLike, suffix: str) -> Iterator[str]:
    """Yield a temporary path to write; on success it replaces `path`, on any failure it is removed."""
    target = Path(path)
    if target.is_dir():
        raise DjrhError(f"“{target}”是一个文件夹，请给出文件名")
    if not target.parent.is_dir():
        raise DjrhError(f"文件夹“{target.parent}”不存在")
    try:
        fd, tmp = tempfile.mkstemp(suffix=suffix, prefix=temp_prefix(), dir=target.parent)
    except OSError as exc:
        raise DjrhError(f"无法在“{target.parent}”中写入文件：{exc.strerror or exc}") from None
    os.close(fd)
    _note(tmp, add=True)
    hide(tmp)
    try:
        yield tmp
        os.chmod(tmp, 0o644)  # mkstemp makes it private; the result is an ordinary file
        unhide(tmp)
        os.replace(tmp, target)
    except PermissionError:
        raise DjrhError(
            f"无法写入“{target}”：文件可能正被其他程序（如 Excel、WPS 或 PDF 阅读器）打开，请关闭后重试"
        ) from None
    except OSError as exc:
        raise DjrhError(f"无法写入“{target}”：{exc.strerror or exc}") from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
        _note(tmp, add=False)
