"""Realistic, reproducible demo data up to today: organisation, members, several years of ratings,
points, talks, visits and meetings.

It writes in bulk (one transaction per table, executemany) rather than through the per-record
services, which would take hours on county data; every table still gets an audit entry, and the
ledger goes through store.ledger so its hashes and audit ranges are the same as the program's own.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources

from sqlite_utils import Database

from ..domain import idnumber, pinyin, rulesets
from ..domain import points as point_rules
from ..domain import stars as star_rules
from ..domain.errors import DataFileError, ValidationError
from ..domain.meetings import REQUIREMENTS
from ..store import config, ledger, schema
from ..store.bulk import deferred_indexes
from ..store.clock import now_text
from . import points, setup
from .passwords import hash_password
from .session import Session, system_session

DEMO_PASSWORD = "djrh2026"
DEMO_USERS = (  # username, display name, role
    ("dangwu", "党务干部", "officer"),
    ("shuji", "支部书记", "secretary"),
    ("jijian", "纪检监督", "inspector"),
)


@dataclass(frozen=True)
class Size:
    unit: str
    root: str
    sectors: int  # 党总支; 0 for a unit whose branches sit under the committee
    branches: int
    members: int
    years: int
    prison: bool


SIZES = {
    "small": Size("北山监狱", "中共北山监狱委员会", 0, 3, 40, 3, True),
    "unit": Size("北山监狱", "中共北山监狱委员会", 0, 10, 300, 5, True),
    "county": Size("云溪县直机关工委", "中共云溪县直属机关工作委员会", 8, 120, 4000, 10, False),
}

Progress = Callable[[str], None]


def _names() -> dict:
    return json.loads(
        resources.files("djrh_desktop.resources").joinpath("demo", "names.json").read_text("utf-8")
    )


def has_records(db: Database) -> bool:
    if "members" not in db.table_names():
        return False
    return any(
        db.execute(f"SELECT 1 FROM {t} LIMIT 1").fetchone()
        for t in ("members", "meetings", "talks", "visits", "point_ledger", "rating_rounds")
    )


def generate(db: Database, size: str = "unit", seed: int = 1, today: dt.date | None = None,
             progress: Progress | None = None) -> dict:  # fmt: skip
    """Fill a new or freshly initialised file. Returns the counts written."""
    if size not in SIZES:
        raise ValidationError(f"规模只能是 {'、'.join(SIZES)} 之一", "规模")
    schema.upgrade(db)
    g = _Generator(
        db, SIZES[size], random.Random(seed), today or dt.date.today(), progress or (lambda _m: None)
    )
    # A large page cache keeps the ledger's indexes in memory while a million rows go in.
    previous = db.execute("PRAGMA cache_size").fetchone()[0]
    db.execute("PRAGMA cache_size=-262144")
    try:
        # All or nothing: one transaction from the emptiness check to the last step, so a killed or
        # failed run leaves the file as it was, and a second run started beside it waits, then refuses.
        with system_session(db).writing():
            if has_records(db):
                raise DataFileError("该数据文件已有记录，演示数据只能写入新建或刚初始化的数据文件")
            return g.run()
    finally:
        db.execute(f"PRAGMA cache_size={previous}")


class _Generator:
    def __init__(self, db: Database, size: Size, rng: random.Random, today: dt.date, progress: Progress):
        self.db, self.size, self.rng, self.today, self.say = db, size, rng, today, progress
        self.s: Session = system_session(db)
        self.n = _names()
        self.years = list(range(today.year - size.years + 1, today.year + 1))
        self.counts: dict[str, int] = {}

    # ---- helpers --------------------------------------------------------------------------------

    def pick(self, seq):
        return seq[int(self.rng.random() * len(seq))]

    def day_in(self, start: dt.date, end: dt.date) -> dt.date:
        return start + dt.timedelta(days=int(self.rng.random() * ((end - start).days + 1)))

    def bulk(self, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
        if rows:
            self.db.conn.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})", rows
            )
        self.counts[table] = self.counts.get(table, 0) + len(rows)

    def next_id(self, table: str) -> int:
        return (self.db.execute(f"SELECT max(id) FROM {table}").fetchone()[0] or 0) + 1

    def audit(self, table: str, n: int, what: str, after: dict | None = None) -> None:
        self.s.audit("生成演示数据", table, None, f"生成演示数据：{what}", after={"rows": n, **(after or {})})

    # ---- the run --------------------------------------------------------------------------------

    def run(self) -> dict:
        db = self.db
        if not db.execute("SELECT 1 FROM users LIMIT 1").fetchone():
            setup.initialise(db, self.size.unit, "admin", DEMO_PASSWORD, root_name=self.size.root)
        self.root = db.execute("SELECT id FROM orgs WHERE parent_id IS NULL ORDER BY id LIMIT 1").fetchone()[
            0
        ]
        steps = [
            ("组织与党员", self.organisation),
            ("用户", self.users),
            ("积分规则", self.rule_years),
            ("三会一课与签到积分", self.meetings_and_points),
            ("谈心谈话", self.talks),
            ("廉政家访", self.visits),
            ("评星定级", self.ratings),
        ]
        for label, step in steps:
            self.say(f"正在生成{label}……")
            with db.atomic():  # a savepoint inside generate()'s one transaction
                if step == self.meetings_and_points:
                    with deferred_indexes(db, "point_ledger", "meeting_attendance"):
                        step()
                else:
                    step()
        return self.counts

    # ---- organisation and members ---------------------------------------------------------------

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
                                     "prob": probationary, "group": group, "dept": dept}  # fmt: skip
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
        pairs = []
        self.leaders: dict[int, list[int]] = defaultdict(list)
        for i, d in enumerate(depts[: max(len(leaders) * 2, 1) * 3] if not self.size.prison else depts):
            if leaders:
                leader = leaders[i % len(leaders)]
                pairs.append((leader, d))
                self.leaders[leader].append(d)
        self.bulk("leader_departments", ("member_id", "department_id"), pairs)
        self.db.conn.executemany(
            "UPDATE members SET post = ? WHERE id = ?", [("党委委员", m) for m in self.leaders]
        )

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
                pitem = rulesets.PointItem(
                    code, it["dimension"], it["name"], it["points"], it["cap"], bool(it["veto"])
                )
                pts = point_rules.entry_points(pitem, qty, used[(mid, code)])
                used[(mid, code)] += pts
                entries.append((mid, year, day.isoformat(), it["id"], it["dimension"], float(qty), pts, int(pitem.veto),
                                note, None, source, meeting, None, None, batch, recorder, f"{day.isoformat()}T17:30:00"))  # fmt: skip

            last_month = 12 if year < self.today.year else self.today.month
            for b in self.branches:
                host = self.members[b["secretary"]]["name"] if b.get("secretary") else None
                rec = self.members[b["committee"][2]]["name"] if len(b.get("committee", [])) > 2 else host
                for month in range(1, last_month + 1):
                    plan = ["支部委员会", "党小组会", "主题党日"]
                    if month % 3 == 2:
                        plan += ["支部党员大会", "党课"]
                    for mtype in plan:
                        skip = 0.06 if REQUIREMENTS[mtype][0] == "month" else 0.04
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
                            group = b["groups"][month % len(b["groups"])]
                            people = [m for m in b["members"] if self.members[m]["group"] == group]
                        else:
                            people = b["members"]
                        people = [m for m in people if self.on_roll(m, day)]
                        if not people:
                            continue
                        topic = self.pick(topics[mtype])
                        meetings.append((meeting_id, b["id"], mtype, day.isoformat(), topic, host, rec,
                                         f"{mtype}：{topic}。", now))  # fmt: skip
                        for m in people:
                            r = rng.random()
                            status = "出席" if r < 0.9 else ("请假" if r < 0.975 else "缺席")
                            attendance.append((meeting_id, m, status))
                            code = mapping.get(status)
                            if code:
                                add_entry(m, code, day, 1, None, "活动签到", meeting_id)
                        meeting_id += 1
                # Manual points: monthly study sessions as batches, and individual items.
                year_end = min(dt.date(year, 12, 31), self.today)
                for k in range(6):
                    month = 1 + k * 2
                    if month > last_month:
                        break
                    day = dt.date(year, month, 10 + int(rng.random() * 15))
                    if day > self.today:
                        break
                    batch = f"demo-{year}-{b['id']}-{k}"
                    for m in b["members"]:
                        if self.on_roll(m, day) and rng.random() < 0.93:
                            add_entry(m, "A1-01", day, 1, "参加集中学习", "手工", batch=batch)
                for m in b["members"]:
                    for _ in range(int(rng.random() * 14) + 10):
                        day = self.day_in(dt.date(year, 1, 1), year_end)
                        if not self.on_roll(m, day):
                            continue
                        code = self._random_item()
                        add_entry(m, code, day, 1, None, "导入" if rng.random() < 0.2 else "手工")
                    if rng.random() < 0.0015:
                        day = self.day_in(dt.date(year, 1, 1), year_end)
                        if self.on_roll(m, day):
                            add_entry(m, self.pick(("A4-04", "A4-05")), day, 1, "受到处分", "手工")
            self.bulk(
                "meetings",
                ("id", "branch_id", "type", "date", "topic", "host", "recorder", "content", "created_at"),
                meetings,
            )
            self.bulk("meeting_attendance", ("meeting_id", "member_id", "status"), attendance)
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

    _ITEM_WEIGHTS = (
        ("A1-02", 6), ("A1-03", 8), ("A1-04", 1), ("A2-03", 10), ("A2-04", 1), ("A2-05", 3), ("A3-01", 5),
        ("A3-02", 1), ("A3-03", 3), ("A3-04", 2), ("A3-05", 1), ("A4-01", 2), ("A4-02", 2), ("A4-03", 0.3),
        ("A5-01", 8), ("A5-02", 3), ("A5-03", 2), ("A5-04", 0.6), ("A1-05", 0.2),
    )  # fmt: skip

    def _random_item(self) -> str:
        if not hasattr(self, "_cum"):
            total, self._cum = 0.0, []
            for code, w in self._ITEM_WEIGHTS:
                total += w
                self._cum.append((total, code))
            self._total = total
        r = self.rng.random() * self._total
        for edge, code in self._cum:
            if r < edge:
                return code
        return self._cum[-1][1]

    # ---- talks and visits -----------------------------------------------------------------------

    def talks(self) -> None:
        rng = self.rng
        types = ("谈心谈话",) * 40 + (("执法廉政谈话",) * 25 if self.size.prison else ("廉政谈话",) * 25) + \
            ("廉政谈话",) * 12 + ("提醒谈话",) * 10 + ("诫勉谈话",) * 2 + ("任前廉政谈话",) * 4 + ("其他",) * 3  # fmt: skip
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
        cols = ("id", "type", "date", "place", "topic", "content", "statement", "problems", "measures", "followup_due",
                "followup_status", "recorder", "sensitivity", "branch_id", "created_at", "updated_at")  # fmt: skip
        self.bulk("talks", cols, talks)
        self.bulk("talk_talkers", ("talk_id", "member_id", "name", "post"), talkers)
        self.bulk("talk_talkees", ("talk_id", "member_id"), talkees)
        self.audit("talks", len(talks), f"谈心谈话记录 {len(talks)} 条")

    def _talk(self, tid, year, day, ttype, who, whom, branch, talks, talkers, talkees, now) -> None:
        rng, n = self.rng, self.n
        status, due = "无需跟进", None
        if ttype in ("提醒谈话", "诫勉谈话") or rng.random() < 0.18:
            due = day + dt.timedelta(days=30 + int(rng.random() * 60))
            closed = due < self.today - dt.timedelta(days=20) and rng.random() < 0.9
            status = "已办结" if closed else "待跟进"
        sensitive = ttype == "诫勉谈话" or rng.random() < 0.03
        talks.append((tid, ttype, day.isoformat(), self.pick(("党员活动室", "书记办公室", "会议室", "谈话室")),
                      self.pick(n["talk_topics"]), self.pick(n["talk_contents"]), self.pick(n["talk_statements"]),
                      self.pick(n["talk_problems"]) if due else None, self.pick(n["talk_measures"]) if due else None,
                      due.isoformat() if due else None, status, self.members[who[0]]["name"],
                      "敏感" if sensitive else "普通", branch, now, now))  # fmt: skip
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
                    status, due = "无需回访", None
                    if rng.random() < 0.2:
                        due = day + dt.timedelta(days=60 + int(rng.random() * 30))
                        status = "已回访" if due < self.today and rng.random() < 0.9 else "待回访"
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
                                   self.members[b["secretary"]]["name"], now, now))  # fmt: skip
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
                "recorder", "created_at", "updated_at")  # fmt: skip
        self.bulk("visits", cols, visits)
        self.bulk("visit_visitors", ("visit_id", "member_id"), visitors)
        self.bulk("visit_family", ("visit_id", "name", "relation"), family)
        self.audit("visits", len(visits), f"廉政家访记录 {len(visits)} 条")

    # ---- ratings --------------------------------------------------------------------------------

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
            for i, b in enumerate(self.branches):
                target = self._target_level(b, prev_level.get(b["id"]))
                lit = set(rng.sample([s.code for s in r.stars], target))
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
                recheck = None
                if level == 5 and year < self.today.year:
                    recheck = "复核合格" if rng.random() < 0.9 else "复核不合格"
                liaison = None
                if level is not None and level <= 3:
                    liaison = self.branches[0]["committee"][i % max(1, len(self.branches[0]["committee"]))]
                    for k, measure in enumerate(
                        ("对照五星标准逐项整改", "规范“三会一课”记录", "打造支部特色品牌")
                    ):
                        due = dt.date(year + 1, 3 + k * 2, 30)
                        done = due < self.today and rng.random() < 0.8
                        actions.append((year, b["id"], measure, due.isoformat(), "已完成" if done else "推进中", int(done),
                                        now_text()))  # fmt: skip
                prev = prev_level.get(b["id"])
                branches.append((year, b["id"], state, self_res.level if reached >= 1 else None,
                                 res.level if reached >= 2 else None, level,
                                 json.dumps(list(res.lit)) if level is not None else None, int(certificate and reached >= 4),
                                 (base + dt.timedelta(days=45)).isoformat() if reached >= 2 else None,
                                 "听取书记述职，查阅台账资料" if reached >= 2 else None,
                                 pub_start.isoformat() if reached >= 5 else None,
                                 (pub_start + dt.timedelta(days=6)).isoformat() if reached >= 5 else None,
                                 prev, star_rules.trend(prev, level) if level is not None else None, recheck,
                                 "经复核" if recheck else None, liaison,
                                 self.members[liaison]["name"] if liaison else None, now_text()))  # fmt: skip
                if level is not None:
                    prev_level[b["id"]] = level
        self.bulk("rating_rounds", ("year", "rules_json", "opened_at"), rounds)
        cols = ("year", "branch_id", "state", "self_level", "eval_level", "level", "stars_lit", "certificate",
                "onsite_date", "review_notes", "publicity_start", "publicity_end", "previous_level", "trend",
                "recheck_result", "recheck_note", "liaison_member_id", "liaison_name", "updated_at")  # fmt: skip
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

    def _target_level(self, branch: dict, previous: int | None) -> int:
        if previous is not None and self.rng.random() < 0.55:
            # Weak branches get a liaison leader and a plan: most climb back to three stars.
            return 3 if previous <= 2 and self.rng.random() < 0.6 else previous
        r = self.rng.random()
        return 5 if r < 0.28 else 4 if r < 0.7 else 3 if r < 0.9 else 2
