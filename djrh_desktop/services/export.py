"""Exporting what a list shows (same filters, same role view) to Excel."""

from __future__ import annotations

from collections.abc import Callable

from ..exchange import xlsx
from . import lists
from .session import Session

CHUNK = 5000


def export_list(s: Session, spec: lists.ListSpec, filters: dict, path, order: str | None = None,
                descending: bool = False, progress: Callable[[int, str], None] | None = None) -> int:  # fmt: skip
    total = lists.count(s, spec, filters)

    def rows():
        done = 0
        while done < total:
            chunk = lists.page(s, spec, filters, order, descending, done, CHUNK)
            if not chunk:
                return
            for r in chunk:
                yield [r[c.key] for c in spec.columns]
            done += len(chunk)
            if progress:
                progress(int(done * 100 / max(total, 1)), f"已导出 {done:,} / {total:,} 行")

    return xlsx.write_table(path, spec.name, [c.label for c in spec.columns], rows())
