import datetime as dt

import pytest

from djrh_desktop.domain.errors import PermissionDenied, ValidationError
from djrh_desktop.domain.periods import Quarter
from djrh_desktop.services import meetings, talks, visits
from djrh_desktop.services.meetings import MeetingInput
from djrh_desktop.services.talks import Talker, TalkInput
from djrh_desktop.services.visits import VisitInput

TODAY = dt.date.today()
DAY = TODAY.replace(day=1).isoformat()


def test_meeting_attendance_posts_points_in_same_transaction(admin, org_tree):
    p = org_tree["people"]
    change = meetings.record_meeting(
        admin,
        MeetingInput(
            org_tree["a"],
            "主题党日",
            DAY,
            "重温入党誓词",
            attendance={p["张三"]: "出席", p["李四"]: "缺席", p["王芳"]: "请假"},
        ),  # fmt: skip
    )
    assert change.extra["points"] == 2
    rows = dict(
        admin.db.execute("SELECT member_id, points FROM point_ledger WHERE meeting_id = ?", [change.ids[0]])
    )
    assert rows == {p["张三"]: 0.5, p["李四"]: -2.0}
    assert admin.db.execute("SELECT count(*) FROM meeting_attendance").fetchone()[0] == 3


def test_meeting_failure_leaves_neither_meeting_nor_points(admin, org_tree, monkeypatch):
    from djrh_desktop.services import meetings as svc

    def broken(*a, **k):
        raise RuntimeError("boom")

    monkeypatch.setattr(svc.ledger, "append", broken)
    with pytest.raises(RuntimeError):
        meetings.record_meeting(
            admin,
            MeetingInput(org_tree["a"], "党课", DAY, "党课", attendance={org_tree["people"]["张三"]: "出席"}),
        )
    assert admin.db.execute("SELECT count(*) FROM meetings").fetchone()[0] == 0
    assert admin.db.execute("SELECT count(*) FROM meeting_attendance").fetchone()[0] == 0


def test_compliance_lists_branches(admin, org_tree):
    meetings.record_meeting(admin, MeetingInput(org_tree["a"], "支部委员会", DAY, "研究工作"))
    result = {c.branch: c for c in meetings.compliance(admin, Quarter.of(TODAY))}
    held = {t.type: t.held for t in result["一监区党支部"].types}
    assert held["支部委员会"] == 1 and held["党课"] == 0


def talk(org_tree, **kw):
    p = org_tree["people"]
    base = dict(type="谈心谈话", date=DAY, topic="思想动态", talkers=[Talker(p["张三"])], talkees=[p["李四"]],
                content="谈了家里困难", sensitivity="普通")  # fmt: skip
    return TalkInput(**{**base, **kw})


def test_talk_validation(admin, org_tree):
    with pytest.raises(ValidationError, match="跟进期限"):
        talks.record_talk(admin, talk(org_tree, followup_status="待跟进"))
    with pytest.raises(ValidationError, match="谈话对象"):
        talks.record_talk(admin, talk(org_tree, talkees=[]))
    with pytest.raises(ValidationError, match="谈话日期"):
        talks.record_talk(admin, talk(org_tree, date="2026-02-30"))
    tid = talks.record_talk(admin, talk(org_tree, talkers=[Talker(name="县纪委 李主任", post="副主任")])).ids[
        0
    ]
    assert talks.get_talk(admin, tid)["talkers"][0]["member_id"] is None


def test_secretary_sees_only_own_branch_and_sensitive_hidden(admin, org_tree, secretary_a, inspector):
    p = org_tree["people"]
    other = talks.record_talk(admin, talk(org_tree, talkers=[Talker(p["赵六"])], talkees=[p["钱七"]])).ids[0]
    with pytest.raises(PermissionDenied):
        talks.get_talk(secretary_a, other)
    sensitive = talks.record_talk(
        admin,
        talk(
            org_tree, talkers=[Talker(p["王芳"])], talkees=[p["李四"]], sensitivity="敏感", content="涉及举报"
        ),
    ).ids[0]
    assert talks.get_talk(secretary_a, sensitive)["content"] == talks.HIDDEN
    assert talks.get_talk(inspector, sensitive)["content"] == "涉及举报"
    audit_text = " ".join(r[0] or "" for r in admin.db.execute("SELECT after_json FROM audit_log"))
    assert "涉及举报" not in audit_text
    # A secretary records only talks they hold.
    with pytest.raises(PermissionDenied, match="本人"):
        talks.record_talk(secretary_a, talk(org_tree, talkers=[Talker(p["王芳"])]))
    talks.record_talk(secretary_a, talk(org_tree))


def test_talk_coverage_and_overdue(admin, org_tree):
    from djrh_desktop.services import org

    p = org_tree["people"]
    org.set_committee_member(admin, org_tree["a"], p["张三"], "书记")
    gaps = {(g.talker_id, g.talkee_id) for g in talks.coverage(admin, TODAY.year)}
    assert gaps == {(p["张三"], p["李四"]), (p["张三"], p["王芳"])}
    past = (TODAY - dt.timedelta(days=40)).isoformat()
    talks.record_talk(admin, talk(org_tree, date=past, followup_status="待跟进",
                                  followup_due=(TODAY - dt.timedelta(days=1)).isoformat()))  # fmt: skip
    gaps = {(g.talker_id, g.talkee_id) for g in talks.coverage(admin, TODAY.year)}
    assert gaps == {(p["张三"], p["王芳"])}
    assert len(talks.overdue_followups(admin)) == 1


def test_visit_pledge_address_and_coverage(admin, org_tree, secretary_a):
    p = org_tree["people"]
    v = VisitInput(DAY, p["李四"], visitors=[p["张三"]], family=[("刘梅", "配偶")], address="幸福路8号",
                   asks=["思想动态", "大额收支"], materials=["《家庭助廉承诺书》"], pledge_signed=True)  # fmt: skip
    vid = visits.record_visit(admin, v).ids[0]
    stored = visits.get_visit(admin, vid)
    assert stored["pledge_date"] == DAY and stored["family"] == [("刘梅", "配偶")]
    assert visits.get_visit(secretary_a, vid)["address"] == visits.HIDDEN
    cov = visits.coverage(admin, TODAY.year)
    assert cov.visited == 1 and cov.members == 5
    with pytest.raises(ValidationError, match="五过问"):
        visits.record_visit(admin, VisitInput(DAY, p["李四"], visitors=[p["张三"]], asks=["吃饭"]))
    with pytest.raises(PermissionDenied):
        visits.record_visit(secretary_a, VisitInput(DAY, p["赵六"], visitors=[p["张三"]]))


def test_attendance_beyond_the_cap_posts_no_entry(admin, org_tree):
    import datetime as dt

    from djrh_desktop.services import meetings
    from djrh_desktop.services.meetings import MeetingInput

    p, a = org_tree["people"], org_tree["a"]
    day = dt.date.today().replace(day=1).isoformat()
    for k in range(11):  # 出席 +0.5 each, capped at 5 a year: the eleventh posts nothing
        change = meetings.record_meeting(admin, MeetingInput(a, "主题党日", day, f"第{k + 1}次", attendance={p["张三"]: "出席"}))
    assert change.extra["points"] == 0 and change.summary == "已保存会议记录"
    rows = admin.db.execute("SELECT count(*), sum(points) FROM point_ledger WHERE member_id = ?", [p["张三"]]).fetchone()
    assert rows == (10, 5.0)
    assert admin.db.execute("SELECT count(*) FROM meeting_attendance WHERE member_id = ?", [p["张三"]]).fetchone()[0] == 11
