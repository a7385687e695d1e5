"""Pinyin keys for searching names by initials (typing `zs` finds 张三) and sorting by pinyin."""

from __future__ import annotations

from functools import lru_cache

# A name starts with its surname, and surnames read differently from the same character elsewhere
# (单 is shan, not dan): the surname readings, compound surnames first.
SURNAMES = {
    "万俟": ["mo", "qi"], "尉迟": ["yu", "chi"], "长孙": ["zhang", "sun"], "单于": ["chan", "yu"],
    "单": ["shan"], "曾": ["zeng"], "解": ["xie"], "仇": ["qiu"], "区": ["ou"], "查": ["zha"], "朴": ["piao"],
    "盖": ["ge"], "覃": ["qin"], "缪": ["miao"], "翟": ["zhai"], "乐": ["yue"], "尉": ["yu"], "种": ["chong"],
    "秘": ["bi"], "繁": ["po"], "召": ["shao"], "冼": ["xian"], "员": ["yun"], "能": ["nai"], "那": ["na"],
    "谌": ["chen"], "隗": ["wei"], "句": ["gou"], "祭": ["zhai"], "厙": ["she"], "阚": ["kan"], "逄": ["pang"],
    "蕃": ["pi"], "宓": ["fu"], "眭": ["sui"], "郇": ["huan"], "过": ["guo"], "华": ["hua"], "纪": ["ji"],
    "折": ["she"], "哈": ["ha"], "占": ["zhan"], "沈": ["shen"], "石": ["shi"], "柏": ["bai"], "薄": ["bo"],
}  # fmt: skip


@lru_cache(maxsize=8192)
def keys(name: str) -> tuple[str, str]:
    """(initials, full pinyin) in lower case, e.g. ('zs', 'zhangsan'); the surname in its surname reading
    (单伟 is shan wei), other heteronyms in the common reading."""
    from pypinyin import lazy_pinyin  # loaded on first use: its dictionaries take a moment

    surname = next((sur for sur in (name[:2], name[:1]) if sur in SURNAMES), "")
    rest = lazy_pinyin(name[len(surname):], errors=lambda s: list(s.lower())) if name[len(surname):] else []
    full = [*SURNAMES.get(surname, []), *rest]
    initials = "".join(p[0] for p in full if p)
    return initials.lower(), "".join(full).lower()


def matches(query: str, name: str, initials: str, full: str) -> bool:
    q = query.strip().lower()
    return bool(q) and (q in name.lower() or initials.startswith(q) or full.startswith(q))
