"""The settings table read as values (unit name, rule sets, attendance points, paths).

Services read settings through `services.settings` with the signed-in session; these plain readers
serve the store and the program's own steps that run before anyone signs in."""

from __future__ import annotations

import functools
import json

from sqlite_utils import Database

from ..domain import rulesets

UNIT_NAME = "unit_name"
FIVE_A_RULES = "five_a_rules"
STAR_RULES = "star_rules"
ATTENDANCE_POINTS = "attendance_points"
BACKUP_DIR = "backup_dir"
PDF_FONT = "pdf_font"
PDF_FONTS = "pdf_fonts"  # a file per part: {"title"|"body"|"h1"|"h2": path}
ISSUER = "issuer"  # 落款: the organisation that signs notices and reports (default: the 党委's own name)
RECIPIENT = "recipient"  # 主送 line of the quarterly report
OBJECTION_CONTACT = "objection_contact"  # where objections to a 公示 go (office, telephone)
DEMO_DATA = "demo_data"  # set by the demo generator: {size, seed, made}; the program then says 演示数据
PAGE_FOOT = "page_foot"  # an optional line in every report's page foot (e.g. the office and its telephone); off when empty
COUNTY_UNITS = "county_units"  # a county's file: the units that report to it by 数据包 (services/county.py)
VISIT_POPULATION = "visit_population"  # the 人员类别 whose members visit coverage counts
DEFAULT_VISIT_POPULATION = ["在职"]

# Saving attendance posts these items (code, quantity); 请假 posts nothing.
DEFAULT_ATTENDANCE_POINTS = {"出席": "A2-01", "缺席": "A2-02"}


def get(db: Database, key: str, default=None):
    if "settings" not in db.table_names():
        return default
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return json.loads(row[0]) if row else default


def unit_name(db: Database) -> str:
    return get(db, UNIT_NAME, "")


def issuer(db: Database) -> str:
    """落款单位: as set, else the root organisation's own name (中共××委员会), never made up from the unit."""
    named = get(db, ISSUER, "")
    if named:
        return named
    row = db.execute("SELECT name FROM orgs WHERE parent_id IS NULL ORDER BY id LIMIT 1").fetchone()
    return row[0] if row else unit_name(db)


def five_a_rules(db: Database) -> rulesets.FiveARules:
    """The rules new years start from (editable); each year keeps its own frozen copy."""
    raw = get(db, FIVE_A_RULES)
    return rulesets.parse_five_a(raw) if raw else rulesets.default_five_a()


def star_rules(db: Database) -> rulesets.StarRules:
    raw = get(db, STAR_RULES)
    return rulesets.parse_stars(raw) if raw else rulesets.default_stars()


def visit_population(db: Database) -> list[str]:
    return get(db, VISIT_POPULATION, DEFAULT_VISIT_POPULATION)


def attendance_points(db: Database) -> dict[str, str]:
    return get(db, ATTENDANCE_POINTS, DEFAULT_ATTENDANCE_POINTS)


def put(db: Database, key: str, value) -> None:
    db.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", [key, json.dumps(value, ensure_ascii=False)])


def readonly_orgs(db: Database) -> dict[int, str]:
    """On a county's file, organisation id -> the unit whose part it is: written only by that unit's packages.
    Asked on every write check (once per member of a batch posting): one keyed read, parsed once per value."""
    row = db.execute("SELECT value FROM settings WHERE key = ?", [COUNTY_UNITS]).fetchone()
    return _readonly(row[0]) if row else {}


@functools.lru_cache(maxsize=4)
def _readonly(text: str) -> dict[int, str]:
    return {o: u["name"] for u in json.loads(text).values() for o in u.get("orgs", [])}
