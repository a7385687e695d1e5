"""Demo activity: meetings with attendance and points, other point entries, talks and visits."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict

from ..domain import points as point_rules
from ..domain import rulesets
from ..domain.meetings import REQUIREMENTS
from ..store import config, ledger
from ..store.clock import now_text
from .member_points import MemberPointSteps


class ActivitySteps(MemberPointSteps):
    """Steps of the demo generator (mixed into Generator, which holds db, rng, size and the helpers)."""

    def meetings_and_points(self) -> None:
        rng = self.rng
        topics = self.n["meeting_topics"]
        mapping = config.attendance_points(self.db)
        recorder = self.db.execute("SELECT id FROM users WHERE username = 'dangwu'").fetchone()
        recorder = recorder[0] if recorder else None
        meeting_id = self.next_id("meetings")
        now = now_text()
        for year in self.years:
            items = self.items[year]
            used: dict[tuple[int, str], float] = defaultdict(float)
            meetings, attendance, entries = [], [], []

            def add_entry(mid, code, day, qty, note, source, meeting=None, batch=None,
                          items=items, used=used, entries=entries, year=year):  # fmt: skip
                it = items[code]
                pitem = it.get("_item")
                if pitem is None:  # one PointItem per item and year, not per entry
                    pitem = it["_item"] = rulesets.PointItem(
                        code, it["dimension"], it["name"], it["points"], it["cap"], bool(it["veto"])
                    )
                pts = point_rules.entry_points(pitem, qty, used[(mid, code)])
                if pts == 0 and source == "活动签到":
                    return  # as the program does: no entry for attendance beyond the item's cap
                used[(mid, code)] += pts
                entries.append((mid, year, day.isoformat(), it["id"], it["dimension"], float(qty), pts, int(pitem.veto),
                                note, None, source, meeting, None, None, batch, recorder, f"{day.isoformat()}T17:30:00"))  # fmt: skip

            last_month = 12 if year < self.today.year else self.today.month
            for b in self.branches:
                host = self.members[b["secretary"]]["name"] if b.get("secretary") else None
                rec = self.members[b["committee"][2]]["name"] if len(b.get("committee", [])) > 2 else host
                for month in range(1, last_month + 1):
                    # Each 党小组 meets every month; 组织生活会 and 民主评议党员 open the year (reviewing the last).
                    plan = [("支部委员会", None), *(("党小组会", g) for g in b["groups"]), ("主题党日", None)]
                    if month % 3 == 2:
                        plan += [("支部党员大会", None), ("党课", None)]
                    if month == 2:
                        plan += [("组织生活会", None), ("民主评议党员", None)]
                    for mtype, group in plan:
                        skip = 0.04 if mtype in REQUIREMENTS and REQUIREMENTS[mtype][0] == "month" else 0.02
                        if rng.random() < skip:
                            continue
                        hi = (
                            28
                            if not (year == self.today.year and month == self.today.month)
                            else self.today.day
                        )
                        if hi < 1:
                            continue
                        day = dt.date(year, month, 1 + int(rng.random() * hi))
                        if mtype == "支部委员会":
                            people = b["committee"]
                        elif mtype == "党小组会":
                            people = [m for m in b["members"] if self.members[m]["group"] == group]
                        else:
                            people = b["members"]
                        people = [m for m in people if self.on_roll(m, day)]
                        if not people:
                            continue
                        topic = self.pick(topics[mtype])
                        meetings.append((meeting_id, b["id"], mtype, day.isoformat(), topic, host, rec,
                                         f"{mtype}：{topic}。", now, group))  # fmt: skip
                        for m in people:
                            status = self.attendance_status(m, year)
                            appraisal = self.appraisal(m, year) if mtype == "民主评议党员" and status != "缺席" else None
                            attendance.append((meeting_id, m, status, appraisal))
                            code = mapping.get(status)
                            if code:
                                add_entry(m, code, day, 1, None, "活动签到", meeting_id)
                        meeting_id += 1
                # Manual points: the branch's batches (monthly study, 警示教育, the quarterly discipline
                # confirmation), then each member's own items.
                year_end = min(dt.date(year, 12, 31), self.today)
                batches = [(dt.date(year, month, 8 + int(rng.random() * 15)), "A1-01", "参加集中学习", 0.5, 0.45)
                           for month in range(1, 13)]  # fmt: skip
                batches += [(dt.date(year, month, 12 + int(rng.random() * 10)), "A4-06", "参加警示教育", 0.8, 0.15)
                            for month in (3, 7, 11)]  # fmt: skip
                for k, (day, code, note, p0, pe) in enumerate(batches):
                    if day > year_end:
                        continue
                    batch = f"demo-{year}-{b['id']}-{k}"
                    for m in b["members"]:
                        if self.on_roll(m, day) and rng.random() < p0 + pe * self.engagement(m, year):
                            add_entry(m, code, day, 1, note, "手工", batch=batch)
                for m in b["members"]:
                    self.member_year_points(m, year, year_end, add_entry)
                for q in range(4):
                    day = dt.date(year, 3 * q + 3, 28)
                    if day > year_end:
                        continue
                    batch = f"demo-{year}-{b['id']}-q{q}"
                    for m in b["members"]:
                        broke = used[(m, "A4-02")] or used[(m, "A4-03")]
                        if self.on_roll(m, day) and not broke and rng.random() < 0.9:
                            add_entry(m, "A4-07", day, 1, f"第{q + 1}季度无违纪违规", "手工", batch=batch)
            self.bulk(
                "meetings",
                ("id", "branch_id", "type", "date", "topic", "host", "recorder", "content", "created_at", "group_id"),
                meetings,
            )
            self.bulk("meeting_attendance", ("meeting_id", "member_id", "status", "appraisal"), attendance)
            # In member order the ledger's indexes fill almost sequentially: several times faster.
            entries.sort(key=lambda e: (e[0], e[2]))
            first = ledger.next_id(self.db)
            # Reversals: about 0.4% of manual entries were posted by mistake and reversed.
            reversals = []
            for i, e in enumerate(entries):
                if e[10] != "活动签到" and rng.random() < 0.004:
                    day = min(dt.date.fromisoformat(e[2]) + dt.timedelta(days=3), year_end)
                    reversals.append((e[0], e[1], day.isoformat(), e[3], e[4], -e[5], -e[6], -e[7], e[8], None, "手工",
                                      e[11], first + i, "登记错误，予以冲销", None, recorder, f"{day.isoformat()}T09:00:00"))  # fmt: skip
            rows = entries + reversals
            f, last, digest = ledger.append_tuples(self.db, rows)
            self.counts["point_ledger"] = self.counts.get("point_ledger", 0) + len(rows)
            self.audit(
                "point_ledger", len(rows), f"{year}年度积分记录 {len(rows)} 条", {"ledger": [f, last, digest]}
            )
            self.audit(
                "meetings", len(meetings), f"{year}年度会议 {len(meetings)} 次、签到 {len(attendance)} 人次"
            )

    # ---- talks and visits -----------------------------------------------------------------------

    def talks(self) -> None:
        rng = self.rng
        # 诫勉谈话 is no routine type: leaders hold it after a member's year went wrong (below).
        types = ("谈心谈话",) * 45 + ("执法廉政谈话",) * 25 + ("廉政谈话",) * 14 + ("提醒谈话",) * 4 + \
            ("任前廉政谈话",) * 3 + ("其他",) * 2  # fmt: skip
        dept_members = defaultdict(list)
        for m in self.members.values():
            if m["dept"]:
                dept_members[m["dept"]].append(m["id"])
        tid = self.next_id("talks")
        talks, talkers, talkees = [], [], []
        now = now_text()
        for year in self.years:
            year_end = min(dt.date(year, 12, 31), self.today)
            for b in self.branches:
                sec = b.get("secretary")
                for m in b["members"]:
                    if m == sec:
                        continue
                    # Most members get their yearly talk with the secretary, many a second one.
                    for who, chance in ((sec, 0.82), (self.pick(b["committee"]), 0.75)):
                        day = self.day_in(dt.date(year, 1, 1), year_end)
                        if who != m and rng.random() < chance and self.on_roll(m, day):
                            whom = [m]
                            if rng.random() < 0.04:  # a group talk (集体廉政谈话) with a few more members
                                extra = rng.sample(b["members"], min(4, len(b["members"])))
                                whom += [x for x in extra if x not in (m, who) and self.on_roll(x, day)]
                            kind = self.pick(types)
                            if self.engagement(m, year) < 0.25 and rng.random() < 0.5:
                                kind = "提醒谈话"  # the idle and the low-scoring are reminded
                            self._talk(
                                tid, year, day, kind, [who], whom, b["id"], talks, talkers, talkees, now
                            )
                            tid += 1
            for leader, depts in self.leaders.items():
                for d in depts:
                    for m in dept_members[d]:
                        if m != leader and rng.random() < 0.7:
                            day = self.day_in(dt.date(year, 1, 1), year_end)
                            if self.on_roll(m, day):
                                self._talk(tid, year, day, self.pick(types), [leader], [m], self.members[m]["branch"],
                                           talks, talkers, talkees, now)  # fmt: skip
                                tid += 1
            leaders = sorted(self.leaders)
            for m, _ in sorted(self.troubled(year)):
                if leaders and rng.random() < 0.6:  # a leader's 诫勉谈话 after the reprimand
                    day = self.day_in(dt.date(year, 1, 1), year_end)
                    if self.on_roll(m, day) and m not in leaders:
                        self._talk(tid, year, day, "诫勉谈话", [self.pick(leaders)], [m], self.members[m]["branch"],
                                   talks, talkers, talkees, now)  # fmt: skip
                        tid += 1
        cols = ("id", "type", "date", "place", "topic", "content", "statement", "problems", "measures", "followup_due",
                "followup_status", "recorder", "sensitivity", "branch_id", "created_at", "updated_at",
                "followup_closed_at")  # fmt: skip
        self.bulk("talks", cols, talks)
        self.bulk("talk_talkers", ("talk_id", "member_id", "name", "post"), talkers)
        self.bulk("talk_talkees", ("talk_id", "member_id"), talkees)
        self.audit("talks", len(talks), f"谈心谈话记录 {len(talks)} 条")

    def _talk(self, tid, year, day, ttype, who, whom, branch, talks, talkers, talkees, now) -> None:
        rng, n = self.rng, self.n
        status, due, closed_on = "无需跟进", None, None
        if ttype in ("提醒谈话", "诫勉谈话") or rng.random() < 0.12:
            due = day + dt.timedelta(days=30 + int(rng.random() * 60))
            # Most follow-ups are closed by their due date; a few run late, fewer stay open.
            closed = due < self.today and rng.random() < 0.985
            status = "已办结" if closed else "待跟进"
            if closed:  # mostly before the due date, a few some weeks late
                late = int(rng.random() * 40) - 30
                closed_on = max(day, min(due + dt.timedelta(days=late), self.today)).isoformat()
        sensitive = ttype == "诫勉谈话" or rng.random() < 0.03
        talks.append((tid, ttype, day.isoformat(), self.pick(("党员活动室", "书记办公室", "会议室", "谈话室")),
                      self.pick(n["talk_topics"][ttype if self.size.prison or ttype != "执法廉政谈话" else "执法廉政谈话_county"]),
                      self.pick(n["talk_contents"][ttype if ttype in n["talk_contents"] else "谈心谈话"]),
                      self.pick(n["talk_statements"]),
                      self.pick(n["talk_problems"]) if due else None, self.pick(n["talk_measures"]) if due else None,
                      due.isoformat() if due else None, status, self.members[who[0]]["name"],
                      "敏感" if sensitive else "普通", branch, now, now, closed_on))  # fmt: skip
        for w in who:
            talkers.append((tid, w, self.members[w]["name"], None))
        for m in whom:
            talkees.append((tid, m))

    def visits(self) -> None:
        rng, n = self.rng, self.n
        vid = self.next_id("visits")
        visits, visitors, family = [], [], []
        now = now_text()
        for year in self.years:
            year_end = min(dt.date(year, 12, 31), self.today)
            for b in self.branches:
                if b["retired"]:
                    continue
                share = 0.35 + rng.random() * 0.15
                for m in b["members"]:
                    if m in b["committee"][:1] or rng.random() > share:
                        continue
                    day = self.day_in(dt.date(year, 1, 1), year_end)
                    if not self.on_roll(m, day):
                        continue
                    signed = rng.random() < 0.32
                    pledge = (
                        min(day + dt.timedelta(days=int(rng.random() * 3)), self.today) if signed else None
                    )
                    status, due, returned = "无需回访", None, None
                    if rng.random() < 0.2:
                        due = day + dt.timedelta(days=60 + int(rng.random() * 30))
                        status = "已回访" if due < self.today and rng.random() < 0.97 else "待回访"
                        if status == "已回访":  # the return visit, mostly in time
                            returned = max(day, min(due + dt.timedelta(days=int(rng.random() * 30) - 24), self.today))
                    asks = [
                        a
                        for a in ("思想动态", "工作状态", "大额收支", "收送礼品", "交往应酬")
                        if rng.random() < 0.8
                    ]
                    mats = (
                        ["廉政提醒信"]
                        + (["廉政书籍"] if rng.random() < 0.5 else [])
                        + (["《家庭助廉承诺书》"] if signed else [])
                    )
                    address = (
                        f"{self.size.unit[:2]}市{self.pick(n['addresses'])}{1 + int(rng.random() * 200)}号"
                    )
                    has_difficulty = rng.random() < 0.2
                    visits.append((vid, day.isoformat(), m, b["id"], address, json.dumps(asks, ensure_ascii=False),
                                   self.pick(n["visit_contents"]), self.pick(n["visit_situations"]),
                                   json.dumps(mats, ensure_ascii=False), int(signed),
                                   pledge.isoformat() if pledge else None,
                                   self.pick(n["visit_difficulties"]) if has_difficulty else None,
                                   self.pick(n["visit_help"]) if has_difficulty else None,
                                   due.isoformat() if due else None, status,
                                   self.members[b["secretary"]]["name"], now, now,
                                   returned and returned.isoformat()))  # fmt: skip
                    for w in {b["secretary"], self.pick(b["committee"])}:
                        if w != m:
                            visitors.append((vid, w))
                    for _ in range(1 + int(rng.random() * 2)):
                        fam_name = (
                            self.pick(n["surnames"])
                            + self.pick(n["given_female"])
                            + self.pick(n["given_male"])
                        )
                        family.append((vid, fam_name, self.pick(n["relations"])))
                    vid += 1
        cols = ("id", "date", "member_id", "branch_id", "address", "asks", "content", "family_situation", "materials",
                "pledge_signed", "pledge_date", "difficulties", "help_measures", "revisit_due", "revisit_status",
                "recorder", "created_at", "updated_at", "revisit_closed_at")  # fmt: skip
        self.bulk("visits", cols, visits)
        self.bulk("visit_visitors", ("visit_id", "member_id"), visitors)
        self.bulk("visit_family", ("visit_id", "name", "relation"), family)
        self.audit("visits", len(visits), f"廉政家访记录 {len(visits)} 条")

    # ---- ratings --------------------------------------------------------------------------------

