"""The two encodings of ledger entries in a 数据包 — dicts for comparing, JSON built by SQLite for exporting —
say the same thing, entry by entry (a reversal and an attendance entry included)."""

from __future__ import annotations

import orjson

from djrh_desktop.store import package_read as read


def test_entries_json_agrees_with_entries(small_demo):
    as_dicts = list(read.entries(small_demo, "1", []))
    as_json = [orjson.loads(line) for line in read.entries_json(small_demo, "1", [])]
    assert len(as_dicts) > 1000 and as_dicts == as_json
    assert any(e["d"]["meeting"] for e in as_json) and any(e["d"]["meeting"] is None for e in as_json)
    assert all(isinstance(e["d"]["points"], float) and isinstance(e["d"]["quantity"], float) for e in as_json)
