"""Demo 党建与业务融合 registers for the last two years: each working branch's 党员先锋阵地 with members and
monthly results counted as the seeds count them, the committee's quarterly inspections (seed 002: 党建检查,
业务目标检查考核, 联合检查) with 限期整改 items mostly closed in time and a few left open or overdue, the unit's
brand and 一支部一品牌, and the committee's 一岗双责责任书 signed each January."""

from __future__ import annotations

import datetime as dt

from ..domain.periods import Quarter

# (kind, name, duty, [(measure, unit, monthly mean)]) for a prison; a county organ's below.
PRISON_POSTS = (
    ("党员责任区", "监舍区“红色网格”责任区", "监舍楼分片包干，夜间巡查与隐患排查", [("排查整改风险隐患", "处", 4.5)]),
    ("党员先锋岗", "生产现场党员先锋岗", "习艺车间安全生产与现场管理", [("整改安全隐患", "处", 3.5)]),
    ("党员执法监督小组", "“阳光执法”监督小组", "减刑假释暂予监外执行案件全程监督", [("执法监督检查", "次", 6)]),
    ("党员突击队", "应急处置党员突击队", "突发事件处置与急难险重任务", [("急难险重任务", "项", 0.4)]),
    ("讲师团", "教育改造党员讲师团", "罪犯思想教育与技能培训授课", [("宣讲授课", "场", 2), ("结对帮教对象", "人", 1.2)]),
)
COUNTY_POSTS = (
    ("党员责任区", "“党员进网格”责任区", "联系社区网格，收集办理群众诉求", [("服务群众", "件", 18), ("化解矛盾纠纷", "件", 1.5)]),
    ("党员先锋岗", "窗口服务党员先锋岗", "政务服务窗口示范服务", [("服务群众", "件", 40)]),
    ("党员突击队", "重点项目攻坚突击队", "县重点项目推进与急难险重任务", [("急难险重任务", "项", 0.5)]),
    ("讲师团", "党员宣讲团", "政策理论宣讲进基层", [("宣讲授课", "场", 1.5)]),
)
PARTY_FINDINGS = ("“三会一课”记录不够规范，个别会议缺少签到", "理论学习计划执行不到位，学习笔记内容偏少",
                  "党员积分佐证材料不齐全", "谈心谈话记录不够具体，问题整改跟踪不到位", "主题党日活动与业务结合不紧")  # fmt: skip
PRISON_BUSINESS = ("夜间巡查登记不规范", "习艺车间安全警示标识缺失", "罪犯个别教育记录不完整", "减刑假释案卷材料归档不及时",
                   "监控巡查存在盲区")  # fmt: skip
COUNTY_BUSINESS = ("群众诉求办结回访不及时", "重点任务台账更新滞后", "窗口服务首问负责制落实不严", "档案资料归档不及时")
BRANDS_PRISON = ("红墙铸魂", "以政治建警引领监管安全和教育改造", ("铁警先锋", "红心帮教", "阳光执法", "匠心习艺", "夕阳余晖"))
BRANDS_COUNTY = ("红色引擎", "以机关党建引领服务大局、服务群众", ("为民先锋", "红色窗口", "实干攻坚", "初心守望"))
LEVELS = ("单位", "单位", "县级", "县级", "市级", "省级")


class RegisterSteps:
    def fusion_registers(self) -> None:
        rng, today = self.rng, self.today
        stamp = lambda day: f"{min(day, today).isoformat()}T10:00:00"  # noqa: E731 - never later than today
        start = dt.date(today.year - 1, 1, 1)
        working = [b for b in self.branches if not b["retired"]]
        plans = PRISON_POSTS if self.size.prison else COUNTY_POSTS
        posts, members, results = [], [], []
        post_id, result_id = self.next_id("fusion_posts"), self.next_id("fusion_post_results")
        for i, b in enumerate(working):
            serving = [m for m in b["members"] if self.members[m]["left"] is None and not self.members[m]["prob"]]
            for k in range(2 if len(serving) > 12 else 1):
                kind, name, duty, measures = plans[(i + k) % len(plans)]
                opened = start + dt.timedelta(days=int(rng.random() * 60))
                posts.append((post_id, kind, name, b["id"], duty, opened.isoformat(), stamp(opened), stamp(opened)))
                crew = serving[k * 6: k * 6 + 3 + int(rng.random() * 5)] or serving[:1]
                lead = "队长" if "队" in kind else "组长" if "组" in kind or "团" in kind else "岗长"
                for j, mid in enumerate(crew):
                    members.append((post_id, mid, lead if j == 0 else "成员", opened.isoformat()))
                month = dt.date(opened.year, opened.month, 1)
                while month <= today:
                    for measure, unit, mean in measures:
                        n = int(mean * (0.5 + rng.random()) + rng.random())
                        if n:
                            day = min(today, month + dt.timedelta(days=20 + int(rng.random() * 8)))
                            if day >= opened:
                                results.append((result_id, post_id, day.isoformat(), measure, n, unit, stamp(day), stamp(day)))
                                result_id += 1
                    month = (month + dt.timedelta(days=32)).replace(day=1)
                post_id += 1
        self.bulk("fusion_posts", ("id", "kind", "name", "branch_id", "duty", "start_date", "created_at", "updated_at"), posts)
        self.bulk("fusion_post_members", ("post_id", "member_id", "role", "joined_on"), members)
        self.bulk("fusion_post_results", ("id", "post_id", "date", "measure", "quantity", "unit", "created_at", "updated_at"),
                  results)  # fmt: skip
        n_inspections, n_items = self._inspections(working, start, stamp)
        self._brands(working, stamp)
        self.audit("fusion_posts", len(posts), f"先锋阵地 {len(posts)} 个、成效 {len(results)} 条、检查 {n_inspections} 次、"
                   f"整改事项 {n_items} 项")  # fmt: skip

    def _inspections(self, working: list[dict], start: dt.date, stamp) -> tuple[int, int]:
        """Each quarter: 党建检查 twice, 业务目标检查考核 once, a 联合检查 once (seed 002's 3 and 6 a year, roughly)."""
        rng, today = self.rng, self.today
        business = PRISON_BUSINESS if self.size.prison else COUNTY_BUSINESS
        inspectors = "党委委员、组织人事科、狱政管理科" if self.size.prison else "机关党委委员、组织科、督查室"
        rows, checked, items = [], [], []
        iid, item_id = self.next_id("fusion_inspections"), self.next_id("fusion_rectifications")
        q = Quarter.of(start)
        while q.start <= today:
            for kind in ("党建检查", "党建检查", "业务目标检查考核", "党建+业务联合检查"):
                day = q.start + dt.timedelta(days=15 + int(rng.random() * 70))
                if day > today:
                    continue
                branches = sorted(rng.sample(working, min(len(working), 2 + int(rng.random() * 4))), key=lambda b: b["id"])
                party = self.pick(PARTY_FINDINGS) if kind != "业务目标检查考核" else None
                biz = self.pick(business) if kind != "党建检查" else None
                rows.append((iid, day.isoformat(), kind, inspectors, party, biz, stamp(day), stamp(day)))
                checked += [(iid, b["id"]) for b in branches]
                for b in branches:
                    if rng.random() < 0.45:  # a branch 限期整改
                        side = "党建" if party and (not biz or rng.random() < 0.5) else "业务"
                        issue = (party if side == "党建" else biz) + "，限期整改到位"
                        due = day + dt.timedelta(days=30)
                        late = rng.random()  # most closed in time, some a week late, a few recent ones still open
                        closed = due - dt.timedelta(days=int(rng.random() * 25)) if late < 0.85 else due + dt.timedelta(days=7)
                        if closed > today or (late > 0.95 and today - due < dt.timedelta(days=60)):
                            closed = None
                        owner = self.members[b["secretary"]]["name"]
                        items.append((item_id, iid, b["id"], side, issue, owner, due.isoformat(),
                                      closed.isoformat() if closed else None, "已按要求整改，建立长效机制" if closed else None,
                                      stamp(day), stamp(closed or day)))  # fmt: skip
                        item_id += 1
                iid += 1
            q = q.next()
        self.bulk("fusion_inspections", ("id", "date", "kind", "inspectors", "party_findings", "business_findings",
                                         "created_at", "updated_at"), rows)  # fmt: skip
        self.bulk("fusion_inspection_branches", ("inspection_id", "branch_id"), checked)
        self.bulk("fusion_rectifications", ("id", "inspection_id", "branch_id", "side", "issue", "owner", "due_date",
                                            "closed_on", "closure_note", "created_at", "updated_at"), items)  # fmt: skip
        return len(rows), len(items)

    def _brands(self, working: list[dict], stamp) -> None:
        rng, today = self.rng, self.today
        unit_name, unit_text, subs = BRANDS_PRISON if self.size.prison else BRANDS_COUNTY
        recognised = dt.date(today.year - 2, 6, 28)
        rows = [(self.root, unit_name, unit_text, "市级", recognised.isoformat(), stamp(recognised), stamp(recognised))]
        for i, b in enumerate(working):
            if rng.random() < 0.7:
                name = f"{subs[i % len(subs)]}" + ("" if i < len(subs) else f"·{b['name'][:2]}")
                level = self.pick(LEVELS)
                day = dt.date(today.year - 1, 3 + int(rng.random() * 8), 1 + int(rng.random() * 27))
                rows.append((b["id"], name, f"{b['name']}“一支部一品牌”", level, day.isoformat() if day <= today else None,
                             stamp(day), stamp(day)))  # fmt: skip
        self.bulk("fusion_brands", ("org_id", "name", "description", "level", "recognized_on", "created_at", "updated_at"), rows)
        pledges = []
        for year in (today.year - 1, today.year):
            for mid in self.branches[0]["committee"]:
                day = dt.date(year, 1, 8 + int(rng.random() * 15))
                if day <= today:
                    pledges.append((year, mid, day.isoformat(), stamp(day)))
        self.bulk("fusion_pledges", ("year", "member_id", "signed_on", "recorded_at"), pledges)
