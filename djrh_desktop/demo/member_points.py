"""Demo 5A entries a unit believes: each member-year has an engagement (how much of what the year
offers the member takes part in), so points are earned unevenly, as in a real branch. With the default
rules this lands the demo in PRODUCT.md 2.3's bands: 5A 10–30%, 优秀 at most 20%, 不合格 1–3%."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from statistics import NormalDist

AddEntry = Callable[..., None]  # (member, item code, day, quantity, note, source, meeting=, batch=)


class MemberPointSteps:
    """Mixed into Generator (db, rng, members, today and the helpers)."""

    def engagement(self, mid: int, year: int) -> float:
        """0 (idle) … 1 (takes part in everything): a member's habit plus the year's chance, kept per
        member so that the good and the idle stay so from year to year, mostly."""
        cache = self.__dict__.setdefault("_engagement", {})
        key = (mid, year)
        if key not in cache:
            cache[key] = min(1.0, max(0.0, self.habits()[mid] + self.rng.gauss(0, 0.08)))
            if key in self.troubled(year):
                cache[key] = min(cache[key], 0.15)
        return cache[key]

    def habits(self) -> dict[int, float]:
        """Each member's habit, spread over the quantiles of one distribution rather than drawn one by one,
        so that a unit of 300 shows the same shares as a county of 4,000 (the idle 1.5% at the bottom)."""
        if "_habit" not in self.__dict__:
            ids = sorted(self.members)
            self.rng.shuffle(ids)
            normal = NormalDist(0.59, 0.21)
            self._habit = {
                mid: 0.03 if (k + 0.5) / len(ids) < 0.015 else min(1.0, max(0.1, normal.inv_cdf((k + 0.5) / len(ids))))
                for k, mid in enumerate(ids)
            }
        return self._habit

    def troubled(self, year: int) -> set[tuple[int, int]]:
        """The member-years gone wrong (a reprimand, breaches, little else): 1.6% of the year's roll,
        drawn as an exact count so that a small unit still shows its few 不合格."""
        chosen = self.__dict__.setdefault("_troubled", {})
        if year not in chosen:
            mid_year = dt.date(year, 7, 1)
            roll = sorted(m for m in self.members if self.on_roll(m, mid_year))
            chosen[year] = {(m, year) for m in self.rng.sample(roll, round(0.016 * len(roll)))}
        return chosen[year]

    def attendance_status(self, mid: int, year: int) -> str:
        e = self.engagement(mid, year)
        r = self.rng.random()
        absent = 0.002 + 0.05 * (1 - e) ** 3  # unexcused absence is rare, and the idle's habit
        return "缺席" if r < absent else ("请假" if r < absent + 0.06 else "出席")

    def appraisal(self, mid: int, year: int) -> str:
        """民主评议党员: the active are 优秀 more often, a year gone wrong is 基本合格 or 不合格."""
        if (mid, year) in self.troubled(year):
            return "不合格" if self.rng.random() < 0.3 else "基本合格"
        return "优秀" if self.rng.random() < 0.3 * self.engagement(mid, year) else "合格"

    def member_year_points(self, mid: int, year: int, year_end: dt.date, add: AddEntry) -> None:
        """Every entry of one member's year other than meeting attendance and the branch's batches."""
        rng, m = self.rng, self.members[mid]
        e = self.engagement(mid, year)
        serving = m["category"] == "在职"

        def day() -> dt.date | None:
            d = self.day_in(dt.date(year, 1, 1), year_end)
            return d if self.on_roll(mid, d) else None

        def times(code: str, n: int, p: float, note: str | None = None) -> None:
            for _ in range(n):
                if rng.random() < p:  # the chance first: most draws post nothing, and a date costs more
                    d = day()
                    if d:
                        add(mid, code, d, 1, note, "导入" if rng.random() < 0.2 else "手工")

        for q in range(4):  # quarterly: dues on time (or late), online study, the discipline confirmation
            d = dt.date(year, 3 * q + 3, 25)
            if d > year_end or not self.on_roll(mid, d):
                continue
            late = rng.random() < 0.015 + 0.05 * (1 - e) ** 2
            add(mid, "A2-04" if late else "A2-03", d, 1, f"第{q + 1}季度党费", "手工")
            if rng.random() < 0.15 + 0.6 * e:
                add(mid, "A1-03", d, 1, f"第{q + 1}季度网上学习达标", "导入")
        times("A1-02", 3, 0.05 + 0.5 * e)
        times("A2-05", 1, 0.2 + 0.6 * e)
        if serving:
            times("A3-01", 3, 0.7 * e**1.5)
            times("A3-02", 1, 0.3 * e**3)
            times("A3-03", 4, 0.55 * e)
            times("A3-04", 2, 0.25 * e**2)
            times("A3-06", 1, 0.35 * e**2)
        else:  # retirees and the floating members serve in their community
            times("A3-03", 2, 0.3 * e)
        times("A4-01", 1, 0.2 * e)
        times("A5-01", 6, 0.15 + 0.6 * e)
        times("A5-02", 2, 0.4 * e)
        times("A5-03", 1, 0.2 + 0.5 * e)
        times("A5-05", 2, 0.4)
        # Deductions: rare, and mostly the idle's.
        times("A1-04", 1, 0.12 * (1 - e) ** 2)
        times("A4-02", 1, 0.02 + 0.1 * (1 - e) ** 3)
        times("A3-05", 1, 0.01 * (1 - e) if serving else 0)
        times("A5-04", 1, 0.01)
        times("A4-03", 1, 0.002)
        times("A1-05", 1, 0.001)
        if (mid, year) in self.troubled(year):
            times("A4-03", 1, 1.0, "受到通报批评")
            times("A3-05", 1, 0.6 if serving else 0)
            times("A4-02", 2, 0.8)
            times("A2-02", 4, 0.8, "无故缺席支部党员大会")
            times("A1-04", 2, 0.8, "无故不参加集中学习")
        if rng.random() < 0.002:
            d = day()
            if d:
                add(mid, self.pick(("A4-04", "A4-05")), d, 1, "受到处分", "手工")
