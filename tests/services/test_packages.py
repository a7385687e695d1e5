"""数据包 (issue 18): office → branch → office with records of every kind, idempotence, ownership and
conflicts, closed years, and the packages refused as a whole (damaged, truncated, newer, another unit) with
nothing written."""

from __future__ import annotations

import datetime as dt
import json
import zipfile

import pytest

from djrh_desktop.domain.errors import DjrhError, PermissionDenied
from djrh_desktop.domain.members import MemberInput
from djrh_desktop.services import (
    closing,
    meetings,
    org,
    package_export,
    package_import,
    points,
    talks,
)
from djrh_desktop.services.meetings import MeetingInput
from djrh_desktop.services.points import Posting
from djrh_desktop.services.talks import Talker, TalkInput
from djrh_desktop.store import integrity

TODAY = dt.date.today()
DAY = TODAY.replace(day=1).isoformat()
COUNTED = ("members", "talks", "talk_talkees", "visits", "visit_visitors", "meetings", "meeting_attendance", "point_ledger")


def counts(db) -> dict[str, int]:
    return {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in COUNTED}  # noqa: S608


def office_to_branch(office, org_tree, branch_pc, tmp_path):
    path = tmp_path / "office.djrhpkg"
    package_export.export_office(office, org_tree["a"], path)
    plan = package_import.plan_import(branch_pc, path)
    assert not plan.refused and not plan.conflicts, plan.refused[:3]
    package_import.apply_import(branch_pc, plan)
    return path


def test_round_trip_office_branch_office(office, org_tree, branch_pc, tmp_path):
    db, bdb = office.db, branch_pc.db
    office_to_branch(office, org_tree, branch_pc, tmp_path)
    got = counts(bdb)
    # the branch's members and the people its records name; its records; none of branch B's
    assert got["members"] == 3 and got["talks"] == 1 and got["visits"] == 1 and got["meetings"] == 1
    assert got["point_ledger"] == counts(db)["point_ledger"] and got["meeting_attendance"] == 3
    assert bdb.execute("SELECT topic FROM talks").fetchall() == [("思想动态",)]
    # the branch PC records its own work and sends it back
    bp = {n: i for i, n in bdb.execute("SELECT id, name FROM members")}
    talks.record_talk(branch_pc, TalkInput(type="提醒谈话", date=DAY, topic="支部电脑记录", talkers=[Talker(bp["张三"])],
                                           talkees=[bp["王芳"]]))  # fmt: skip
    meetings.record_meeting(branch_pc, MeetingInput(bdb.execute("SELECT id FROM orgs WHERE name = '一监区党支部'").fetchone()[0],
                                                    "支部委员会", DAY, "支委会", attendance={bp["张三"]: "出席"}))  # fmt: skip
    new_member = org.add_member(branch_pc, MemberInput("新党员", "女", bdb.execute("SELECT id FROM orgs WHERE name = '一监区党支部'").fetchone()[0],
                                                       join_date="2020-07-01")).ids[0]  # fmt: skip
    points.batch_post(branch_pc, [new_member], Posting("A1-01", DAY))
    back = tmp_path / "back.djrhpkg"
    change = package_export.export_branch(branch_pc, back)
    assert change.extra["counts"] == {"member": 1, "meeting": 1, "talk": 1, "entry": 2}  # the meeting posted one A2 entry
    before = counts(db)
    plan = package_import.plan_import(office, back)
    assert not plan.refused and not plan.conflicts and len(plan.added) == 3 and plan.entries_new == 2
    assert plan.entries_shown == [f"{DAY} 张三 A2-01 +0.5分", f"{DAY} 新党员 A1-01 +0.5分"]  # named from the package's roster too
    package_import.apply_import(office, plan)
    after = counts(db)
    assert after["talks"] == before["talks"] + 1 and after["meetings"] == before["meetings"] + 1
    assert after["members"] == before["members"] + 1 and after["point_ledger"] == before["point_ledger"] + 2
    assert db.execute("SELECT b.name FROM talks t JOIN orgs b ON b.id = t.branch_id WHERE t.topic = '支部电脑记录'").fetchone() == ("一监区党支部",)
    audit = db.execute("SELECT summary FROM audit_log WHERE action = '导入数据包'").fetchall()
    assert len(audit) == 1 and "back.djrhpkg" in audit[0][0] and "新增 5 条" in audit[0][0]
    assert integrity.check(db, full=True) == [] and integrity.check(bdb, full=True) == []
    # the same package again changes nothing, and says so
    again = package_import.plan_import(office, back)
    assert "已于" in again.summary() and "导入过" in again.summary()
    package_import.apply_import(office, again)
    assert counts(db) == after
    # nothing new on the branch PC: an empty package
    assert package_export.export_branch(branch_pc, tmp_path / "empty.djrhpkg").extra["counts"] == {}


def test_ownership_refuses_and_conflicts_keep_the_owner(office, org_tree, branch_pc, tmp_path):
    db, bdb = office.db, branch_pc.db
    office_to_branch(office, org_tree, branch_pc, tmp_path)
    # the branch PC edits a member's phone (the office owns the roster) and a talk (the branch owns it)
    bp = {n: i for i, n in bdb.execute("SELECT id, name FROM members")}
    bdb.execute("UPDATE members SET phone = '13800000000' WHERE id = ?", [bp["李四"]])
    bdb.execute("UPDATE talks SET content = '支部补记内容' WHERE topic = '思想动态'")
    # meanwhile the office edits the same talk
    db.execute("UPDATE talks SET content = '机关党委改过' WHERE topic = '思想动态'")
    back = tmp_path / "back.djrhpkg"
    package_export.export_branch(branch_pc, back)
    plan = package_import.plan_import(office, back)
    assert [(e, why) for e, _label, why in plan.refused] == [("党员", "党员由单位维护，发送方的修改不予采用")]
    assert [(e, label) for e, label, _ in plan.conflicts] == [("谈话", f"{DAY} 谈心谈话“思想动态”")]
    package_import.apply_import(office, plan)
    assert db.execute("SELECT phone FROM members WHERE name = '李四'").fetchone() == (None,)
    assert db.execute("SELECT content FROM talks WHERE topic = '思想动态'").fetchone() == ("支部补记内容",)  # the owner's


def test_closed_year_records_are_refused(office, org_tree, branch_pc, tmp_path):
    office_to_branch(office, org_tree, branch_pc, tmp_path)
    bdb = branch_pc.db
    bp = {n: i for i, n in bdb.execute("SELECT id, name FROM members")}
    last = f"{TODAY.year - 1}-06-01"
    talks.record_talk(branch_pc, TalkInput(type="谈心谈话", date=last, topic="去年的谈话", talkers=[Talker(bp["张三"])], talkees=[bp["李四"]]))
    closing.close_year(office, TODAY.year - 1)
    back = tmp_path / "back.djrhpkg"
    package_export.export_branch(branch_pc, back)
    plan = package_import.plan_import(office, back)
    assert plan.refused == [("谈话", f"{last} 谈心谈话“去年的谈话”", f"{TODAY.year - 1}年度已关账，不能再增加或修改该年度的记录")]
    package_import.apply_import(office, plan)
    assert office.db.execute("SELECT count(*) FROM talks WHERE topic = '去年的谈话'").fetchone()[0] == 0


def damaged(path, tmp_path):
    raw = bytearray(path.read_bytes())
    raw[len(raw) // 2] ^= 0x55
    out = tmp_path / "damaged.djrhpkg"
    out.write_bytes(bytes(raw))
    return out


def rewritten(path, tmp_path, change):
    """The package with its manifest changed, the rest (records, ledger) as they were."""
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    manifest = json.loads(parts.pop("manifest.json"))
    change(manifest)
    out = tmp_path / "rewritten.djrhpkg"
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False))
        for n, body in parts.items():
            z.writestr(n, body)
    return out


def test_bad_packages_are_refused_and_nothing_written(office, org_tree, branch_pc, tmp_path):
    path = tmp_path / "office.djrhpkg"
    package_export.export_office(office, org_tree["a"], path)
    truncated = tmp_path / "truncated.djrhpkg"
    truncated.write_bytes(path.read_bytes()[: path.stat().st_size * 2 // 3])
    newer = rewritten(path, tmp_path, lambda m: m.update(format=99))
    cases = {damaged(path, tmp_path): "损坏", truncated: "不完整", newer: "更新版本", tmp_path / "none.djrhpkg": "找不到"}
    before = counts(branch_pc.db)
    for bad, words in cases.items():
        with pytest.raises(DjrhError, match=words):
            package_import.plan_import(branch_pc, bad)
    assert counts(branch_pc.db) == before
    # a package of another unit: the branch PC already belongs to this one
    office_to_branch(office, org_tree, branch_pc, tmp_path)
    other = rewritten(path, tmp_path, lambda m: m.update(unit={"id": "0" * 32, "name": "南山监狱"}, package_id="f" * 32))
    with pytest.raises(DjrhError, match="来自其他单位（南山监狱）"):
        package_import.plan_import(branch_pc, other)


def test_who_may_export_and_import(office, org_tree, secretary_a, inspector, tmp_path):
    package_export.export_office(secretary_a, org_tree["a"], tmp_path / "own.djrhpkg")  # their own branch
    with pytest.raises(PermissionDenied):
        package_export.export_office(secretary_a, org_tree["b"], tmp_path / "other.djrhpkg")
    with pytest.raises(PermissionDenied):
        package_export.export_office(inspector, org_tree["a"], tmp_path / "x.djrhpkg")
    with pytest.raises(PermissionDenied):
        package_import.plan_import(secretary_a, tmp_path / "own.djrhpkg")


def test_fusion_registers_travel_with_their_owners(office, org_tree, branch_pc, tmp_path):
    """双领办 projects, 先锋阵地, inspections and their 整改 items, brands and 责任书 go to the branch PC; what the
    branch does (a month's progress, a result, an item closed) comes back; the committee's review stays its own."""
    from djrh_desktop.domain.fusion import ProjectInput
    from djrh_desktop.domain.fusion_registers import (
        BrandInput,
        InspectionInput,
        PostInput,
        RectificationInput,
        ResultInput,
    )
    from djrh_desktop.services import brands, inspections, posts, projects

    p = org_tree["people"]
    pid = projects.create_project(office, ProjectInput(TODAY.year, org_tree["a"], "隐患清零", "党建+安全生产", "党员责任区", "零事故",
                                                       leader_member_id=p["张三"])).ids[0]  # fmt: skip
    projects.review_quarter(office, pid, 1, "好", "推进有力")
    post = posts.save_post(office, PostInput("党员突击队", "应急突击队", org_tree["a"], DAY), {p["张三"]: "队长"}, DAY, post_points=False).ids[0]
    iid = inspections.record_inspection(office, InspectionInput(DAY, "党建检查", "党委", [org_tree["a"], org_tree["b"]], "记录不全")).ids[0]
    inspections.add_rectification(office, RectificationInput(iid, org_tree["a"], "党建", "补齐记录", "张三", TODAY.isoformat()))
    brands.save_brand(office, BrandInput(org_tree["a"], "铁警先锋"))
    office_to_branch(office, org_tree, branch_pc, tmp_path)
    bdb = branch_pc.db
    assert bdb.execute("SELECT title FROM fusion_projects").fetchall() == [("隐患清零",)]
    assert bdb.execute("SELECT rating FROM fusion_reviews").fetchall() == [("好",)]
    assert bdb.execute("SELECT m.name, pm.role FROM fusion_post_members pm JOIN members m ON m.id = pm.member_id").fetchall() == [("张三", "队长")]
    assert bdb.execute("SELECT count(*) FROM fusion_inspection_branches").fetchone()[0] == 2
    # the branch PC's work
    bpid = bdb.execute("SELECT id FROM fusion_projects").fetchone()[0]
    projects.report_progress(branch_pc, bpid, TODAY.month, "完成隐患排查", 12)
    posts.record_result(branch_pc, ResultInput(bdb.execute("SELECT id FROM fusion_posts").fetchone()[0], DAY, "急难险重任务", 1))
    inspections.close_rectification(branch_pc, bdb.execute("SELECT id FROM fusion_rectifications").fetchone()[0], TODAY.isoformat(), "已补齐")
    bdb.execute("UPDATE fusion_reviews SET rating = '差'")  # a change to the committee's review: not the branch's to make
    back = tmp_path / "back.djrhpkg"
    package_export.export_branch(branch_pc, back)
    plan = package_import.plan_import(office, back)
    assert [(e, why) for e, _l, why in plan.refused] == [("季度点评", "季度点评由单位维护，发送方的修改不予采用")]
    assert {e for e, _l in plan.added} == {"月度进展", "阵地成效", "整改完成"}
    package_import.apply_import(office, plan)
    db = office.db
    assert db.execute("SELECT month, value FROM fusion_progress WHERE project_id = ?", [pid]).fetchall() == [(TODAY.month, 12.0)]
    assert db.execute("SELECT measure FROM fusion_post_results WHERE post_id = ?", [post]).fetchall() == [("急难险重任务",)]
    assert db.execute("SELECT closure_note FROM fusion_rectifications").fetchall() == [("已补齐",)]
    assert db.execute("SELECT rating FROM fusion_reviews").fetchall() == [("好",)]
    assert integrity.check(db, full=True) == []


def test_a_record_missing_fields_is_refused_and_the_rest_taken(office, org_tree, branch_pc, tmp_path):
    """A package whose checksum was recomputed after a record lost a field (hand-edited): that record is
    refused by name, the others are taken."""
    import hashlib

    path = tmp_path / "office.djrhpkg"
    package_export.export_office(office, org_tree["a"], path)
    with zipfile.ZipFile(path) as z:
        manifest, lines = json.loads(z.read("manifest.json")), z.read("records.jsonl").splitlines()
    records = [json.loads(x) for x in lines]
    talk = next(r for r in records if r["t"] == "talk")
    del talk["d"]["topic"]
    body = ("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n").encode()
    manifest["sha256"] = hashlib.sha256(body).hexdigest()
    edited = tmp_path / "edited.djrhpkg"
    with zipfile.ZipFile(edited, "w") as z, zipfile.ZipFile(path) as original:
        z.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False))
        z.writestr("records.jsonl", body)
        z.writestr("ledger.sqlite", original.read("ledger.sqlite"))
    plan = package_import.plan_import(branch_pc, edited)
    assert plan.refused == [("谈话", talk["g"], "记录内容不完整（缺少 topic）")]
    package_import.apply_import(branch_pc, plan)
    assert branch_pc.db.execute("SELECT count(*) FROM talks").fetchone()[0] == 0
    assert branch_pc.db.execute("SELECT count(*) FROM visits").fetchone()[0] == 1


def test_any_damaged_byte_is_refused_in_chinese(office, org_tree, branch_pc, tmp_path):
    """Whichever byte a USB stick flips (header, compressed records, directory), the package is refused with
    the program's own message, never another error, and nothing is written."""
    path = tmp_path / "office.djrhpkg"
    package_export.export_office(office, org_tree["a"], path)
    raw = path.read_bytes()
    before = counts(branch_pc.db)
    for k in range(0, len(raw), max(1, len(raw) // 250)):
        bad = bytearray(raw)
        bad[k] ^= 0xFF
        target = tmp_path / f"bad{k}.djrhpkg"
        target.write_bytes(bytes(bad))
        try:
            package_import.plan_import(branch_pc, target)
        except DjrhError:
            continue
        # a flip in a spot zip ignores (a timestamp, padding) leaves the content intact: it may import
    assert counts(branch_pc.db) == before


def test_a_later_office_package_updates_the_branch_pc(office, org_tree, branch_pc, tmp_path):
    """The office corrects the roster and adds a member; its next package updates the branch PC, and the branch
    PC's own records stay as they are."""
    office_to_branch(office, org_tree, branch_pc, tmp_path)
    bp = {n: i for i, n in branch_pc.db.execute("SELECT id, name FROM members")}
    talks.record_talk(branch_pc, TalkInput(type="谈心谈话", date=DAY, topic="支部电脑的谈话", talkers=[Talker(bp["张三"])], talkees=[bp["王芳"]]))
    office.db.execute("UPDATE members SET phone = '13900001111' WHERE name = '李四'")
    org.add_member(office, MemberInput("新调入", "男", org_tree["a"], join_date="2019-07-01"))
    again = tmp_path / "again.djrhpkg"
    package_export.export_office(office, org_tree["a"], again)
    plan = package_import.plan_import(branch_pc, again)
    assert ("党员", "李四") in plan.updated and ("党员", "新调入") in plan.added and not plan.refused and not plan.conflicts
    package_import.apply_import(branch_pc, plan)
    bdb = branch_pc.db
    assert bdb.execute("SELECT phone FROM members WHERE name = '李四'").fetchone() == ("13900001111",)
    assert bdb.execute("SELECT count(*) FROM talks WHERE topic = '支部电脑的谈话'").fetchone()[0] == 1
