"""Demo organisation: the tree, members, committees, users and the rule years."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from ..domain import idnumber, pinyin
from ..services import points
from ..services.passwords import hash_password
from ..store.clock import now_text
from .sizes import DEMO_PASSWORD, DEMO_USERS


class OrganisationSteps:
    """Steps of the demo generator (mixed into Generator, which holds db, rng, size and the helpers)."""

    def organisation(self) -> None:
        now = now_text()
        orgs, depts, plan = [], [], []  # plan: (branch name, parent index or None, departments)
        if self.size.prison:
            for name, dnames in self.n["prison_branches"][: self.size.branches]:
                plan.append((name, None, dnames))
        else:
            bureaus = self.n["county_bureaus"]
            per_sector = self.size.branches // self.size.sectors
            for i in range(self.size.branches):
                bureau = bureaus[i // 3 % len(bureaus)]
                suffix = ("机关第一党支部", "机关第二党支部", "离退休党支部")[i % 3]
                plan.append((f"{bureau}{suffix}", i // per_sector, [bureau] if i % 3 == 0 else []))
        oid = self.next_id("orgs")
        sector_ids = []
        for k in range(self.size.sectors):
            orgs.append((oid, f"{self.n['county_sectors'][k]}系统党总支", "党总支", self.root, k, now))
            sector_ids.append(oid)
            oid += 1
        did = self.next_id("departments")
        dept_of: dict[str, int] = {}
        self.branches: list[dict] = []
        for order, (name, sector, dnames) in enumerate(plan):
            parent = sector_ids[sector] if sector is not None else self.root
            orgs.append((oid, name, "党支部", parent, order, now))
            branch = {"id": oid, "name": name, "retired": "离退休" in name, "depts": [], "groups": []}
            for dname in dnames:
                if dname not in dept_of:
                    dept_of[dname] = did
                    depts.append((did, dname))
                    did += 1
                branch["depts"].append(dept_of[dname])
            # a retirees' branch inherits the bureau's department for nobody; others keep their own
            self.branches.append(branch)
            oid += 1
        for b in self.branches:
            for g in range(2 if b["retired"] else 3):
                orgs.append((oid, ("第一党小组", "第二党小组", "第三党小组")[g], "党小组", b["id"], g, now))
                b["groups"].append(oid)
                oid += 1
        self.bulk("orgs", ("id", "name", "kind", "parent_id", "sort_order", "created_at"), orgs)
        self.bulk("departments", ("id", "name"), depts)
        self.members_rows()
        self.audit("orgs", len(orgs), f"组织 {len(orgs)} 个、部门 {len(depts)} 个")

    def members_rows(self) -> None:
        rng, n = self.rng, self.n
        weights = [0.6 if b["retired"] else 1.0 + rng.random() for b in self.branches]
        total_w = sum(weights)
        quotas = [max(6, round(self.size.members * w / total_w)) for w in weights]
        quotas[-1] += self.size.members - sum(quotas)
        if quotas[-1] < 6:  # keep every branch staffed when rounding overshoots
            quotas[-1] = 6
        mid = self.next_id("members")
        now = now_text()
        rows, status_log = [], []
        self.members: dict[int, dict] = {}
        seq = 0
        used_ids: set[str] = set()
        first_year = self.years[0]
        for b, quota in zip(self.branches, quotas, strict=True):
            b["members"] = []
            for k in range(quota):
                male = rng.random() < 0.68
                name = self.pick(n["surnames"]) + "".join(
                    self.pick(n["given_male"] if male else n["given_female"])
                    for _ in range(1 if rng.random() < 0.35 else 2)
                )
                retired = b["retired"]
                birth = self.day_in(dt.date(1948, 1, 1), dt.date(1965, 12, 31)) if retired else \
                    self.day_in(dt.date(1966, 1, 1), dt.date(2001, 12, 31))  # fmt: skip
                region = self.pick(n["regions"])
                seq += 1
                sequence = (seq % 499) * 2 + (1 if male else 0)  # the 17th digit's parity is the gender
                id_number = idnumber.make(region, birth, sequence)
                while id_number in used_ids:
                    sequence = (sequence + 2) % 1000
                    id_number = idnumber.make(region, birth, sequence)
                used_ids.add(id_number)
                # The 18th birthday, plus a day (29 February births turn 18 on 1 March).
                eighteen = (birth.replace(year=birth.year + 18) if not (birth.month == 2 and birth.day == 29)
                            else dt.date(birth.year + 18, 3, 1)) + dt.timedelta(days=1)  # fmt: skip
                latest = min(self.today - dt.timedelta(days=30), dt.date(birth.year + 40, 12, 31))
                join = self.day_in(
                    max(eighteen, dt.date(1970, 1, 1)), max(latest, eighteen + dt.timedelta(days=1))
                )
                if join > self.today:
                    join = self.today - dt.timedelta(days=40)
                probationary = (self.today - join).days < 365
                full = None if probationary else join + dt.timedelta(days=365 + int(rng.random() * 20))
                if full is not None and full > self.today:
                    full, probationary = None, True
                category = "离退休" if retired else ("流动" if rng.random() < 0.03 else "在职")
                status, left = "在册", None
                r = rng.random()
                if r < 0.025 and not probationary:
                    status, left = (
                        "转出",
                        self.day_in(dt.date(first_year, 3, 1), self.today - dt.timedelta(days=10)),
                    )
                elif r < 0.035 and retired:
                    status, left = (
                        "去世",
                        self.day_in(dt.date(first_year, 3, 1), self.today - dt.timedelta(days=10)),
                    )
                initials, full_py = pinyin.keys(name)
                dept = b["depts"][k % len(b["depts"])] if b["depts"] else None
                edu = self.pick(
                    ("研究生", "大学本科", "大学本科", "大学本科", "大学专科", "大学专科", "中专", "高中")
                )
                phone = f"13{int(rng.random() * 10)}{int(rng.random() * 1e8):08d}"
                group = b["groups"][k % len(b["groups"])]
                ethnicity = (
                    "汉族"
                    if rng.random() < 0.8
                    else self.pick(("蒙古族", "满族", "回族", "达斡尔族", "鄂温克族"))
                )
                rows.append((mid, name, initials, full_py, "男" if male else "女", ethnicity, birth.isoformat(), id_number,
                             edu, join.isoformat(), full.isoformat() if full else None,
                             "预备党员" if probationary else "正式党员", category, b["id"], group, None, dept, phone,
                             status, left.isoformat() if left else None, None, now, now))  # fmt: skip
                if left:
                    status_log.append(
                        (
                            mid,
                            left.isoformat(),
                            "在册",
                            status,
                            "组织关系转出" if status == "转出" else None,
                            now,
                        )
                    )
                self.members[mid] = {"id": mid, "name": name, "branch": b["id"], "join": join, "left": left,
                                     "prob": probationary, "group": group, "dept": dept,
                                     "category": category}  # fmt: skip
                b["members"].append(mid)
                mid += 1
        cols = ("id", "name", "name_initials", "name_pinyin", "gender", "ethnicity", "birth_date", "id_number",
                "education", "join_date", "full_date", "party_status", "category", "branch_id", "group_id", "post",
                "department_id", "phone", "status", "left_date", "note", "created_at", "updated_at")  # fmt: skip
        self.bulk("members", cols, rows)
        self.bulk(
            "member_status_log", ("member_id", "date", "from_status", "to_status", "reason", "at"), status_log
        )
        self.committees()
        self.audit("members", len(rows), f"党员 {len(rows)} 名")

    def committees(self) -> None:
        posts = ("书记", "副书记", "组织委员", "宣传委员", "纪检委员")
        rows, post_updates = [], []
        start = dt.date(self.years[0] - 1, 3, 1).isoformat()
        for b in self.branches:
            active = [
                m for m in b["members"] if self.members[m]["left"] is None and not self.members[m]["prob"]
            ]
            b["committee"] = active[: len(posts)] or b["members"][:1]
            for post, mid in zip(posts, b["committee"], strict=False):
                rows.append((b["id"], mid, post, start))
                post_updates.append((f"支部{post}", mid))
            b["secretary"] = b["committee"][0]
        self.bulk("org_committee", ("org_id", "member_id", "post", "start_date"), rows)
        self.db.conn.executemany("UPDATE members SET post = ? WHERE id = ?", post_updates)
        # 党委班子成员: the first branch's committee, each overseeing a few departments.
        depts = [r[0] for r in self.db.execute("SELECT id FROM departments ORDER BY id")]
        leaders = self.branches[0]["committee"]
        # They are the 党委's committee (班子), as the settings page records it.
        self.bulk("org_committee", ("org_id", "member_id", "post", "start_date"),
                  [(self.root, mid, post, start) for post, mid in zip(posts, leaders, strict=False)])  # fmt: skip
        pairs = []
        self.leaders: dict[int, list[int]] = defaultdict(list)
        for i, d in enumerate(depts[: max(len(leaders) * 2, 1) * 3] if not self.size.prison else depts):
            if leaders:
                leader = leaders[i % len(leaders)]
                pairs.append((leader, d))
                self.leaders[leader].append(d)
        self.bulk("leader_departments", ("member_id", "department_id"), pairs)
        # Their posts (职务) as a prison or a county work committee names them.
        titles = (("政委", "监狱长", "副监狱长", "副监狱长", "纪委书记") if self.size.prison
                  else ("工委书记", "工委副书记", "工委委员", "工委委员", "纪工委书记"))  # fmt: skip
        self.db.conn.executemany("UPDATE members SET post = ? WHERE id = ?",
                                 list(zip(titles, leaders, strict=False)))  # fmt: skip

    def users(self) -> None:
        now = now_text()
        first = self.branches[0]
        rows = []
        for username, display, role in DEMO_USERS:
            if self.db.execute("SELECT 1 FROM users WHERE username = ?", [username]).fetchone():
                continue
            branch = first["id"] if role == "secretary" else None
            member = first["secretary"] if role == "secretary" else None
            rows.append((username, display, hash_password(DEMO_PASSWORD), role, branch, member, now))
        self.bulk(
            "users",
            ("username", "display_name", "password_hash", "role", "branch_id", "member_id", "created_at"),
            rows,
        )
        self.audit("users", len(rows), f"演示用户 {len(rows)} 个")

    # ---- points and meetings --------------------------------------------------------------------

    def rule_years(self) -> None:
        for year in self.years:
            points.ensure_year(self.s, year)
        self.items: dict[int, dict[str, dict]] = {}
        for year in self.years:
            self.items[year] = {
                r["code"]: r for r in self.db.query("SELECT * FROM point_items WHERE year = ?", [year])
            }

    def on_roll(self, mid: int, day: dt.date) -> bool:
        m = self.members[mid]
        return m["join"] <= day and (m["left"] is None or m["left"] > day)

