"""An edit never writes a value its editor could not see (issue 12, case 3): for each hidden field
(visit address, sensitive talk content, ID number) and each role."""

from __future__ import annotations

import dataclasses

import pytest

from djrh_desktop.domain.errors import PermissionDenied
from djrh_desktop.domain.members import MemberInput
from djrh_desktop.services import org, talks, users, visibility, visits
from djrh_desktop.services.talks import Talker, TalkInput
from djrh_desktop.services.visits import VisitInput
from tests.conftest import ID_FEMALE, ID_MALE
from tests.services.test_records_services import DAY


@pytest.fixture
def sessions(admin, org_tree, secretary_a, inspector):
    users.create_user(admin, "officer1", "Officer2026", "officer", "党务")
    return {"admin": admin, "officer": users.sign_in(admin.db, "officer1", "Officer2026"),
            "secretary": secretary_a, "inspector": inspector}  # fmt: skip


def visit_input_from_view(view: dict, **changes) -> VisitInput:
    """What a form sends back: every field as the view showed it, with the user's edits."""
    fields = {f.name for f in dataclasses.fields(VisitInput)}
    base = {k: view[k] for k in fields if k in view}
    base["pledge_signed"] = bool(view["pledge_signed"])
    return VisitInput(**{**base, **changes})


@pytest.mark.parametrize("role, sees", [("admin", True), ("officer", True), ("secretary", False)])
def test_visit_address_is_kept_when_the_editor_cannot_see_it(sessions, org_tree, role, sees):
    p = org_tree["people"]
    vid = visits.record_visit(sessions["admin"], VisitInput(DAY, p["李四"], visitors=[p["张三"]],
                                                            address="幸福路8号", content="谈家风")).ids[0]  # fmt: skip
    s = sessions[role]
    view = visits.get_visit(s, vid)
    assert ("address" in view["_hidden"]) is not sees
    assert view["address"] == ("幸福路8号" if sees else visibility.NOT_VISIBLE)
    for sent in (view["address"], "", None):  # the placeholder, an emptied field, nothing
        visits.update_visit(s, vid, visit_input_from_view(view, address=sent, content="谈家风，讲家规"))
        stored = (
            sessions["admin"].db.execute("SELECT address, content FROM visits WHERE id = ?", [vid]).fetchone()
        )
        assert stored[1] == "谈家风，讲家规"
        if not sees:
            assert stored[0] == "幸福路8号"
    if sees:
        visits.update_visit(s, vid, visit_input_from_view(view, address="和平街1号"))
        assert (
            sessions["admin"].db.execute("SELECT address FROM visits WHERE id = ?", [vid]).fetchone()[0]
            == "和平街1号"
        )


def test_inspector_sees_the_address_but_cannot_edit(sessions, org_tree):
    p = org_tree["people"]
    vid = visits.record_visit(sessions["admin"], VisitInput(DAY, p["李四"], visitors=[p["张三"]],
                                                            address="幸福路8号")).ids[0]  # fmt: skip
    view = visits.get_visit(sessions["inspector"], vid)
    assert view["address"] == "幸福路8号" and view["_hidden"] == ()
    with pytest.raises(PermissionDenied):
        visits.update_visit(sessions["inspector"], vid, visit_input_from_view(view, address="x"))


def sensitive_talk(sessions, org_tree) -> int:
    p = org_tree["people"]
    return talks.record_talk(sessions["admin"], TalkInput(
        type="诫勉谈话", date=DAY, topic="工作作风", talkers=[Talker(p["王芳"])], talkees=[p["李四"]],
        content="涉及举报", statement="接受批评", problems="迟到", measures="每周汇报", sensitivity="敏感")).ids[0]  # fmt: skip


def talk_input_from_view(view: dict, **changes) -> TalkInput:
    talkers = [Talker(t["member_id"], t["name"], t["post"]) for t in view["talkers"]]
    fields = {f.name for f in dataclasses.fields(TalkInput)} - {"talkers"}
    base = {k: view[k] for k in fields if k in view}
    return TalkInput(**{**base, "talkers": talkers, **changes})


@pytest.mark.parametrize("role, sees", [("admin", True), ("officer", False)])
def test_sensitive_talk_content_is_kept_when_the_editor_cannot_see_it(sessions, org_tree, role, sees):
    tid = sensitive_talk(sessions, org_tree)
    s = sessions[role]
    view = talks.get_talk(s, tid)
    assert bool(view["_hidden"]) is not sees
    if not sees:
        assert {view[f] for f in talks.SENSITIVE_FIELDS} == {talks.HIDDEN}
    talks.update_talk(s, tid, talk_input_from_view(view, topic="工作作风（补记）"))
    stored = sessions["admin"].db.execute(
        "SELECT topic, content, statement, problems, measures FROM talks WHERE id = ?", [tid]).fetchone()  # fmt: skip
    assert stored == ("工作作风（补记）", "涉及举报", "接受批评", "迟到", "每周汇报")
    talks.set_followup(s, tid, "已办结", "已谈话回访")
    measures = sessions["admin"].db.execute("SELECT measures FROM talks WHERE id = ?", [tid]).fetchone()[0]
    assert measures.startswith("每周汇报") and talks.HIDDEN not in measures


def test_officer_naming_themself_talker_still_cannot_overwrite_content(sessions, org_tree, admin):
    tid = sensitive_talk(sessions, org_tree)
    officer = sessions["officer"]
    view = talks.get_talk(officer, tid)
    talks.update_talk(
        officer, tid, talk_input_from_view(view, content="改写", talkers=[Talker(name="党务", post="干部")])
    )
    assert admin.db.execute("SELECT content FROM talks WHERE id = ?", [tid]).fetchone()[0] == "涉及举报"


def test_talker_secretary_sees_and_edits_the_content(sessions, org_tree, admin):
    p = org_tree["people"]
    tid = talks.record_talk(admin, TalkInput(type="谈心谈话", date=DAY, topic="家庭", talkers=[Talker(p["张三"])],
                                             talkees=[p["李四"]], content="原内容", sensitivity="敏感")).ids[0]  # fmt: skip
    view = talks.get_talk(sessions["secretary"], tid)
    assert view["_hidden"] == () and view["content"] == "原内容"
    talks.update_talk(sessions["secretary"], tid, talk_input_from_view(view, content="补充内容"))
    assert admin.db.execute("SELECT content FROM talks WHERE id = ?", [tid]).fetchone()[0] == "补充内容"


@pytest.mark.parametrize("role, branch, sees", [
    ("admin", "b", True), ("officer", "b", True), ("inspector", "b", True), ("secretary", "a", True)])  # fmt: skip
def test_id_number_shown_only_to_roles_that_may_see_it(sessions, org_tree, role, branch, sees, admin):
    mid = org.add_member(admin, MemberInput("身份证", "男", org_tree[branch], id_number=ID_MALE)).ids[0]
    view = org.get_member(sessions[role], mid)
    assert view["id_number"] == (ID_MALE if sees else "110101********1233")
    assert ("id_number" in view["_hidden"]) is not sees


def test_secretary_cannot_read_another_branchs_member(sessions, org_tree, admin):
    from djrh_desktop.domain.errors import NotFound

    mid = org.add_member(admin, MemberInput("外支部", "男", org_tree["b"], id_number=ID_MALE, phone="13800000000")).ids[0]
    with pytest.raises(NotFound):
        org.get_member(sessions["secretary"], mid)


def test_a_masked_id_number_is_never_written_back(sessions, org_tree, admin, monkeypatch):
    mid = org.add_member(admin, MemberInput("身份证", "女", org_tree["a"], id_number=ID_FEMALE)).ids[0]
    secretary = sessions["secretary"]
    # Were the secretary's role ever unable to see the number of a member it may edit, the masked
    # text from the form must not replace the stored number.
    monkeypatch.setattr(visibility, "member_hidden", lambda s, m: ("id_number",))
    view = org.get_member(secretary, mid)
    assert view["id_number"] == "110101********2344"
    org.update_member(secretary, mid, MemberInput("身份证", "女", org_tree["a"], id_number=view["id_number"],
                                                  phone="13900001111"))  # fmt: skip
    assert admin.db.execute("SELECT id_number, phone FROM members WHERE id = ?", [mid]).fetchone() == (
        ID_FEMALE, "13900001111")  # fmt: skip
