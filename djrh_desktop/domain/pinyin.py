"""Pinyin keys for searching names by initials (typing `zs` finds 张三) and sorting by pinyin."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=8192)
def keys(name: str) -> tuple[str, str]:
    """(initials, full pinyin) in lower case, e.g. ('zs', 'zhangsan'); heteronyms take the common reading."""
    from pypinyin import lazy_pinyin  # loaded on first use: its dictionaries take a moment

    full = lazy_pinyin(name, errors=lambda s: list(s.lower()))
    initials = "".join(p[0] for p in full if p)
    return initials.lower(), "".join(full).lower()


def matches(query: str, name: str, initials: str, full: str) -> bool:
    q = query.strip().lower()
    return bool(q) and (q in name.lower() or initials.startswith(q) or full.startswith(q))
