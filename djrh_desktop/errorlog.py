"""Where a bug goes: the traceback is appended to djrh-error.log in the data folder, the same file for
the desktop program and the command line, and the user is told only that and where."""

from __future__ import annotations

import logging
from pathlib import Path

from platformdirs import user_data_dir

log = logging.getLogger("djrh")


def path() -> Path:
    return Path(user_data_dir("djrh-desktop", appauthor=False)) / "djrh-error.log"


def record(exc: BaseException) -> Path | None:
    """Append the traceback; the file's path, or None when it could not be written."""
    target = path()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(target, encoding="utf-8")
    except OSError:
        return None
    log.addHandler(handler)
    try:
        log.error("unexpected error", exc_info=exc)
    finally:
        log.removeHandler(handler)
        handler.close()
    return target
