"""The world the role matrix runs in (test_role_matrix.py): two branches with their records, the four roles' sessions, and the small sheets and inputs the policy rows call services with."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace

import pytest
from openpyxl import Workbook

from djrh_desktop.domain.fusion import ProjectInput
from djrh_desktop.domain.fusion_registers import (
    BrandInput,
    InspectionInput,
    PostInput,
    RectificationInput,
    ResultInput,
)
from djrh_desktop.domain.members import MemberInput
from djrh_desktop.domain.periods import Quarter
from djrh_desktop.services import (
    brands,
    inspections,
    meetings,
    org,
    package_export,
    points,
    posts,
    projects,
    ratings,
    talks,
    users,
    visits,
)
from djrh_desktop.services.meetings import MeetingInput
from djrh_desktop.services.points import Posting
from djrh_desktop.services.talks import Talker, TalkInput
from djrh_desktop.services.visits import VisitInput
from djrh_desktop.store import audit
from tests.conftest import ID_FEMALE

ROLES = ("admin", "officer", "secretary", "inspector")
TODAY = dt.date.today()
YEAR = TODAY.year
Q = Quarter.of(TODAY)
DAY = TODAY.replace(day=1).isoformat()


def roster(path: Path, branch: str, name: str) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(["姓名", "性别", "所在支部"])
    ws.append([name, "男", branch])
    wb.save(path)
    return path


def point_sheet(path: Path, name: str, branch: str) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(["姓名", "所在支部", "积分项目", "日期", "次数"])
    ws.append([name, branch, "A1-01", DAY, 1])
    wb.save(path)
    return path


@pytest.fixture
def world(admin, org_tree, secretary_a, inspector, tmp_path):
    p = org_tree["people"]
    users.create_user(admin, "officer1", "Officer2026", "officer", "党务")
    officer = users.sign_in(admin.db, "officer1", "Officer2026")
    talk = lambda talker, talkee: talks.record_talk(admin, TalkInput(  # noqa: E731
        type="谈心谈话", date=DAY, topic="思想", talkers=[Talker(p[talker])], talkees=[p[talkee]])).ids[0]
    visit = lambda who, by: visits.record_visit(admin, VisitInput(DAY, p[who], visitors=[p[by]])).ids[0]  # noqa: E731
    meeting = lambda branch: meetings.record_meeting(admin, MeetingInput(org_tree[branch], "党课", DAY, "党课")).ids[0]  # noqa: E731
    entry = lambda who: points.batch_post(admin, [p[who]], Posting("A1-01", DAY)).ids[0]  # noqa: E731
    ratings.open_year(admin, YEAR)
    for b in ("a", "b"):
        ratings.advance(admin, YEAR, org_tree[b])  # 未开始 → 支部自评
    action_own = admin.db["rating_actions"].insert({"year": YEAR, "branch_id": org_tree["a"], "measure": "整改",
                                                    "updated_at": DAY}).last_pk  # fmt: skip
    users.create_user(admin, "spare", "Spare2026x", "officer", "备用")
    spare = admin.db.execute("SELECT id FROM users WHERE username = 'spare'").fetchone()[0]
    w = SimpleNamespace(
        admin=admin,
        p=p, a=org_tree["a"], b=org_tree["b"], root=org_tree["root"], dept=org_tree["dept"], tmp=tmp_path,
        talk_own=talk("张三", "李四"), talk_other=talk("赵六", "钱七"),
        visit_own=visit("李四", "张三"), visit_other=visit("钱七", "赵六"),
        meeting_own=meeting("a"), meeting_other=meeting("b"), entry_own=entry("李四"), entry_other=entry("赵六"),
        officer_id=spare, action=action_own,
        roster_own=roster(tmp_path / "own.xlsx", "一监区党支部", "新党员"),
        roster_other=roster(tmp_path / "other.xlsx", "二监区党支部", "外支部新党员"),
        points_own=point_sheet(tmp_path / "pown.xlsx", "李四", "一监区党支部"),
        points_other=point_sheet(tmp_path / "pother.xlsx", "赵六", "二监区党支部"),
        code=audit.witness_code(admin.db),
        group_own=org.add_org(admin, "第一党小组", "党小组", org_tree["a"]).ids[0],
        group_other=org.add_org(admin, "第一党小组", "党小组", org_tree["b"]).ids[0],
        project_own=projects.create_project(admin, fusion_project(org_tree["a"])).ids[0],
        project_other=projects.create_project(admin, fusion_project(org_tree["b"])).ids[0],
        post_own=posts.create_post(admin, post_input(org_tree["a"])).ids[0],
        post_other=posts.create_post(admin, post_input(org_tree["b"])).ids[0],
        inspection=inspections.record_inspection(admin, InspectionInput(DAY, "党建检查", "党委", [org_tree["a"], org_tree["b"]], "规范")).ids[0],
        brand_unit=brands.save_brand(admin, BrandInput(org_tree["root"], "红墙铸魂")).ids[0],
        brand_own=brands.save_brand(admin, BrandInput(org_tree["a"], "铁警先锋")).ids[0],
        brand_other=brands.save_brand(admin, BrandInput(org_tree["b"], "二监区品牌")).ids[0],
    )  # fmt: skip
    w.result_own, w.result_other = (posts.record_result(admin, ResultInput(w.post_own if b == "a" else w.post_other, DAY,
                                    "整改安全隐患", 2)).ids[0] for b in ("a", "b"))  # fmt: skip
    w.item_own, w.item_other = (inspections.add_rectification(admin, RectificationInput(
        w.inspection, org_tree[b], "党建", "补齐记录", "张三", DAY)).ids[0] for b in ("a", "b"))  # fmt: skip
    posts.assign_member(admin, w.post_own, p["李四"], "成员", DAY)
    posts.assign_member(admin, w.post_other, p["钱七"], "成员", DAY)
    org.set_committee_member(admin, org_tree["root"], p["赵六"], "书记", f"{YEAR}-01-01")
    office_package(w)  # made here: a package's services make their own transaction, not inside the matrix's savepoint
    sessions = {"admin": admin, "officer": officer, "secretary": secretary_a, "inspector": inspector}
    return w, sessions


def fusion_project(branch_id: int) -> ProjectInput:
    return ProjectInput(YEAR, branch_id, "党建+教育改造", "党建+教育改造", "党员结对帮教", "教育改造质量提升")


def post_input(branch_id: int) -> PostInput:
    return PostInput("党员先锋岗", "先锋岗", branch_id, DAY)


def rectification(w, branch: str) -> RectificationInput:
    return RectificationInput(w.inspection, getattr(w, branch), "业务", "规范登记", "李四", DAY)


def member(branch_id: int, name: str = "新人") -> MemberInput:
    return MemberInput(name, "女", branch_id, id_number=ID_FEMALE, join_date="2015-07-01")


def talk_input(w, talker: str, talkee: str) -> TalkInput:
    return TalkInput(type="谈心谈话", date=DAY, topic="再谈", talkers=[Talker(w.p[talker])], talkees=[w.p[talkee]])


def visit_input(w, who: str, by: str) -> VisitInput:
    return VisitInput(DAY, w.p[who], visitors=[w.p[by]], content="家访")


def record_sheet(w, kind: str, people: tuple[str, str]) -> Path:
    """A one-row 谈心谈话 or 廉政家访 sheet: (talker, talkee) or (visited member, visitor)."""
    path = w.tmp / f"{kind}-{'-'.join(people)}.xlsx"
    wb = Workbook()
    ws = wb.active
    if kind == "talks":
        ws.append(["谈话日期", "谈话类型", "谈话人", "被谈话人", "谈话主题"])
        ws.append([DAY, "谈心谈话", people[0], people[1], "导入的谈话"])
    else:
        ws.append(["家访日期", "被访党员", "家访人"])
        ws.append([DAY, people[0], people[1]])
    wb.save(path)
    return path


def project_sheet(w, branch: str) -> Path:
    path = w.tmp / f"projects-{branch}.xlsx"
    wb = Workbook()
    wb.active.append(["年度", "党支部", "项目名称", "融合类别", "党建任务", "业务目标"])
    wb.active.append([YEAR, branch, "导入项目", "党建+业务工作", "党建任务", "业务目标"])
    wb.save(path)
    return path


def office_package(w) -> Path:
    """An office package of branch A, made once by the world's administrator (when the world is built)."""
    path = w.tmp / "office-a.djrhpkg"
    if not path.exists():
        package_export.export_office(w.admin, w.a, path)
    return path


def plan_is_refused(plan) -> bool:
    """A 支部书记's import of another branch's rows is refused row by row."""
    return bool(plan.errors)


def excludes(rows, branch_id, key="branch_id") -> bool:
    return all(r[key] != branch_id for r in rows)


# name: (letters, call(s, w) on the own branch, call(s, w) on another branch returning True when excluded)
