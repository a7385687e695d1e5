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
    level: int  # the level that can be given now: vetoes applied, five stars only with the certificate
    notes: tuple[str, ...]  # why the level is below raw_level, in Chinese
    measured: int = 0  # 测算星级: vetoes applied, but five stars shown before the certificate (待联审)

    @property
    def awaiting_certificate(self) -> bool:
        return self.measured == 5 and self.level < 5


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
    measured = level
    if level == 5 and rules.five_star_needs_certificate and not certificate:
        level = 4
        notes.append("缺少纪检廉政意见，不能评为五星")
    return StarResult(star_scores, tuple(lit), raw, level, tuple(notes), measured)


def level_label(level: int | None, awaiting: bool = False) -> str:
    """How a level reads on screen and paper: "5星（待联审）" while five stars wait for the certificate."""
    if level is None:
        return ""
    return f"{level}星（待联审）" if awaiting else f"{level}星"


def quota_message(rules: StarRules, proposed_five: int, all_branches: int, settled: bool = False) -> str | None:
    """The five-star quota over **all** branches of the round, counted on the proposed levels from 党委考评
    on, so it warns before 公示 (PRODUCT.md 2.2); None within the quota. `settled`: every branch is
    rated, so the figure is a result, not a proposal."""
    if not all_branches or proposed_five <= rules.five_star_quota * all_branches + 1e-9:
        return None
    share = f"占全部{all_branches}个支部的{proposed_five / all_branches:.0%}，超过{rules.five_star_quota:.0%}的比例要求"
    if settled:
        return f"五星级党支部{proposed_five}个，{share}"
    return f"拟评五星支部{proposed_five}个，{share}，请在公示前复核"


def trend(previous_level: int | None, level: int) -> str | None:
    if previous_level is None:
        return None
    if level > previous_level:
        return "晋位"
    if level < previous_level:
        return "降级"
    return "保持"


def needs_follow_up(level: int, applied: int | None = None) -> bool:
    """Three stars or fewer get a liaison leader and an improvement plan, and so does a branch whose
    result fell short of the level it applied for (自评)."""
    return level <= 3 or (applied is not None and level < applied)
