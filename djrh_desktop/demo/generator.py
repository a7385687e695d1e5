"""The demo generator: its state and helpers, and the run that calls each step in order."""

from __future__ import annotations

import datetime as dt
import random

from sqlite_utils import Database

from ..services import setup
from ..services.session import Session, system_session
from ..store.bulk import deferred_indexes
from .activity import ActivitySteps
from .fusion_registers import RegisterSteps
from .fusion_steps import FusionSteps
from .organisation import OrganisationSteps
from .rating_steps import RatingSteps
from .sizes import DEMO_PASSWORD, Progress, Size, names


class Generator(OrganisationSteps, ActivitySteps, RatingSteps, FusionSteps, RegisterSteps):
    def __init__(self, db: Database, size: Size, rng: random.Random, today: dt.date, progress: Progress):
        self.db, self.size, self.rng, self.today, self.say = db, size, rng, today, progress
        self.s: Session = system_session(db)
        self.n = names()
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
            ("双领办项目", self.fusion),
            ("先锋阵地与联合检查", self.fusion_registers),
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

