"""Who is acting: the signed-in user, their role checks, and the transaction + audit helper.

Every service function takes a Session first; nothing writes without one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlite_utils import Database

from ..domain import roles
from ..domain.errors import PermissionDenied
from ..store import audit, config, queries
from ..store.audit import Actor
from ..store.connection import opened, translate_error


@dataclass(frozen=True)
class Change:
    """What a service call changed, for views to refresh (entity, affected ids, Chinese summary)."""

    entity: str
    ids: tuple = ()
    summary: str = ""
    extra: dict = field(default_factory=dict)


class Session:
    def __init__(self, db: Database, actor: Actor):
        self.db = db
        self.actor = actor

    @property
    def role(self) -> str:
        return self.actor.role

    def can(self, action: str, branch_id: int | None = None) -> bool:
        if not roles.can(self.role, action):
            return False
        if self.role == roles.SECRETARY and action in roles.BRANCH_SCOPED:
            return branch_id is not None and branch_id == self.actor.branch_id
        return True

    def require(self, action: str, branch_id: int | None = None) -> None:
        if not roles.can(self.role, action):
            raise PermissionDenied(f"{roles.role_name(self.role)}没有“{roles.ACTIONS[action]}”的权限")
        if not self.can(action, branch_id):
            raise PermissionDenied(f"支部书记只能{roles.ACTIONS[action]}本支部的记录")
        if branch_id is not None and action not in roles.READS:
            unit = config.readonly_orgs(self.db).get(branch_id)
            if unit:  # a unit's part of a county's file comes only from the unit's own packages
                raise PermissionDenied(f"该组织的数据由“{unit}”通过数据包报送，在本数据文件中只读")

    def require_role(self, action: str) -> None:
        """The role may do this somewhere (a 支部书记: in their branch; the branch is checked later)."""
        if not roles.can(self.role, action):
            raise PermissionDenied(f"{roles.role_name(self.role)}没有“{roles.ACTIONS[action]}”的权限")

    def sees_branch(self, branch_id: int | None) -> bool:
        return roles.sees_all_branches(self.role) or branch_id == self.actor.branch_id

    @property
    def scope_branch(self) -> int | None:
        """The one branch every read of this session covers (a 支部书记's), or None for the whole unit."""
        return None if roles.sees_all_branches(self.role) else self.actor.branch_id

    def branch_scope(self, branch_id: int | None = None) -> int | None:
        """The branch a read covers: the one asked for, if the session may see it, else its own scope."""
        if branch_id is None:
            return self.scope_branch
        if not self.sees_branch(branch_id):
            raise PermissionDenied("支部书记只能查看本支部的数据")
        return branch_id

    def scope_name(self, branch_id: int | None = None) -> str | None:
        """The name of the branch a read covers (for titles such as 机关第一党支部党建工作季度报告)."""
        bid = self.branch_scope(branch_id)
        if bid is None:
            return None
        return queries.org_name(self.db, bid) or None

    @property
    def sees_sensitive(self) -> bool:
        return roles.can(self.role, "sensitive.read")

    @contextmanager
    def writing(self):
        """One all-or-nothing transaction (savepoint if nested), begun with BEGIN IMMEDIATE so it
        waits out busy_timeout for another writer. An SQLite error (locked, disk full, read-only)
        comes out as the one Chinese sentence both faces show."""
        try:
            with self.db.atomic():
                yield self.db
        except sqlite3.Error as exc:
            raise translate_error(exc, getattr(self.db, "path", None)) from exc

    def audit(self, action: str, entity: str, entity_id, summary: str, before=None, after=None) -> int:
        return audit.append(self.db, self.actor, action, entity, entity_id, summary, before, after)


@contextmanager
def session_on(path, actor: Actor) -> Iterator[Session]:
    """The same user on a connection of its own, for one job on a worker thread (SQLite connections
    belong to one thread); the connection is closed when the job ends."""
    with opened(path) as db:
        yield Session(db, actor)


def system_session(db: Database) -> Session:
    """The program itself acting (creating a file, generating demo data)."""
    return Session(db, Actor(user_id=None, username="系统", role=roles.SYSTEM, display_name="系统"))
