"""Demo five-star rating rounds, year by year."""

from __future__ import annotations

import datetime as dt
import json

from ..domain import stars as star_rules
from ..store import config
from ..store.clock import now_text


class RatingSteps:
    """Steps of the demo generator (mixed into Generator, which holds db, rng, size and the helpers)."""

    def ratings(self) -> None:
        rng = self.rng
        r = config.star_rules(self.db)
        rules_json = r.to_json()
        rounds, branches, scores, vetoes, steps, actions = [], [], [], [], [], []
        prev_level: dict[int, int] = {}
        for year in self.years:
            current = year == self.today.year
            opened = dt.datetime(year, 3, 1, 9, 0) if current else dt.datetime(year, 11, 1, 9, 0)
            if opened.date() > self.today:
                continue
            rounds.append((year, rules_json, opened.isoformat(timespec="seconds")))
            states = star_rules.STATES
            targets = [self._target_level(b, prev_level.get(b["id"])) for b in self.branches]
            # The office keeps within the five-star quota: the weakest of any extra fives stay at four.
            allowed = int(r.five_star_quota * len(self.branches) + 1e-9)
            fives = [k for k, t in enumerate(targets) if t == 5]
            for k in rng.sample(fives, max(0, len(fives) - allowed)):
                targets[k] = 4
            for i, b in enumerate(self.branches):
                target = targets[i]
                # A retirees' branch has no business of its own to light 实干担当星 with.
                codes = [s.code for s in r.stars if not (b["retired"] and s.name == "实干担当星")]
                lit = set(rng.sample(codes, min(target, len(codes))))
                veto = [] if rng.random() > 0.03 else [self.pick([c for c, _ in r.vetoes])]
                certificate = rng.random() < 0.97
                item_scores = {}
                for star in r.stars:
                    for it in star.items:
                        if star.code in lit:
                            item_scores[it.code] = it.max - (0 if rng.random() < 0.7 else 0.5)
                        else:
                            item_scores[it.code] = round(it.max * (0.45 + rng.random() * 0.3) * 2) / 2
                self_scores = {
                    c: min(r.item(c).max, v + (0.5 if rng.random() < 0.3 else 0))
                    for c, v in item_scores.items()
                }
                if target == 4 and not b["retired"] and rng.random() < 0.35:
                    # Applied for five stars at 自评; the evaluators found one star short on site.
                    for star in r.stars:
                        if star.code not in lit:
                            for it in star.items:
                                self_scores[it.code] = it.max
                state = "定级" if not current else states[min(5, i * 6 // max(1, len(self.branches)))]
                reached = states.index(state)
                res = star_rules.evaluate(r, item_scores, veto, certificate)
                self_res = star_rules.evaluate(r, self_scores, (), True)
                level = res.level if state == "定级" else None
                for code in r.item_codes:
                    scores.append((year, b["id"], code,
                                   self_scores[code] if reached >= 1 else None, "见支部台账" if reached >= 1 else None,
                                   item_scores[code] if reached >= 2 else None, None))  # fmt: skip
                if reached >= 3:
                    vetoes += [(year, b["id"], v, "经联审核实") for v in veto]
                base = opened.date()
                for k in range(reached):
                    at = dt.datetime.combine(
                        min(base + dt.timedelta(days=20 * (k + 1)), self.today), dt.time(10, 0)
                    )
                    steps.append(
                        (year, b["id"], "推进", states[k], states[k + 1], None, "dangwu", at.isoformat())
                    )
                if reached >= 2 and rng.random() < 0.08:  # sent back once and resubmitted
                    at = dt.datetime.combine(min(base + dt.timedelta(days=25), self.today), dt.time(15, 0))
                    steps.append(
                        (
                            year,
                            b["id"],
                            "退回",
                            "党委考评",
                            "支部自评",
                            "自评材料不完整，请补充佐证",
                            "dangwu",
                            at.isoformat(),
                        )
                    )
                    steps.append(
                        (year, b["id"], "推进", "支部自评", "党委考评", None, "shuji", at.isoformat())
                    )
                pub_start = base + dt.timedelta(days=80)
                recheck = recheck_day = None
                if level == 5 and dt.date(year + 1, 9, 20) <= self.today:  # 复核 in the next autumn
                    recheck = "复核合格" if rng.random() < 0.9 else "复核不合格"
                    recheck_day = dt.date(year + 1, 9, 10 + int(rng.random() * 10))
                liaison = None
                if level is not None and star_rules.needs_follow_up(level, self_res.measured):
                    leaders = sorted(self.leaders) or self.branches[0]["committee"]  # 党委班子成员 as 联系领导
                    liaison = leaders[i % len(leaders)]
                    for k, (measure, did) in enumerate(self._MEASURES):
                        due = dt.date(year + 1, 3 + k * 2, 30)
                        done = due < self.today and rng.random() < 0.85
                        progress = did if done else ("正在推进，已完成部分任务" if due - dt.timedelta(days=60) < self.today else None)
                        actions.append((year, b["id"], measure, due.isoformat(), progress, int(done), now_text()))  # fmt: skip
                prev = prev_level.get(b["id"])
                issued = certificate and reached >= 4
                cert_day = base + dt.timedelta(days=62)
                cert = ("纪委（纪检监察室）", cert_day.isoformat(), f"{self.size.unit[:2]}纪廉〔{cert_day.year}〕{i + 1}号") \
                    if issued else (None, None, None)  # fmt: skip
                branches.append((year, b["id"], state, self_res.measured if reached >= 1 else None,
                                 res.measured if reached >= 2 else None, level,
                                 json.dumps(list(res.lit)) if level is not None else None, int(issued), *cert,
                                 (base + dt.timedelta(days=45)).isoformat() if reached >= 2 else None,
                                 "听取书记述职，查阅台账资料" if reached >= 2 else None,
                                 pub_start.isoformat() if reached >= 4 else None,
                                 (pub_start + dt.timedelta(days=6)).isoformat() if reached >= 4 else None,
                                 prev, star_rules.trend(prev, level) if level is not None else None, recheck,
                                 ("经复核，各项标准保持良好" if recheck == "复核合格" else "经复核，支部过硬星标准未能保持")
                                 if recheck else None, recheck_day and recheck_day.isoformat(), liaison,
                                 self.members[liaison]["name"] if liaison else None, now_text()))  # fmt: skip
                if level is not None:
                    prev_level[b["id"]] = 4 if recheck == "复核不合格" else level  # 摘星 before the next round
        self.bulk("rating_rounds", ("year", "rules_json", "opened_at"), rounds)
        cols = ("year", "branch_id", "state", "self_level", "eval_level", "level", "stars_lit", "certificate",
                "certificate_by", "certificate_date", "certificate_doc", "onsite_date", "review_notes", "publicity_start", "publicity_end", "previous_level", "trend",
                "recheck_result", "recheck_note", "recheck_date", "liaison_member_id", "liaison_name", "updated_at")  # fmt: skip
        self.bulk("rating_branches", cols, branches)
        self.bulk(
            "rating_scores",
            ("year", "branch_id", "item_code", "self_score", "self_note", "eval_score", "eval_note"),
            scores,
        )
        self.bulk("rating_vetoes", ("year", "branch_id", "veto_code", "note"), vetoes)
        self.bulk(
            "rating_steps",
            ("year", "branch_id", "action", "from_state", "to_state", "reason", "username", "at"),
            steps,
        )
        self.bulk(
            "rating_actions",
            ("year", "branch_id", "measure", "due_date", "progress", "done", "updated_at"),
            actions,
        )
        self.audit(
            "rating_branches", len(branches), f"评星定级 {len(rounds)} 个年度、{len(branches)} 条支部记录"
        )

    _MEASURES = (
        ("对照五星标准逐项查摆问题、建立整改台账", "已逐项整改并销号"),
        ("规范“三会一课”记录，落实支部书记讲党课", "记录已规范，书记已讲党课2次"),
        ("结合业务工作打造支部特色品牌", "品牌方案已制定并开展活动"),
    )

    def _target_level(self, branch: dict, previous: int | None) -> int:
        if previous is not None and self.rng.random() < 0.55:
            # Weak branches get a liaison leader and a plan: most climb back to three stars.
            return 3 if previous <= 2 and self.rng.random() < 0.6 else previous
        r = self.rng.random()
        return 5 if r < 0.28 else 4 if r < 0.7 else 3 if r < 0.9 else 2

