"""Settings kept in the data file (unit name, rules for future years, attendance points, paths)."""

from __future__ import annotations

import json

from sqlite_utils import Database

from ..domain import rulesets
from ..domain.errors import ValidationError
from .session import Change, Session

UNIT_NAME = "unit_name"
FIVE_A_RULES = "five_a_rules"
STAR_RULES = "star_rules"
ATTENDANCE_POINTS = "attendance_points"
BACKUP_DIR = "backup_dir"
PDF_FONT = "pdf_font"

# Saving attendance posts these items (code, quantity); 请假 posts nothing.
DEFAULT_ATTENDANCE_POINTS = {"出席": "A2-01", "缺席": "A2-02"}

_LABELS = {
    UNIT_NAME: "单位名称",
    FIVE_A_RULES: "5A积分规则",
    STAR_RULES: "评星定级标准",
    ATTENDANCE_POINTS: "签到积分对应关系",
    BACKUP_DIR: "备份文件夹",
    PDF_FONT: "报表字体",
}


def get(db: Database, key: str, default=None):
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return json.loads(row[0]) if row else default


def _validate(key: str, value):
    if key not in _LABELS:
        raise ValidationError(f"未知的设置项“{key}”")
    if key == UNIT_NAME and (not isinstance(value, str) or not value.strip()):
        raise ValidationError("不能为空", "单位名称")
    if key == FIVE_A_RULES:
        rulesets.parse_five_a(value)
    if key == STAR_RULES:
        rulesets.parse_stars(value)
    if key == ATTENDANCE_POINTS and not (
        isinstance(value, dict)
        and set(value) <= {"出席", "请假", "缺席"}
        and all(isinstance(v, str) for v in value.values())
    ):
        raise ValidationError("格式应为 {出席: 项目编码, 缺席: 项目编码}", "签到积分对应关系")
    return value.strip() if isinstance(value, str) else value


def put(s: Session, key: str, value) -> Change:
    s.require("settings.write")
    value = _validate(key, value)
    before = get(s.db, key)
    with s.writing():
        s.db.execute(
            "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)",
            [key, json.dumps(value, ensure_ascii=False)],
        )
        s.audit("修改设置", "settings", key, f"修改{_LABELS[key]}", before={key: before}, after={key: value})
    return Change("settings", (key,), f"已保存{_LABELS[key]}")


def unit_name(db: Database) -> str:
    return get(db, UNIT_NAME, "")


def five_a_rules(db: Database) -> rulesets.FiveARules:
    """The rules new years start from (editable); each year keeps its own frozen copy."""
    raw = get(db, FIVE_A_RULES)
    return rulesets.parse_five_a(raw) if raw else rulesets.default_five_a()


def star_rules(db: Database) -> rulesets.StarRules:
    raw = get(db, STAR_RULES)
    return rulesets.parse_stars(raw) if raw else rulesets.default_stars()


def attendance_points(db: Database) -> dict[str, str]:
    return get(db, ATTENDANCE_POINTS, DEFAULT_ATTENDANCE_POINTS)
