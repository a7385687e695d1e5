"""Rule sets as data: the 5A point items and the five-star criteria.

Defaults ship as JSON under resources/rules/; a round (a rating year, a points year) keeps a frozen
copy so that editing the rules later never changes an old result. Parsing validates every field and
explains what is wrong in Chinese.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from functools import cached_property
from importlib import resources

from .errors import ValidationError


@dataclass(frozen=True)
class PointItem:
    code: str
    dimension: str
    name: str
    points: float
    cap: float | None = None  # yearly limit on the item's absolute total for one member
    veto: bool = False


@dataclass(frozen=True)
class FiveARules:
    name: str
    base: float  # every dimension starts here: the pass line of a member who earns nothing
    dimension_max: float  # each dimension is kept within [0, dimension_max]
    a_threshold: float
    grade_excellent: float
    grade_qualified: float
    grade_basic: float
    warn_total_below: float
    warn_probationary_below: float
    dimensions: tuple[tuple[str, str], ...]  # (code, name)
    items: tuple[PointItem, ...]
    excellent_share: float | None = 0.2  # warn when more of the roll than this is 优秀; None: no warning

    @cached_property  # asked once per member when a year is scored
    def dimension_codes(self) -> tuple[str, ...]:
        return tuple(code for code, _ in self.dimensions)

    def dimension_name(self, code: str) -> str:
        return dict(self.dimensions)[code]

    def item(self, code: str) -> PointItem:
        for it in self.items:
            if it.code == code:
                return it
        raise ValidationError(f"没有编码为“{code}”的积分项目", "积分项目")

    @property
    def full_marks(self) -> float:
        return self.dimension_max * len(self.dimensions)

    @property
    def base_total(self) -> float:
        return self.base * len(self.dimensions)

    def to_json(self) -> str:
        return json.dumps(
            {
                "name": self.name,
                "base": self.base,
                "dimension_max": self.dimension_max,
                "a_threshold": self.a_threshold,
                "grades": {
                    "excellent": self.grade_excellent,
                    "qualified": self.grade_qualified,
                    "basic": self.grade_basic,
                },
                "warning": {
                    "total_below": self.warn_total_below,
                    "probationary_below": self.warn_probationary_below,
                    "excellent_share": self.excellent_share,
                },
                "dimensions": [{"code": c, "name": n} for c, n in self.dimensions],
                "items": [{k: v for k, v in asdict(i).items() if v is not None} for i in self.items],
            },
            ensure_ascii=False,
        )


@dataclass(frozen=True)
class StarItem:
    code: str
    name: str
    max: float


@dataclass(frozen=True)
class Star:
    code: str
    name: str
    items: tuple[StarItem, ...]

    @property
    def max_total(self) -> float:
        return sum(i.max for i in self.items)


@dataclass(frozen=True)
class StarRules:
    name: str
    threshold_ratio: float
    veto_max_level: int
    five_star_needs_certificate: bool
    five_star_quota: float
    stars: tuple[Star, ...]
    vetoes: tuple[tuple[str, str], ...]  # (code, name)

    def item(self, code: str) -> StarItem:
        for star in self.stars:
            for it in star.items:
                if it.code == code:
                    return it
        raise ValidationError(f"没有编码为“{code}”的评星项目", "评星项目")

    @property
    def item_codes(self) -> tuple[str, ...]:
        return tuple(i.code for s in self.stars for i in s.items)

    def veto_name(self, code: str) -> str:
        names = dict(self.vetoes)
        if code not in names:
            raise ValidationError(f"没有编码为“{code}”的否决事项", "否决事项")
        return names[code]

    def to_json(self) -> str:
        return json.dumps(
            {
                "name": self.name,
                "threshold_ratio": self.threshold_ratio,
                "veto_max_level": self.veto_max_level,
                "five_star_needs_certificate": self.five_star_needs_certificate,
                "five_star_quota": self.five_star_quota,
                "stars": [
                    {"code": s.code, "name": s.name, "items": [asdict(i) for i in s.items]}
                    for s in self.stars
                ],
                "vetoes": [{"code": c, "name": n} for c, n in self.vetoes],
            },
            ensure_ascii=False,
        )


# ---- parsing -------------------------------------------------------------------------------------


def _num(data: dict, key: str, where: str, *, minimum: float | None = None, maximum: float | None = None):
    if key not in data:
        raise ValidationError(f"{where}缺少“{key}”")
    value = data[key]
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValidationError(f"{where}的“{key}”应为数字，实际为“{value}”")
    if minimum is not None and value < minimum:
        raise ValidationError(f"{where}的“{key}”不能小于 {minimum}")
    if maximum is not None and value > maximum:
        raise ValidationError(f"{where}的“{key}”不能大于 {maximum}")
    return value


def _text(data: dict, key: str, where: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(f"{where}缺少“{key}”或为空")
    return value.strip()


def _unique(codes: list[str], what: str) -> None:
    seen = set()
    for code in codes:
        if code in seen:
            raise ValidationError(f"{what}编码“{code}”重复")
        seen.add(code)


def parse_five_a(data: dict) -> FiveARules:
    where = "5A积分规则"
    if not isinstance(data, dict):
        raise ValidationError(f"{where}格式错误")
    base = _num(data, "base", where, minimum=1)
    grades = data.get("grades") or {}
    warning = data.get("warning") or {}
    dims_raw = data.get("dimensions")
    if not isinstance(dims_raw, list) or not dims_raw:
        raise ValidationError(f"{where}缺少维度（dimensions）")
    dims = tuple((_text(d, "code", f"{where}的维度"), _text(d, "name", f"{where}的维度")) for d in dims_raw)
    _unique([c for c, _ in dims], "维度")
    dim_codes = {c for c, _ in dims}
    items = []
    for raw in data.get("items") or []:
        w = f"{where}的项目“{raw.get('code', '?')}”"
        code = _text(raw, "code", w)
        dim = _text(raw, "dimension", w)
        if dim not in dim_codes:
            raise ValidationError(f"{w}的维度“{dim}”不存在")
        cap = raw.get("cap")
        if cap is not None:
            cap = _num(raw, "cap", w, minimum=0)
        items.append(
            PointItem(
                code=code,
                dimension=dim,
                name=_text(raw, "name", w),
                points=_num(raw, "points", w, minimum=-100, maximum=100),
                cap=cap,
                veto=bool(raw.get("veto", False)),
            )
        )
    if not items:
        raise ValidationError(f"{where}没有积分项目")
    _unique([i.code for i in items], "积分项目")
    if "dimension_max" in data:
        top = _num(data, "dimension_max", where, minimum=base)
    else:  # rule sets frozen before the revised scale kept a bonus on top of the base
        top = base + _num(data, "bonus_cap", where, minimum=0)
    a_threshold = _num(data, "a_threshold", where, minimum=0, maximum=top)
    share = 0.2  # the default share, also for rule sets frozen before the warning existed
    if "excellent_share" in warning:
        share = warning["excellent_share"]
        if share is not None:
            share = _num(warning, "excellent_share", f"{where}的预警线", minimum=0, maximum=1)
    excellent = _num(grades, "excellent", f"{where}的等次线")
    qualified = _num(grades, "qualified", f"{where}的等次线")
    basic = _num(grades, "basic", f"{where}的等次线")
    if not excellent >= qualified >= basic:
        raise ValidationError(f"{where}的等次线应满足 优秀 ≥ 合格 ≥ 基本合格")
    return FiveARules(
        name=_text(data, "name", where),
        base=base,
        dimension_max=top,
        a_threshold=a_threshold,
        grade_excellent=excellent,
        grade_qualified=qualified,
        grade_basic=basic,
        warn_total_below=_num(warning, "total_below", f"{where}的预警线"),
        warn_probationary_below=_num(warning, "probationary_below", f"{where}的预警线"),
        dimensions=dims,
        items=tuple(items),
        excellent_share=share,
    )


def parse_stars(data: dict) -> StarRules:
    where = "评星定级标准"
    if not isinstance(data, dict):
        raise ValidationError(f"{where}格式错误")
    stars = []
    for raw in data.get("stars") or []:
        w = f"{where}的“{raw.get('name', raw.get('code', '?'))}”"
        items = tuple(
            StarItem(code=_text(i, "code", w), name=_text(i, "name", w), max=_num(i, "max", w, minimum=0.5))
            for i in raw.get("items") or []
        )
        if not items:
            raise ValidationError(f"{w}没有评分项目")
        stars.append(Star(code=_text(raw, "code", w), name=_text(raw, "name", w), items=items))
    if len(stars) != 5:
        raise ValidationError(f"{where}应有5颗星，实际为{len(stars)}颗")
    _unique([s.code for s in stars], "星")
    _unique([i.code for s in stars for i in s.items], "评星项目")
    vetoes = tuple(
        (_text(v, "code", f"{where}的否决事项"), _text(v, "name", f"{where}的否决事项"))
        for v in data.get("vetoes") or []
    )
    _unique([c for c, _ in vetoes], "否决事项")
    return StarRules(
        name=_text(data, "name", where),
        threshold_ratio=_num(data, "threshold_ratio", where, minimum=0.01, maximum=1),
        veto_max_level=int(_num(data, "veto_max_level", where, minimum=0, maximum=5)),
        five_star_needs_certificate=bool(data.get("five_star_needs_certificate", True)),
        five_star_quota=_num(data, "five_star_quota", where, minimum=0, maximum=1),
        stars=tuple(stars),
        vetoes=vetoes,
    )


def load_rules_resource(name: str) -> dict:
    text = resources.files("djrh_desktop.resources").joinpath("rules", name).read_text(encoding="utf-8")
    return json.loads(text)


def default_five_a() -> FiveARules:
    return parse_five_a(load_rules_resource("five_a_default.json"))


def default_stars() -> StarRules:
    return parse_stars(load_rules_resource("stars_default.json"))


def five_a_from_json(text: str) -> FiveARules:
    return parse_five_a(json.loads(text))


def stars_from_json(text: str) -> StarRules:
    return parse_stars(json.loads(text))
