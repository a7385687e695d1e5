"""Five-star branch rating (支部评星定级): lighting stars, the level, vetoes, quota, workflow."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .errors import ValidationError
from .rulesets import StarRules

# Workflow per branch per year. Each step is stamped; 退回 goes one step back with a reason.
STATES = ("未开始", "支部自评", "党委考评", "联审", "公示", "定级")
RECHECK_RESULTS = ("复核合格", "复核不合格")
TRENDS = ("晋位", "保持", "降级")


def next_state(state: str) -> str:
    i = _index(state)
    if i == len(STATES) - 1:
        raise ValidationError("已定级，不能再推进", "流程")
    return STATES[i + 1]


def previous_state(state: str) -> str:
    i = _index(state)
    if i == 0:
        raise ValidationError("尚未开始，不能退回", "流程")
    return STATES[i - 1]


def _index(state: str) -> int:
    if state not in STATES:
        raise ValidationError(f"未知的流程状态“{state}”", "流程")
    return STATES.index(state)


@dataclass(frozen=True)
class StarResult:
    star_scores: dict[str, float]  # star code -> points (items capped at their maximum)
    lit: tuple[str, ...]  # codes of lit stars
    raw_level: int  # stars lit before vetoes and the certificate rule
    level: int
    notes: tuple[str, ...]  # why the level is below raw_level, in Chinese


def validate_score(rules: StarRules, item_code: str, score: float | None) -> float | None:
    if score is None:
        return None
    item = rules.item(item_code)
    if isinstance(score, bool) or not isinstance(score, int | float):
        raise ValidationError(f"“{score}”不是数字", item.name)
    if not 0 <= score <= item.max:
        raise ValidationError(f"得分应在 0—{item.max:g} 之间", item.name)
    return float(score)


def evaluate(
    rules: StarRules,
    scores: Mapping[str, float | None],
    vetoes: Iterable[str] = (),
    certificate: bool = False,
) -> StarResult:
    """Level from item scores (missing items count 0), veto flags and the clean certificate."""
    star_scores: dict[str, float] = {}
    lit = []
    for star in rules.stars:
        got = sum(min(it.max, max(0.0, float(scores.get(it.code) or 0))) for it in star.items)
        star_scores[star.code] = round(got, 2)
        if got >= rules.threshold_ratio * star.max_total - 1e-9:
            lit.append(star.code)
    raw = len(lit)
    level = raw
    notes = []
    veto_codes = [v for v in vetoes]
    if veto_codes and level > rules.veto_max_level:
        level = rules.veto_max_level
        names = "、".join(rules.veto_name(v) for v in veto_codes)
        notes.append(f"存在一票否决事项（{names}），最高评为{rules.veto_max_level}星")
    if level == 5 and rules.five_star_needs_certificate and not certificate:
        level = 4
        notes.append("缺少纪检廉政意见，不能评为五星")
    return StarResult(star_scores, tuple(lit), raw, level, tuple(notes))


def quota_exceeded(rules: StarRules, levels: Iterable[int]) -> bool:
    levels = list(levels)
    if not levels:
        return False
    return sum(1 for x in levels if x == 5) > rules.five_star_quota * len(levels) + 1e-9


def quota_message(rules: StarRules, levels: Iterable[int]) -> str | None:
    levels = list(levels)
    if not quota_exceeded(rules, levels):
        return None
    five = sum(1 for x in levels if x == 5)
    return f"五星支部 {five} 个，占 {five / len(levels):.0%}，超过 {rules.five_star_quota:.0%} 的比例"


def trend(previous_level: int | None, level: int) -> str | None:
    if previous_level is None:
        return None
    if level > previous_level:
        return "晋位"
    if level < previous_level:
        return "降级"
    return "保持"


def needs_follow_up(level: int) -> bool:
    """Three stars or fewer get a liaison leader and an improvement plan."""
    return level <= 3
