"""Settings kept in the data file (unit name, rules for future years, attendance points, paths)."""

from __future__ import annotations

from ..domain import rulesets
from ..domain.errors import ValidationError
from ..reports import fonts
from ..store import config
from ..store.config import (  # noqa: F401 - the keys, named where settings are used
    ATTENDANCE_POINTS,
    BACKUP_DIR,
    DEFAULT_ATTENDANCE_POINTS,
    FIVE_A_RULES,
    ISSUER,
    OBJECTION_CONTACT,
    PAGE_FOOT,
    PDF_FONT,
    PDF_FONTS,
    RECIPIENT,
    STAR_RULES,
    UNIT_NAME,
    VISIT_POPULATION,
)
from .session import Change, Session

_LABELS = {
    UNIT_NAME: "单位名称",
    FIVE_A_RULES: "5A积分规则",
    STAR_RULES: "评星定级标准",
    ATTENDANCE_POINTS: "签到积分对应关系",
    BACKUP_DIR: "备份文件夹",
    PDF_FONT: "报表字体",
    PDF_FONTS: "报表各部分字体",
    VISIT_POPULATION: "家访覆盖统计的人员类别",
    ISSUER: "落款单位",
    RECIPIENT: "主送单位",
    OBJECTION_CONTACT: "异议受理方式",
    PAGE_FOOT: "报表页脚文字",
}

PAGE_FOOT_LIMIT = 40  # one line of 9 pt type under the page number


def get(s: Session, key: str, default=None):
    return config.get(s.db, key, default)


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
    if key == PDF_FONTS:
        if not isinstance(value, dict) or not set(value) <= {"title", "body", "h1", "h2"}:
            raise ValidationError("格式应为 {title/body/h1/h2: 字体文件}", "报表各部分字体")
        for path in value.values():  # a file that cannot be embedded is refused when chosen, not when printing
            if path:
                fonts.check_font_file(path)
        return {k: v.strip() for k, v in value.items() if v and v.strip()}
    if key == VISIT_POPULATION and not (
        isinstance(value, list) and value and set(value) <= {"在职", "离退休", "流动"}
    ):
        raise ValidationError("应为在职、离退休、流动中的一项或几项", "家访覆盖统计的人员类别")
    if key == PAGE_FOOT:
        text = " ".join(str(value or "").split())
        if len(text) > PAGE_FOOT_LIMIT:
            raise ValidationError(f"不能超过{PAGE_FOOT_LIMIT}字（现有{len(text)}字），页脚只有一行", "报表页脚文字")
        return text
    return value.strip() if isinstance(value, str) else value


def put(s: Session, key: str, value) -> Change:
    s.require("settings.write")
    value = _validate(key, value)
    before = config.get(s.db, key)
    with s.writing():
        config.put(s.db, key, value)
        s.audit("修改设置", "settings", key, f"修改{_LABELS[key]}", before={key: before}, after={key: value})
    return Change("settings", (key,), f"已保存{_LABELS[key]}")


def put_many(s: Session, values: dict) -> Change:
    """Several settings saved as one action: all or none (e.g. the unit page's name, folder and font)."""
    s.require("settings.write")
    checked = {key: _validate(key, value) for key, value in values.items()}
    changed = {k: v for k, v in checked.items() if config.get(s.db, k) != v}
    if not changed:
        return Change("settings", (), "没有改动")
    with s.writing():
        for key, value in changed.items():
            before = config.get(s.db, key)
            config.put(s.db, key, value)
            s.audit("修改设置", "settings", key, f"修改{_LABELS[key]}", before={key: before}, after={key: value})
    return Change("settings", tuple(changed), "已保存" + "、".join(_LABELS[k] for k in changed))


def unit_name(s: Session) -> str:
    return config.unit_name(s.db)


def report_fonts(s: Session):
    """The fonts reports use, as fonts.resolve takes them (one file, or a file per part)."""
    return fonts.spec(config.get(s.db, PDF_FONT) or None, config.get(s.db, PDF_FONTS) or {})


def is_demo(s: Session) -> bool:
    """A file the demo generator filled: the window and status bar say 演示数据."""
    return bool(config.get(s.db, config.DEMO_DATA))


def issuer(s: Session) -> str:
    return config.issuer(s.db)


def five_a_rules(s: Session) -> rulesets.FiveARules:
    """The rules new years start from (editable); each year keeps its own frozen copy."""
    return config.five_a_rules(s.db)


def star_rules(s: Session) -> rulesets.StarRules:
    return config.star_rules(s.db)


def attendance_points(s: Session) -> dict[str, str]:
    return config.attendance_points(s.db)
