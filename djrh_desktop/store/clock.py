"""Timestamps as stored: local time, ISO 8601 to the second."""

from __future__ import annotations

import datetime as dt


def now_text() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


def today() -> dt.date:
    return dt.date.today()
