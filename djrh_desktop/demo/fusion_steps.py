"""Demo 双领办 projects: one per branch and year for the last two years, with monthly reports (a few months
missed, for the to-do list), the committee's quarterly reviews and last year's year-end assessment. The
vocabulary follows the seeds: a prison's 狱政/教育改造/刑罚执行/安全生产, a county organ's 服务群众/业务工作."""

from __future__ import annotations

import datetime as dt

from ..domain import fusion
from ..domain.periods import Quarter

# (category, title, party task, business goal, indicator, target)
PRISON = (
    ("党建+狱政管理", "“红色责任区”监管安全攻坚", "党员责任区包片排查管控", "监管安全零事故", "排查整改风险隐患（处）", 50),
    ("党建+教育改造", "党员结对帮教顽危犯", "党员一对一结对帮教", "顽危犯转化率提升", "转化顽危犯（名）", 12),
    ("党建+刑罚执行", "“阳光执法”监督行动", "党员执法监督小组全程监督", "减假暂案件零差错", "监督减假暂案件（件）", 120),
    ("党建+安全生产", "生产现场“党员示范岗”", "党员先锋岗带头排查隐患", "生产安全事故为零", "整改安全隐患（处）", 42),
)
COUNTY = (
    ("党建+服务群众", "“党员进网格”服务提质", "党员下沉网格报到服务", "群众诉求按期办结", "办结群众诉求（件）", 300),
    ("党建+业务工作", "党员领衔重点任务攻坚", "党员领衔业务攻关小组", "年度重点任务按期完成", "完成重点任务（项）", 10),
    ("党建+队伍建设", "“业务骨干党员化”工程", "把业务骨干培养成党员", "队伍素质整体提升", "培养入党积极分子（名）", 6),
)
NOTES = ("召开推进会，细化任务分工", "完成阶段任务，形成工作台账", "党员带头攻坚，解决难点问题", "开展督导检查，整改发现问题",
         "总结经验做法，形成典型案例", "对照目标查漏补缺，推进进度")  # fmt: skip
COMMENTS = {"好": "推进有力，成效明显", "较好": "推进较好，台账需进一步规范", "一般": "进度偏慢，请加大推进力度",
            "差": "未按计划推进，限期整改"}  # fmt: skip


class FusionSteps:
    def fusion(self) -> None:
        rng, today = self.rng, self.today
        plans = PRISON if self.size.prison else COUNTY
        stamp = lambda day: f"{min(day, today).isoformat()}T09:30:00"  # noqa: E731 - never later than today
        projects, progress, reviews = [], [], []
        pid = self.next_id("fusion_projects")
        for year in (today.year - 1, today.year):
            months = fusion.months_due(year, today)
            for i, b in enumerate(self.branches):
                category, title, task, goal, indicator, target = plans[(i + year) % len(plans)]
                done = rng.random()
                assessed = year < today.year
                score = round(70 + 28 * done) if assessed else None
                result = (("优秀" if score >= 90 else "良好" if score >= 80 else "合格") if assessed else None)
                created = stamp(dt.date(year, 1, 10 + int(rng.random() * 15)))  # 年初立项
                projects.append((pid, year, b["id"], title, category, task, goal, indicator, 0, target, b["secretary"],
                                 score, result, stamp(dt.date(year, 12, 28)) if assessed else None, created, created))  # fmt: skip
                value = 0.0
                for m in months:
                    if rng.random() < 0.06:  # a month the branch did not report
                        continue
                    value = min(target * 1.1, value + target / 12 * (0.6 + done * 0.8))
                    month_end = Quarter.of(dt.date(year, m, 1)).end if m % 3 == 0 else dt.date(year, m + 1, 1)
                    progress.append((pid, m, self.pick(NOTES), round(value),
                                     stamp(month_end - dt.timedelta(days=int(rng.random() * 3)))))  # fmt: skip
                for q in range(1, 5):
                    when = Quarter(year, q).end + dt.timedelta(days=5 + int(rng.random() * 10))  # 季度点评
                    if when <= today:
                        rating = fusion.RATINGS[min(3, int((1 - done) * 2.4 + rng.random() * 0.9))]  # mostly 好/较好
                        reviews.append((pid, q, rating, COMMENTS[rating], stamp(when)))
                pid += 1
        self.bulk("fusion_projects", ("id", "year", "branch_id", "title", "category", "party_task", "business_goal",
                                      "indicator", "baseline", "target", "leader_member_id", "assessment_score",
                                      "assessment_result", "assessed_at", "created_at", "updated_at"), projects)  # fmt: skip
        self.bulk("fusion_progress", ("project_id", "month", "note", "value", "reported_at"), progress)
        self.bulk("fusion_reviews", ("project_id", "quarter", "rating", "comment", "reviewed_at"), reviews)
        self.audit("fusion_projects", len(projects), f"双领办项目 {len(projects)} 个、月报 {len(progress)} 条")
