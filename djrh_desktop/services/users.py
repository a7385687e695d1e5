"""Users, passwords, signing in with lockout."""

from __future__ import annotations

import datetime as dt

from sqlite_utils import Database

from ..domain import roles
from ..domain.errors import AuthError, NotFound, ValidationError
from ..store import config, queries
from ..store import users as store
from ..store.audit import Actor
from ..store.clock import now_text
from .passwords import burn_time, check_strength, hash_password, needs_upgrade, verify_password
from .session import Change, Session, system_session

MAX_FAILURES = 5
LOCK_MINUTES = 5


def has_users(db: Database) -> bool:
    return store.any_user(db)


def _validate(db: Database, username: str, role: str, branch_id: int | None) -> str:
    username = (username or "").strip()
    if not username or len(username) > 30 or any(c.isspace() for c in username):
        raise ValidationError("不能为空、不能含空格，最多30个字符", "用户名")
    if role not in roles.ROLE_NAMES:
        raise ValidationError(f"只能是{'、'.join(roles.ROLE_NAMES.values())}之一", "角色")
    if role == roles.SECRETARY:
        if branch_id is None:
            raise ValidationError("支部书记必须指定所在支部", "所在支部")
        if queries.org_kind(db, branch_id) != "党支部":
            raise ValidationError("指定的支部不存在", "所在支部")
    return username


def create_user(
    s: Session,
    username: str,
    password: str,
    role: str,
    display_name: str = "",
    branch_id: int | None = None,
    member_id: int | None = None,
) -> Change:
    s.require("user.write")
    username = _validate(s.db, username, role, branch_id)
    weak = check_strength(password)
    if weak:
        raise ValidationError(weak, "密码")
    if store.by_name(s.db, username):
        raise ValidationError(f"用户名“{username}”已存在", "用户名")
    row = {
        "username": username,
        "display_name": display_name.strip() or username,
        "password_hash": hash_password(password),
        "role": role,
        "branch_id": branch_id if role == roles.SECRETARY else None,
        "member_id": member_id,
        "created_at": now_text(),
    }
    with s.writing():
        uid = store.insert(s.db, row)
        shown = {k: v for k, v in row.items() if k != "password_hash"}
        s.audit("新增", "users", uid, f"新增用户“{username}”（{roles.role_name(role)}）", after=shown)
    return Change("users", (uid,), f"已新增用户“{username}”")


def change_password(s: Session, user_id: int, new_password: str, old_password: str | None = None) -> Change:
    row = _user(s.db, user_id)
    own = user_id == s.actor.user_id
    if not own:
        s.require("user.write")
    elif old_password is None or not verify_password(old_password, row["password_hash"]):
        raise AuthError("原密码不正确")
    weak = check_strength(new_password)
    if weak:
        raise ValidationError(weak, "新密码")
    with s.writing():
        store.set_fields(s.db, user_id, password_hash=hash_password(new_password), failed_count=0, locked_until=None)
        s.audit("修改密码", "users", user_id, f"修改用户“{row['username']}”的密码")
    return Change("users", (user_id,), "密码已修改")


def set_active(s: Session, user_id: int, active: bool) -> Change:
    s.require("user.write")
    row = _user(s.db, user_id)
    if user_id == s.actor.user_id and not active:
        raise ValidationError("不能停用当前登录的用户", "用户")
    with s.writing():
        store.set_fields(s.db, user_id, active=int(active))
        s.audit("启用" if active else "停用", "users", user_id, f"{'启用' if active else '停用'}用户“{row['username']}”",
                before={"active": row["active"]}, after={"active": int(active)})  # fmt: skip
    return Change("users", (user_id,))


def _user(db: Database, user_id: int) -> dict:
    row = store.by_id(db, user_id)
    if row is None:
        raise NotFound("用户不存在")
    return row


WRONG = f"用户名或密码错误（连续错误{MAX_FAILURES}次将锁定账户{LOCK_MINUTES}分钟）"


def _locked_until(row, now: dt.datetime) -> dt.datetime | None:
    """The end of a lock still in force. A lock never lasts longer than the lockout from now, so a
    clock that was a year fast when the lock was set does not lock the account for a year."""
    if not row["locked_until"]:
        return None
    until = min(dt.datetime.fromisoformat(row["locked_until"]), now + dt.timedelta(minutes=LOCK_MINUTES))
    return until if until > now else None


def sign_in(db: Database, username: str, password: str, now: dt.datetime | None = None) -> Session:
    """Check credentials; five failures lock the account for five minutes (kept in the file).

    An unknown user and a wrong password get the same answer after the same work. The failure count
    is read and written inside one write transaction (BEGIN IMMEDIATE), so attempts made in parallel
    are counted one after another."""
    now = now or dt.datetime.now()
    name = (username or "").strip()
    user = store.by_name(db, name)
    if user is None:
        burn_time(password or "")
        raise AuthError(WRONG)
    until = _locked_until(user, now)
    if (
        until
        and until < dt.datetime.fromisoformat(user["locked_until"])
        and not getattr(db, "readonly", False)
    ):
        # Set by a clock that ran ahead: keep the shortened end, so the lock runs out.
        with system_session(db).writing():
            store.set_fields(db, user["id"], locked_until=until.isoformat(timespec="seconds"))
    if until:
        raise AuthError(f"密码错误次数过多，账户已锁定，请于 {until:%H:%M} 后再试")
    good = verify_password(password or "", user["password_hash"])
    if good and not user["active"]:
        raise AuthError("该用户已停用，请联系系统管理员")
    if getattr(db, "readonly", False):  # nothing can be recorded in a read-only file
        if not good:
            raise AuthError(WRONG)
        return Session(db, _actor(user))
    system = system_session(db)
    with system.writing():
        current = store.counters(db, user["id"])
        until = _locked_until(current, now)
        if until:  # locked by attempts that ran beside this one
            locked_message = f"密码错误次数过多，账户已锁定，请于 {until:%H:%M} 后再试"
        elif not good:
            failures = current["failed_count"] + 1
            lock = failures >= MAX_FAILURES
            until_text = (now + dt.timedelta(minutes=LOCK_MINUTES)).isoformat(timespec="seconds") if lock else None
            store.set_fields(db, user["id"], failed_count=0 if lock else failures, locked_until=until_text)
            system.audit("登录失败", "users", user["id"],
                         f"用户“{user['username']}”登录失败" + ("，账户锁定" if lock else ""))  # fmt: skip
    if until:
        raise AuthError(locked_message)
    if not good:
        if lock:
            raise AuthError(f"密码连续错误{MAX_FAILURES}次，账户已锁定{LOCK_MINUTES}分钟")
        raise AuthError(WRONG)
    session = Session(db, _actor(user))
    upgrade = needs_upgrade(user["password_hash"])
    new_hash = hash_password(password) if upgrade else None
    with session.writing():
        store.set_fields(db, user["id"], failed_count=0, locked_until=None, last_login=now.isoformat(timespec="seconds"))
        if new_hash:
            store.set_fields(db, user["id"], password_hash=new_hash)
        session.audit("登录", "users", user["id"], f"用户“{user['username']}”登录"
                      + ("（密码哈希已升级为更高强度）" if new_hash else ""))  # fmt: skip
    return session


def _actor(user: dict) -> Actor:
    return Actor(user_id=user["id"], username=user["username"], role=user["role"], branch_id=user["branch_id"],
                 member_id=user["member_id"], display_name=user["display_name"])  # fmt: skip


def list_users(s: Session) -> list[dict]:
    s.require("user.write")
    return store.listing(s.db)


def login_banner(db: Database) -> str:
    """The unit's name for the sign-in dialog (read before anyone is signed in)."""
    return config.unit_name(db)
