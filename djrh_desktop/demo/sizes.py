"""The demo's sizes, accounts and word lists."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources

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


def names() -> dict:
    return json.loads(
        resources.files("djrh_desktop.resources").joinpath("demo", "names.json").read_text("utf-8")
    )
