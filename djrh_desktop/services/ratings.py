"""Five-star branch rating rounds: open a year (freezing its criteria), score, move each branch
through 未开始 → 支部自评 → 党委考评 → 联审 → 公示 → 定级 and back (退回 with a reason), then
re-review and follow-up."""

from __future__ import annotations

import datetime as dt
import json

from ..domain import rulesets
from ..domain import stars as rules
from ..domain.errors import ValidationError
from ..domain.periods import check_year, parse_iso_date
from ..store import ledger, queries
from ..store import ratings as store
from ..store.clock import now_text, today
from . import closing, settings
from .session import Change, Session

# Who may act on a branch while it is in each state (advance from it, send it back, edit its step).
STATE_ACTION = {
    "未开始": "rating.self",
    "支部自评": "rating.self",
    "党委考评": "rating.evaluate",
    "联审": "rating.joint",
    "公示": "rating.publish",
    "定级": "rating.publish",
}




def open_year(s: Session, year: int) -> Change:
    closing.require_open(s, year)  # the round's steps belong to its year
    s.require("rating.open")
    check_year(year)
    if year > today().year + 1:
        raise ValidationError("只能开启当前或下一年度", "年度")
    if store.round_exists(s.db, year):
        raise ValidationError(f"{year}年度评星定级已经开启", "年度")
    r = settings.star_rules(s)
    now = now_text()
    branches = sorted(b for b, _ in queries.active_branches(s.db))
    if not branches:
        raise ValidationError("还没有党支部，无法开启评星定级", "党支部")
    with s.writing():
        store.open_round(s.db, year, r.to_json(), now, s.actor.user_id, branches)
        s.audit("开启年度", "rating_rounds", year, f"开启{year}年度评星定级（{len(branches)}个支部）",
                after={"year": year, "branches": len(branches), "rules": r.name})  # fmt: skip
    return Change("rating_branches", tuple(branches), f"已开启{year}年度评星定级")




def _act(s: Session, rb: dict, action: str | None = None) -> None:
    s.require(action or STATE_ACTION[rb["state"]], rb["branch_id"])








def save_scores(
    s: Session, year: int, branch_id: int, scores: dict[str, tuple[float | None, str | None]], kind: str
) -> Change:
    """kind 'self' (支部自评, in that step) or 'eval' (党委考评, in that step)."""
    closing.require_open(s, year)  # the round's steps belong to its year
    rb = store.get_branch(s.db, year, branch_id)
    r = store.round_rules(s.db, year)
    step, action = {"self": ("支部自评", "rating.self"), "eval": ("党委考评", "rating.evaluate")}[kind]
    s.require(action, branch_id)
    if rb["state"] != step:
        raise ValidationError(f"当前处于“{rb['state']}”环节，不能填写{step}得分", "流程")
    clean = {
        code: (rules.validate_score(r, code, v), (note or "").strip() or None)
        for code, (v, note) in scores.items()
    }
    col, note_col = ("self_score", "self_note") if kind == "self" else ("eval_score", "eval_note")
    before = store.scores(s.db, year, branch_id, col)
    with s.writing():
        store.put_scores(s.db, year, branch_id, col, note_col, clean)
        res = rules.evaluate(
            r, store.scores(s.db, year, branch_id, col), store.vetoes(s.db, year, branch_id), bool(rb["certificate"])
        )
        store.update_branch(s.db, year, branch_id, {"self_level" if kind == "self" else "eval_level": res.measured,
                                                    "updated_at": now_text()})  # fmt: skip
        s.audit(f"{step}打分", "rating_scores", f"{year}/{branch_id}", f"{year}年度{step}打分（{len(clean)}项）",
                before={k: before.get(k) for k in clean}, after={k: v for k, (v, _) in clean.items()})  # fmt: skip
    label = rules.level_label(res.measured, res.awaiting_certificate)
    return Change("rating_branches", (branch_id,), f"已保存{step}得分，测算为{label}", {"level": res.measured})


def _require_complete(s: Session, year: int, branch_id: int, column: str, what: str) -> None:
    r = store.round_rules(s.db, year)
    got = store.scores(s.db, year, branch_id, column)
    missing = [r.item(c).name for c in r.item_codes if got.get(c) is None]
    if missing:
        raise ValidationError(f"还有{len(missing)}项未打分（如“{missing[0]}”）", what)


def advance(s: Session, year: int, branch_id: int) -> Change:
    closing.require_open(s, year)  # the round's steps belong to its year
    rb = store.get_branch(s.db, year, branch_id)
    _act(s, rb)
    state = rb["state"]
    target = rules.next_state(state)
    updates: dict = {}
    if state == "支部自评":
        _require_complete(s, year, branch_id, "self_score", "支部自评")
    elif state == "党委考评":
        _require_complete(s, year, branch_id, "eval_score", "党委考评")
        if not rb["onsite_date"]:
            raise ValidationError("请先填写现场考评日期", "党委考评")
    elif state == "公示":
        if not rb["publicity_start"] or not rb["publicity_end"]:
            raise ValidationError("请先填写公示起止日期", "公示")
        if dt.date.fromisoformat(rb["publicity_end"]) > today():
            raise ValidationError(f"公示期至 {rb['publicity_end']} 结束，结束后才能定级", "公示")
        res = store.evaluate_branch(s.db, year, branch_id)
        updates = {
            "level": res.level,
            "stars_lit": json.dumps(res.lit),
            "trend": rules.trend(rb["previous_level"], res.level),
        }
    return _move(s, rb, target, "推进", None, updates)


def send_back(s: Session, year: int, branch_id: int, reason: str) -> Change:
    closing.require_open(s, year)  # the round's steps belong to its year
    rb = store.get_branch(s.db, year, branch_id)
    _act(s, rb)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("请填写退回原因", "退回原因")
    target = rules.previous_state(rb["state"])
    updates = {"level": None, "stars_lit": None, "trend": None} if rb["state"] == "定级" else {}
    return _move(s, rb, target, "退回", reason, updates)


def _move(s: Session, rb: dict, target: str, action: str, reason: str | None, updates: dict) -> Change:
    year, branch_id = rb["year"], rb["branch_id"]
    now = now_text()
    name = queries.org_name(s.db, branch_id)
    with s.writing():
        sets = {"state": target, "updated_at": now, **updates}
        store.update_branch(s.db, year, branch_id, sets)
        store.add_step(s.db,
            {
                "year": year,
                "branch_id": branch_id,
                "action": action,
                "from_state": rb["state"],
                "to_state": target,
                "reason": reason,
                "user_id": s.actor.user_id,
                "username": s.actor.username,
                "at": now,
            }  # fmt: skip
        )
        s.audit(action, "rating_branches", f"{year}/{branch_id}",
                f"{name}{year}年度评星由“{rb['state']}”{action}至“{target}”" + (f"：{reason}" if reason else ""),
                before={"state": rb["state"]}, after=sets)  # fmt: skip
    extra = f"，定为{updates['level']}星" if updates.get("level") is not None else ""
    return Change("rating_branches", (branch_id,), f"{name}已{action}至“{target}”{extra}")


def _update(s: Session, rb: dict, fields: dict, summary: str) -> Change:
    with s.writing():
        store.update_branch(s.db, rb["year"], rb["branch_id"], {**fields, "updated_at": now_text()})
        s.audit("修改", "rating_branches", f"{rb['year']}/{rb['branch_id']}", summary,
                before={k: rb.get(k) for k in fields}, after=fields)  # fmt: skip
    return Change("rating_branches", (rb["branch_id"],), summary)


def _in_state(rb: dict, state: str) -> None:
    if rb["state"] != state:
        raise ValidationError(f"当前处于“{rb['state']}”环节，此项只能在“{state}”环节填写", "流程")


def set_evaluation(
    s: Session, year: int, branch_id: int, onsite_date: str, review_notes: str | None
) -> Change:
    closing.require_open(s, year)  # the round's steps belong to its year
    rb = store.get_branch(s.db, year, branch_id)
    s.require("rating.evaluate")
    _in_state(rb, "党委考评")
    day = parse_iso_date(onsite_date, "现场考评日期")
    return _update(s, rb, {"onsite_date": day.isoformat(), "review_notes": (review_notes or "").strip() or None},
                   f"{year}年度党委考评：现场考评 {day.isoformat()}")  # fmt: skip


def set_joint_review(s: Session, year: int, branch_id: int, vetoes: dict[str, str | None]) -> Change:
    """联审: the branch's veto flags (code -> note); the evaluators' measured level follows them."""
    closing.require_open(s, year)  # the round's steps belong to its year
    rb = store.get_branch(s.db, year, branch_id)
    s.require("rating.joint")
    _in_state(rb, "联审")
    r = store.round_rules(s.db, year)
    for code in vetoes:
        r.veto_name(code)
    before = store.vetoes(s.db, year, branch_id)
    with s.writing():
        store.replace_vetoes(s.db, year, branch_id, vetoes)
        res = rules.evaluate(r, store.scores(s.db, year, branch_id, "eval_score"), list(vetoes), bool(rb["certificate"]))
        store.update_branch(s.db, year, branch_id, {"eval_level": res.measured, "updated_at": now_text()})
        s.audit("联审", "rating_vetoes", f"{year}/{branch_id}", f"{year}年度联审：否决事项{len(vetoes)}项",
                before={"vetoes": before, "eval_level": rb["eval_level"]},
                after={"vetoes": list(vetoes), "eval_level": res.measured})  # fmt: skip
    return Change("rating_branches", (branch_id,), f"已保存联审否决事项{len(vetoes)}项，测算为"
                  f"{rules.level_label(res.measured, res.awaiting_certificate)}")  # fmt: skip


def set_certificate(s: Session, year: int, branch_id: int, issued: bool, issuer: str | None = None,
                    date: str | None = None, document: str | None = None, note: str | None = None) -> Change:  # fmt: skip
    """The discipline office's clean certificate (纪检廉政意见/证明), at 联审: only 纪检监督 or an
    administrator issues it, with issuer, date and document number (文号); withdrawn with issued=False."""
    closing.require_open(s, year)
    rb = store.get_branch(s.db, year, branch_id)
    s.require("rating.certificate")
    _in_state(rb, "联审")
    if issued:
        issuer = (issuer or "").strip()
        if not issuer:
            raise ValidationError("请填写出具意见的部门或人员", "出具人")
        day = parse_iso_date(date, "出具日期")
        if day > today():
            raise ValidationError("不能晚于今天", "出具日期")
        document = (document or "").strip()
        if not document:
            raise ValidationError("请填写廉政意见的文号", "文号")
        fields = {"certificate": 1, "certificate_by": issuer, "certificate_date": day.isoformat(),
                  "certificate_doc": document, "certificate_note": (note or "").strip() or None}  # fmt: skip
        summary = f"{year}年度联审：{issuer}出具纪检廉政意见（{document}）"
    else:
        fields = {"certificate": 0, "certificate_by": None, "certificate_date": None, "certificate_doc": None,
                  "certificate_note": (note or "").strip() or None}  # fmt: skip
        summary = f"{year}年度联审：撤回纪检廉政意见"
    return _update(s, rb, fields, summary)


def save_joint_review(s: Session, year: int, branch_id: int, vetoes: dict[str, str | None] | None,
                      certificate: dict | None) -> Change:  # fmt: skip
    """The 联审 form as one write, all or nothing: the veto decision (None: left as it is) and the
    certificate (None: left as it is; else set_certificate's fields)."""
    with s.writing():
        if vetoes is not None:
            set_joint_review(s, year, branch_id, vetoes)
        if certificate is not None:
            set_certificate(s, year, branch_id, **certificate)
    return Change("rating_branches", (branch_id,), "已保存联审")


def member_vetoes(s: Session, year: int, branch_id: int) -> list[dict]:
    """The branch's members' veto entries of the year (处分, 违法犯罪) not reversed, shown at 联审 beside
    the branch's own veto decision."""
    return ledger.veto_entries(s.db, year, s.branch_scope(branch_id))


def set_publicity(
    s: Session, year: int, branch_id: int, start: str, end: str, objections: str | None = None
) -> Change:
    closing.require_open(s, year)  # the round's steps belong to its year
    rb = store.get_branch(s.db, year, branch_id)
    s.require("rating.publish")
    _in_state(rb, "公示")
    d1, d2 = parse_iso_date(start, "公示开始日期"), parse_iso_date(end, "公示结束日期")
    if d2 < d1:
        raise ValidationError("不能早于公示开始日期", "公示结束日期")
    return _update(s, rb, {"publicity_start": d1.isoformat(), "publicity_end": d2.isoformat(),
                           "objections": (objections or "").strip() or None},
                   f"{year}年度公示：{d1.isoformat()} 至 {d2.isoformat()}")  # fmt: skip


def branch_rows(s: Session, year: int) -> list[dict]:
    """The year's branches with their state and levels, for the rating page."""
    return [r for r in store.branch_rows(s.db, year) if s.sees_branch(r["branch_id"])]


# ---- reads, scoped by the session ----------------------------------------------------------------


def round_rules(s: Session, year: int) -> rulesets.StarRules:
    """The criteria frozen into the year's round (NotFound if the year has no round)."""
    return store.round_rules(s.db, year)


def get_branch(s: Session, year: int, branch_id: int) -> dict:
    return store.get_branch(s.db, year, s.branch_scope(branch_id))


def evaluate_branch(s: Session, year: int, branch_id: int, column: str = "eval_score") -> rules.StarResult:
    return store.evaluate_branch(s.db, year, s.branch_scope(branch_id), column)


def distribution(s: Session, year: int, branch_id: int | None = None, as_of: dt.date | None = None) -> dict[int, int]:
    """Branches per final level within the session's scope, as they stand at as_of (复核不合格 摘星)."""
    return store.distribution(s.db, year, s.branch_scope(branch_id), as_of)


def standing_at(s: Session, as_of: dt.date) -> dict:
    """评星定级 as a report for a period ending at as_of tells it (PRODUCT.md 2.8): the latest round every
    branch had been rated in by then, with its levels as they stood (复核不合格 from its date), and the round
    in progress at that date, with its branches per step. A round rated later does not reach back."""
    final = current = None
    for year in store.rounds_opened(s.db, as_of):
        rows = [r for r in store.rows_at(s.db, year, as_of) if s.sees_branch(r["branch_id"])]
        if rows and all(r["state"] == "定级" for r in rows):
            final = (year, rows)
            break
        if current is None and rows:
            current = (year, rows)
    out: dict = {"year": None, "rows": [], "distribution": {k: 0 for k in range(6)}, "counts": None,
                 "current": None, "quota_warning": None}  # fmt: skip
    if final:
        year, rows = final
        dist = {k: 0 for k in range(6)}
        for r in rows:
            dist[r["level_then"]] += 1
        applied = sum(1 for r in rows if r["self_level"] == 5)
        accepted = sum(1 for r in rows if r["level"] == 5)
        failed = sum(1 for r in rows if r["level"] == 5 and r["level_then"] < 5)
        out.update(year=year, rows=rows, distribution=dist,
                   counts={"applied": applied, "accepted": accepted, "recheck_failed": failed})  # fmt: skip
        if s.scope_branch is None:
            out["quota_warning"] = rules.quota_message(store.round_rules(s.db, year), accepted, len(rows), settled=True)
    if current:
        year, rows = current
        states = {st: 0 for st in rules.STATES}
        for r in rows:
            states[r["state"]] += 1
        out["current"] = {"year": year, "total": len(rows), "states": {k: v for k, v in states.items() if v}}
    return out


def five_star_counts(s: Session, year: int) -> dict[str, int]:
    """申报五星 / 验收合格 / 拟评五星 / 复核合格 / 复核不合格 within the session's scope."""
    return store.five_star_counts(s.db, year, s.branch_scope(None))


def quota_warning(s: Session, year: int) -> str | None:
    """The five-star quota is the unit's: shown to those who see the whole unit."""
    return store.quota_warning(s.db, year) if s.scope_branch is None else None


def waiting_steps(s: Session, year: int) -> list[tuple[int, str, str]]:
    return [row for row in store.waiting_steps(s.db, year) if s.sees_branch(row[0])]


def item_scores(s: Session, year: int, branch_id: int) -> dict[str, dict]:
    return store.item_scores(s.db, year, s.branch_scope(branch_id))


def vetoes_of(s: Session, year: int, branch_id: int) -> dict[str, str | None]:
    return store.vetoes_of(s.db, year, s.branch_scope(branch_id))


def actions_of(s: Session, year: int, branch_id: int) -> list[dict]:
    return store.actions_of(s.db, year, s.branch_scope(branch_id))


def history(s: Session, year: int, branch_id: int) -> list[dict]:
    return store.history(s.db, year, s.branch_scope(branch_id))
