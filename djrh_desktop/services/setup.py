"""Creating a data file: schema, default settings, the root organisation and the administrator."""

from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database

from ..domain import roles
from ..domain.errors import DataFileError, ValidationError
from ..store import backup, config, organisation, schema
from ..store import users as user_store
from ..store.clock import now_text
from ..store.connection import open_db
from . import settings
from .passwords import check_strength, hash_password
from .session import Change, Session, system_session
from .users import has_users


def initialise(
    db: Database,
    unit_name: str,
    admin_user: str = "admin",
    admin_password: str = "",
    root_name: str | None = None,
) -> Change:
    """Make a fresh file ready: refuses a file that already has users."""
    unit_name = (unit_name or "").strip()
    if not unit_name:
        raise ValidationError("不能为空", "单位名称")
    schema.upgrade(db)
    if has_users(db):
        raise DataFileError("该数据文件已经初始化过，不能重复初始化")
    weak = check_strength(admin_password or "")
    if weak:
        raise ValidationError(weak, "管理员密码")
    s = system_session(db)
    now = now_text()
    with s.writing():
        for key, value in (
            (settings.UNIT_NAME, unit_name),
            (settings.ATTENDANCE_POINTS, settings.DEFAULT_ATTENDANCE_POINTS),
        ):
            config.put(db, key, value)
        root = organisation.insert_org(db, {"name": root_name or f"{unit_name}党委", "kind": "党委", "parent_id": None,
                                            "created_at": now})  # fmt: skip
        uid = user_store.insert(db, {"username": admin_user.strip() or "admin", "display_name": "系统管理员",
                                     "password_hash": hash_password(admin_password), "role": roles.ADMIN,
                                     "created_at": now})  # fmt: skip
        s.audit("初始化", "settings", None, f"创建数据文件，单位“{unit_name}”，管理员“{admin_user}”",
                after={"unit_name": unit_name, "root_org": root, "admin_user_id": uid})  # fmt: skip
    return Change("settings", (), f"已创建数据文件（{unit_name}）")


def open_and_upgrade(path, *, create: bool = False, on_upgrade=None) -> Database:
    """Open a data file and bring its schema up to date, backing it up first when steps are pending.
    on_upgrade() is called first then (a county's file takes seconds: the window says so)."""
    db = open_db(path, create=create)
    try:
        if db.readonly:
            if not schema.is_initialised(db) or schema.migrations.pending(db):
                raise DataFileError(f"数据文件“{db.path}”是只读的，且需要先由本版本程序升级或初始化才能使用；"
                                    "请取消文件的只读属性后再打开")  # fmt: skip
            return db
        if schema.is_initialised(db) and schema.migrations.pending(db):
            if on_upgrade is not None:
                on_upgrade()
            # Before an upgrade a backup matters more than where it goes: a chosen folder that is not
            # connected falls back to the folder beside the data file.
            chosen = backup.configured_folder(db)
            backup.make(Path(path), chosen if chosen and chosen.is_dir() else None, "migrate")
        schema.upgrade(db)
        backup.clean_leftovers(db)
    except BaseException:
        db.close()
        raise
    return db


def file_info(s: Session) -> dict:
    """What the 关于 dialog shows of the data file: its schema version and the newest this program knows."""
    return {"schema_version": schema.schema_version(s.db), "known_steps": len(schema.known_steps()),
            "pdf_font": config.get(s.db, config.PDF_FONT)}  # fmt: skip
