"""Writing files so that a failure never leaves a half-written one: write to a temporary file beside
the target, then rename it over the target. Used by reports, exports and templates (any layer)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .domain.errors import DjrhError


@contextmanager
def atomic_write(path: str | os.PathLike, suffix: str) -> Iterator[str]:
    """Yield a temporary path to write; on success it replaces `path`, on any failure it is removed."""
    target = Path(path)
    if target.is_dir():
        raise DjrhError(f"“{target}”是一个文件夹，请给出文件名")
    if not target.parent.is_dir():
        raise DjrhError(f"文件夹“{target.parent}”不存在")
    try:
        fd, tmp = tempfile.mkstemp(suffix=suffix, prefix=".djrh-", dir=target.parent)
    except OSError as exc:
        raise DjrhError(f"无法在“{target.parent}”中写入文件：{exc.strerror or exc}") from None
    os.close(fd)
    try:
        yield tmp
        os.chmod(tmp, 0o644)  # mkstemp makes it private; the result is an ordinary file
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
