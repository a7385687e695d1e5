"""The role matrix (issue 13): every public service function, called as each of the four roles, does
what the policy table below declares. A new public service without a row fails the test.

Letters, per role (系统管理员, 党务干部, 支部书记, 纪检监督):
  A  allowed: the role check lets the call through (it may still be refused by a data rule — a
     ValidationError — which is the data's verdict, not the role's);
  R  refused: PermissionDenied;
  S  scoped (支部书记): allowed on their own branch, refused (PermissionDenied or NotFound) or filtered
     out on another branch.
Each call runs inside a savepoint that is rolled back, so every call sees the same world."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

from djrh_desktop.domain.errors import DjrhError, NotFound, PermissionDenied, ValidationError
from djrh_desktop.domain.fusion_registers import BrandInput, InspectionInput, ResultInput
from djrh_desktop.domain.members import MemberInput
from djrh_desktop.domain.periods import Quarter
from djrh_desktop.services import (
    audit_view,
    backups,
    brands,
    closing,
    county,
    dashboard,
    export,
    fusion_figures,
    imports,
    inspections,
    lists,
    meetings,
    org,
    package_export,
    package_import,
    point_import,
    points,
    posts,
    project_import,
    projects,
    rating_follow_up,
    ratings,
    record_import,
    report_data,
    reporting,
    settings,
    setup,
    stats,
    talks,
    users,
    visibility,
    visits,
)
from djrh_desktop.services.meetings import MeetingInput
from djrh_desktop.services.points import Posting
from djrh_desktop.services.session import system_session
from djrh_desktop.store import ledger as ledger_store
from djrh_desktop.store import ratings as rating_store
from tests.services.role_world import (  # noqa: F401 - the matrix's world (its fixture is in conftest.py)
    DAY,
    ROLES,
    TODAY,
    YEAR,
    Q,
    excludes,
    fusion_project,
    member,
    office_package,
    plan_is_refused,
    point_sheet,
    post_input,
    project_sheet,
    record_sheet,
    rectification,
    roster,
    talk_input,
    visit_input,
)

POLICY = {
    "audit_view.entries": ("ARRA", lambda s, w: audit_view.entries(s, limit=3), None),
    "audit_view.check_code": ("ARRA", lambda s, w: audit_view.check_code(s, w.code), None),
    "backups.folder": ("AAAA", lambda s, w: backups.folder(s), None),
    "backups.make": ("AARR", lambda s, w: backups.make(s, str(w.tmp / f"b-{s.role}.db")), None),
    "backups.automatic": ("AAAA", lambda s, w: backups.automatic(s, "timer"), None),  # the program's own backup
    "backups.listing": ("AAAA", lambda s, w: backups.listing(s), None),
    "backups.restore": ("-RRR", lambda s, w: backups.restore(s, str(w.tmp / "none.db")), None),  # admin: test_backups
    "backups.quick_check": ("AAAA", lambda s, w: backups.quick_check(s), None),
    "closing.closed_years": ("AAAA", lambda s, w: closing.closed_years(s), None),
    "closing.is_closed": ("AAAA", lambda s, w: closing.is_closed(s, YEAR - 1), None),
    "closing.require_open": ("AAAA", lambda s, w: closing.require_open(s, DAY), None),
    "closing.close_year": ("ARRR", lambda s, w: closing.close_year(s, YEAR - 1), None),
    "closing.reopen_year": ("ARRR", lambda s, w: closing.reopen_year(s, YEAR - 1, "更正"), None),
    "dashboard.todos": ("AAAA", lambda s, w: dashboard.todos(s, Q, TODAY), None),
    "export.export_list": ("AASA", lambda s, w: export.export_list(s, lists.MEMBERS, {"branch_id": w.a}, w.tmp / f"{s.role}.xlsx"),
                           lambda s, w: lists.count(s, lists.MEMBERS, {"branch_id": w.b}) == 0),
    "export.write_template": ("AAAA", lambda s, w: export.write_template(s, "members", w.tmp / f"t-{s.role}.xlsx"), None),
    "imports.plan_members": ("AAAA", lambda s, w: imports.plan_members(s, w.roster_own), None),
    "imports.apply_members": ("AASR", lambda s, w: imports.apply_members(s, imports.plan_members(s, w.roster_own)),
                              lambda s, w: plan_is_refused(imports.plan_members(s, w.roster_other))),
    "record_import.plan_talks": ("AAAA", lambda s, w: record_import.plan_talks(s, record_sheet(w, "talks", ("张三", "李四"))), None),
    "record_import.plan_visits": ("AAAA", lambda s, w: record_import.plan_visits(s, record_sheet(w, "visits", ("李四", "张三"))), None),
    "record_import.apply_records": ("AASR", lambda s, w: record_import.apply_records(s, record_import.plan_talks(s, record_sheet(w, "talks", ("张三", "李四")))),
                                    lambda s, w: plan_is_refused(record_import.plan_talks(s, record_sheet(w, "talks", ("张三", "赵六"))))),
    "talks.check_talk": ("AASR", lambda s, w: talks.check_talk(s, talk_input(w, "张三", "李四")),
                         lambda s, w: talks.check_talk(s, talk_input(w, "张三", "赵六"))),
    "visits.check_visit": ("AASR", lambda s, w: visits.check_visit(s, visit_input(w, "李四", "张三")),
                           lambda s, w: visits.check_visit(s, visit_input(w, "赵六", "张三"))),
    "projects.create_project": ("AASR", lambda s, w: projects.create_project(s, fusion_project(w.a)),
                                lambda s, w: projects.create_project(s, fusion_project(w.b))),
    "projects.update_project": ("AASR", lambda s, w: projects.update_project(s, w.project_own, fusion_project(w.a)),
                                lambda s, w: projects.update_project(s, w.project_other, fusion_project(w.b))),
    "projects.report_progress": ("AASR", lambda s, w: projects.report_progress(s, w.project_own, 1, "进展"),
                                 lambda s, w: projects.report_progress(s, w.project_other, 1, "进展")),
    "projects.review_quarter": ("AARR", lambda s, w: projects.review_quarter(s, w.project_own, 1, "好"), None),
    "projects.assess_year": ("AARR", lambda s, w: projects.assess_year(s, w.project_own, 90, "优秀"), None),
    "projects.projects_of": ("AASA", lambda s, w: projects.projects_of(s, YEAR),
                             lambda s, w: excludes(projects.projects_of(s, YEAR), w.b)),
    "projects.project": ("AASA", lambda s, w: projects.project(s, w.project_own), lambda s, w: projects.project(s, w.project_other)),
    "projects.missing_reports": ("AASA", lambda s, w: projects.missing_reports(s, YEAR),
                                 lambda s, w: all(p["branch_id"] != w.b for p, _ in projects.missing_reports(s, YEAR))),
    "projects.quarter_summary": ("AASA", lambda s, w: projects.quarter_summary(s, Q, TODAY),
                                 lambda s, w: "二监区党支部" not in [p["branch"] for p in projects.quarter_summary(s, Q, TODAY)["projects"]]),
    "projects.year_table": ("AASA", lambda s, w: projects.year_table(s, YEAR),
                            lambda s, w: "二监区党支部" not in [p["branch"] for p in projects.year_table(s, YEAR)["projects"]]),
    "posts.create_post": ("AASR", lambda s, w: posts.create_post(s, post_input(w.a)), lambda s, w: posts.create_post(s, post_input(w.b))),
    "posts.update_post": ("AASR", lambda s, w: posts.update_post(s, w.post_own, post_input(w.a)),
                          lambda s, w: posts.update_post(s, w.post_other, post_input(w.b))),
    "projects.check_project": ("AASR", lambda s, w: projects.check_project(s, fusion_project(w.a)),
                               lambda s, w: projects.check_project(s, fusion_project(w.b))),
    "project_import.plan_projects": ("AAAA", lambda s, w: project_import.plan_projects(s, project_sheet(w, "一监区党支部")), None),
    "project_import.apply_projects": ("AASR", lambda s, w: project_import.apply_projects(s, project_import.plan_projects(s, project_sheet(w, "一监区党支部"))),
                                      lambda s, w: plan_is_refused(project_import.plan_projects(s, project_sheet(w, "二监区党支部")))),
    "package_export.export_office": ("AASR", lambda s, w: package_export.export_office(s, w.a, w.tmp / f"{s.role}.djrhpkg"),
                                     lambda s, w: package_export.export_office(s, w.b, w.tmp / f"{s.role}-b.djrhpkg")),
    "package_export.export_unit": ("AARR", lambda s, w: package_export.export_unit(s, w.tmp / f"{s.role}-unit.djrhpkg"), None),
    "county.units": ("AAAA", lambda s, w: county.units(s), None),
    "county.reporting": ("AAAA", lambda s, w: county.reporting(s, Q), None),
    "package_export.home_branch": ("AAAA", lambda s, w: package_export.home_branch(s), None),
    "package_export.export_branch": ("AAAR", lambda s, w: package_export.export_branch(s, w.tmp / f"{s.role}-home.djrhpkg"), None),
    "package_import.plan_import": ("AARR", lambda s, w: package_import.plan_import(s, office_package(w)), None),
    "package_import.apply_import": ("AARR", lambda s, w: package_import.apply_import(s, package_import.plan_import(s, office_package(w))), None),
    "posts.save_post": ("AASR", lambda s, w: posts.save_post(s, post_input(w.a), {w.p["张三"]: "岗长"}, DAY),
                        lambda s, w: posts.save_post(s, post_input(w.b), {w.p["赵六"]: "岗长"}, DAY)),
    "posts.assign_member": ("AASR", lambda s, w: posts.assign_member(s, w.post_own, w.p["李四"], "成员", DAY),
                            lambda s, w: posts.assign_member(s, w.post_other, w.p["钱七"], "成员", DAY)),
    "posts.release_member": ("AASR", lambda s, w: posts.release_member(s, w.post_own, w.p["李四"], DAY),
                             lambda s, w: posts.release_member(s, w.post_other, w.p["钱七"], DAY)),
    "posts.record_result": ("AASR", lambda s, w: posts.record_result(s, ResultInput(w.post_own, DAY, "整改安全隐患", 1)),
                            lambda s, w: posts.record_result(s, ResultInput(w.post_other, DAY, "整改安全隐患", 1))),
    "posts.void_result": ("AASR", lambda s, w: posts.void_result(s, w.result_own, "误录"), lambda s, w: posts.void_result(s, w.result_other, "误录")),
    "posts.void_post": ("AASR", lambda s, w: posts.void_post(s, w.post_own, "误录"), lambda s, w: posts.void_post(s, w.post_other, "误录")),
    "posts.post_detail": ("AASA", lambda s, w: posts.post_detail(s, w.post_own), lambda s, w: posts.post_detail(s, w.post_other)),
    "inspections.record_inspection": ("AARR", lambda s, w: inspections.record_inspection(s, InspectionInput(DAY, "党建检查", "党委", [w.a], "规范")), None),
    "inspections.update_inspection": ("AARR", lambda s, w: inspections.update_inspection(s, w.inspection, InspectionInput(DAY, "党建检查", "党委", [w.a, w.b], "更正")), None),
    "inspections.void_inspection": ("AARR", lambda s, w: inspections.void_inspection(s, w.inspection, "误录"), None),
    "inspections.add_rectification": ("AARR", lambda s, w: inspections.add_rectification(s, rectification(w, "a")), None),
    "inspections.close_rectification": ("AASR", lambda s, w: inspections.close_rectification(s, w.item_own, DAY, "已整改"),
                                        lambda s, w: inspections.close_rectification(s, w.item_other, DAY, "已整改")),
    "inspections.inspection_detail": ("AAAA", lambda s, w: inspections.inspection_detail(s, w.inspection), None),
    "inspections.overdue_rectifications": ("AASA", lambda s, w: inspections.overdue_rectifications(s, TODAY + dt.timedelta(days=1)),
                                           lambda s, w: excludes(inspections.overdue_rectifications(s, TODAY + dt.timedelta(days=1)), w.b)),
    "inspections.open_rectifications": ("AASA", lambda s, w: inspections.open_rectifications(s, TODAY),
                                        lambda s, w: excludes(inspections.open_rectifications(s, TODAY), w.b)),
    "fusion_figures.quarter_registers": ("AASA", lambda s, w: fusion_figures.quarter_registers(s, Q, TODAY),
                                         lambda s, w: excludes(fusion_figures.quarter_registers(s, Q, TODAY)["open_items"], w.b)),
    "fusion_figures.counts": ("AASA", lambda s, w: fusion_figures.counts(s, Q, TODAY), lambda s, w: fusion_figures.counts(s, Q, TODAY, w.b)),
    "fusion_figures.star_evidence": ("AASA", lambda s, w: fusion_figures.star_evidence(s, YEAR, w.a),
                                     lambda s, w: fusion_figures.star_evidence(s, YEAR, w.b)),
    "brands.save_brand": ("AASR", lambda s, w: brands.save_brand(s, BrandInput(w.a, "改名"), w.brand_own),
                          lambda s, w: brands.save_brand(s, BrandInput(w.b, "改名"), w.brand_other)),
    "brands.brands": ("AASA", lambda s, w: brands.brands(s), lambda s, w: excludes(brands.brands(s), w.b, "org_id")),
    "brands.sign_pledge": ("AARR", lambda s, w: brands.sign_pledge(s, YEAR, w.p["赵六"], DAY), None),
    "brands.pledges": ("AAAA", lambda s, w: brands.pledges(s, YEAR), None),
    "settings.is_demo": ("AAAA", lambda s, w: settings.is_demo(s), None),
    "point_import.plan_points": ("AAAA", lambda s, w: point_import.plan_points(s, w.points_own), None),
    "point_import.apply_points": ("AASR", lambda s, w: point_import.apply_points(s, point_import.plan_points(s, w.points_own)),
                             lambda s, w: plan_is_refused(point_import.plan_points(s, w.points_other))),
    "lists.count": ("AASA", lambda s, w: lists.count(s, lists.TALKS, {}), lambda s, w: lists.count(s, lists.TALKS, {"branch_id": w.b}) == 0),
    "lists.page": ("AASA", lambda s, w: lists.page(s, lists.VISITS, {}), lambda s, w: not lists.page(s, lists.VISITS, {"branch_id": w.b})),
    "lists.iterate": ("AASA", lambda s, w: list(lists.iterate(s, lists.MEETINGS, {})),
                      lambda s, w: not list(lists.iterate(s, lists.MEETINGS, {"branch_id": w.b}))),
    "lists.member_labels": ("AAAA", lambda s, w: lists.member_labels(s, [w.p["张三"]]), None),
    "lists.departments": ("AAAA", lambda s, w: lists.departments(s), None),
    "lists.org_name": ("AAAA", lambda s, w: lists.org_name(s, w.a), None),
    "lists.branches": ("AASA", lambda s, w: lists.branches(s), lambda s, w: w.b not in [i for _, i in lists.branches(s)]),
    "lists.org_tree": ("AAAA", lambda s, w: lists.org_tree(s), None),
    "lists.branch_members": ("AASA", lambda s, w: lists.branch_members(s, w.a), lambda s, w: lists.branch_members(s, w.b)),
    "lists.member_choices": ("AASA", lambda s, w: lists.member_choices(s, "张"),
                             lambda s, w: not lists.member_choices(s, "赵六")),
    "meetings.record_meeting": ("AASR", lambda s, w: meetings.record_meeting(s, MeetingInput(w.a, "党课", DAY, "党课")),
                                lambda s, w: meetings.record_meeting(s, MeetingInput(w.b, "党课", DAY, "党课"))),
    "meetings.correct_meeting": ("AASR", lambda s, w: meetings.correct_meeting(s, w.meeting_own, MeetingInput(w.a, "党课", DAY, "更正")),
                                 lambda s, w: meetings.correct_meeting(s, w.meeting_other, MeetingInput(w.b, "党课", DAY, "更正"))),
    "meetings.void_meeting": ("AASR", lambda s, w: meetings.void_meeting(s, w.meeting_own, "误录"),
                              lambda s, w: meetings.void_meeting(s, w.meeting_other, "误录")),
    "meetings.compliance": ("AASA", lambda s, w: meetings.compliance(s, Q), lambda s, w: excludes([{"branch_id": c.branch_id} for c in meetings.compliance(s, Q)], w.b)),
    "meetings.get_meeting": ("AASA", lambda s, w: meetings.get_meeting(s, w.meeting_own), lambda s, w: meetings.get_meeting(s, w.meeting_other)),
    "org.add_org": ("AARR", lambda s, w: org.add_org(s, "新支部", "党支部", w.root), None),
    "org.rename_org": ("AARR", lambda s, w: org.rename_org(s, w.a, "改名支部"), None),
    "org.add_department": ("AARR", lambda s, w: org.add_department(s, "新部门"), None),
    "org.add_member": ("AASR", lambda s, w: org.add_member(s, member(w.a)), lambda s, w: org.add_member(s, member(w.b))),
    "org.get_member": ("AASA", lambda s, w: org.get_member(s, w.p["李四"]), lambda s, w: org.get_member(s, w.p["赵六"])),
    "org.update_member": ("AASR", lambda s, w: org.update_member(s, w.p["李四"], MemberInput("李四", "男", w.a, birth_date="1985-05-05")),
                          lambda s, w: org.update_member(s, w.p["赵六"], MemberInput("赵六", "男", w.b, birth_date="1985-05-05"))),
    "org.change_status": ("AASR", lambda s, w: org.change_status(s, w.p["李四"], "转出", DAY),
                          lambda s, w: org.change_status(s, w.p["赵六"], "转出", DAY)),
    "org.set_committee_member": ("AARR", lambda s, w: org.set_committee_member(s, w.a, w.p["张三"], "书记"), None),
    "org.set_leader_departments": ("AARR", lambda s, w: org.set_leader_departments(s, w.p["张三"], [w.dept]), None),
    "org.find_member": ("AASA", lambda s, w: org.find_member(s, "李四"), lambda s, w: org.find_member(s, "赵六")),
    "org.find_branch": ("AASA", lambda s, w: org.find_branch(s, "一监区党支部"), lambda s, w: org.find_branch(s, "二监区党支部")),
    "org.committee_member_ids": ("AASA", lambda s, w: org.committee_member_ids(s, w.a), lambda s, w: org.committee_member_ids(s, w.b)),
    "org.committee": ("AASA", lambda s, w: org.committee(s, w.a), lambda s, w: org.committee(s, w.b)),
    "org.group_member_ids": ("AASA", lambda s, w: org.group_member_ids(s, w.group_own), lambda s, w: org.group_member_ids(s, w.group_other)),
    "meetings.branch_groups": ("AASA", lambda s, w: meetings.branch_groups(s, w.a), lambda s, w: meetings.branch_groups(s, w.b)),
    "meetings.annual_items": ("AASA", lambda s, w: meetings.annual_items(s, YEAR),
                              lambda s, w: excludes([{"branch_id": b.branch_id} for b in meetings.annual_items(s, YEAR)], w.b)),
    "meetings.dual_life": ("AASA", lambda s, w: meetings.dual_life(s, dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)),
                           lambda s, w: excludes(meetings.dual_life(s, dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)), w.b)),
    "org.leader_departments": ("AAAA", lambda s, w: org.leader_departments(s), None),
    "org.root_org": ("AAAA", lambda s, w: org.root_org(s), None),
    "points.year_rules": ("AAAA", lambda s, w: points.year_rules(s, YEAR), None),
    "points.ensure_year": ("AAAR", lambda s, w: points.ensure_year(s, YEAR), None),
    "points.build_rows": ("AASR", lambda s, w: points.build_rows(s, [w.p["李四"]], Posting("A1-01", DAY), "手工", None, None),
                          lambda s, w: points.build_rows(s, [w.p["赵六"]], Posting("A1-01", DAY), "手工", None, None)),
    "points.reversal_row": ("AAAA", lambda s, w: points.reversal_row(s, ledger_store.entry(s.db, w.entry_own), "录错"), None),
    "points.batch_post": ("AASR", lambda s, w: points.batch_post(s, [w.p["李四"]], Posting("A1-01", DAY)),
                          lambda s, w: points.batch_post(s, [w.p["赵六"]], Posting("A1-01", DAY))),
    "points.reverse": ("AASR", lambda s, w: points.reverse(s, w.entry_own, "录错"), lambda s, w: points.reverse(s, w.entry_other, "录错")),
    "points.year_scores": ("AASA", lambda s, w: points.year_scores(s, YEAR), lambda s, w: points.year_scores(s, YEAR, None, w.b)),
    "points.five_a_count": ("AASA", lambda s, w: points.five_a_count(s, YEAR), lambda s, w: points.five_a_count(s, YEAR, None, w.b)),
    "points.member_year_score": ("AASA", lambda s, w: points.member_year_score(s, w.p["李四"], YEAR),
                                 lambda s, w: points.member_year_score(s, w.p["赵六"], YEAR)),
    "points.year_state": ("AAAA", lambda s, w: points.year_state(s, YEAR), None),
    "points.excellent_share_warning": ("AAAA", lambda s, w: points.excellent_share_warning(s, YEAR, points.year_scores(s, YEAR)), None),
    "points.monthly_tally": ("AASA", lambda s, w: points.monthly_tally(s, YEAR),
                             lambda s, w: sum(m["entries"] for m in points.monthly_tally(s, YEAR)) == s.db.execute(
                                 "SELECT count(*) FROM point_ledger l JOIN members m ON m.id = l.member_id "
                                 "WHERE l.year = ? AND m.branch_id = ?", [YEAR, w.a]).fetchone()[0]),
    "points.half_year_notice": ("AASA", lambda s, w: points.half_year_notice(s, YEAR, 1),
                                lambda s, w: excludes([{"branch_id": m.branch_id} for m in points.half_year_notice(s, YEAR, 2)["scores"]], w.b)),
    "points.get_entry": ("AASA", lambda s, w: points.get_entry(s, w.entry_own), lambda s, w: points.get_entry(s, w.entry_other)),
    "ratings.open_year": ("AARR", lambda s, w: ratings.open_year(s, YEAR + 1), None),
    "ratings.save_scores": ("AASR", lambda s, w: ratings.save_scores(s, YEAR, w.a, {}, "self"),
                            lambda s, w: ratings.save_scores(s, YEAR, w.b, {}, "self")),
    "ratings.advance": ("AASR", lambda s, w: ratings.advance(s, YEAR, w.a), lambda s, w: ratings.advance(s, YEAR, w.b)),
    "ratings.send_back": ("AASR", lambda s, w: ratings.send_back(s, YEAR, w.a, "重填"), lambda s, w: ratings.send_back(s, YEAR, w.b, "重填")),
    "ratings.set_evaluation": ("AARR", lambda s, w: ratings.set_evaluation(s, YEAR, w.a, DAY, "述职"), None),
    "ratings.set_joint_review": ("AARA", lambda s, w: ratings.set_joint_review(s, YEAR, w.a, {}), None),
    "ratings.set_certificate": ("ARRA", lambda s, w: ratings.set_certificate(s, YEAR, w.a, True, "纪委", DAY, "纪廉〔1〕号"), None),
    "ratings.save_joint_review": ("AARA", lambda s, w: ratings.save_joint_review(s, YEAR, w.a, {}, None), None),
    "ratings.member_vetoes": ("AASA", lambda s, w: ratings.member_vetoes(s, YEAR, w.a), lambda s, w: ratings.member_vetoes(s, YEAR, w.b)),
    "ratings.standing_at": ("AASA", lambda s, w: ratings.standing_at(s, TODAY),
                            lambda s, w: excludes((ratings.standing_at(s, TODAY)["rows"]), w.b)),
    "ratings.five_star_counts": ("AASA", lambda s, w: ratings.five_star_counts(s, YEAR),
                                 lambda s, w: ratings.five_star_counts(s, YEAR) == rating_store.five_star_counts(s.db, YEAR, w.a)),
    "ratings.set_publicity": ("AARR", lambda s, w: ratings.set_publicity(s, YEAR, w.a, DAY, DAY), None),
    "rating_follow_up.recheck": ("AARR", lambda s, w: rating_follow_up.recheck(s, YEAR, w.a, "复核合格"), None),
    "rating_follow_up.set_liaison": ("AARR", lambda s, w: rating_follow_up.set_liaison(s, YEAR, w.a, w.p["张三"]), None),
    "rating_follow_up.add_action": ("AARR", lambda s, w: rating_follow_up.add_action(s, YEAR, w.a, "整改", None), None),
    "rating_follow_up.update_action": ("AARR", lambda s, w: rating_follow_up.update_action(s, w.action, "进展", False), None),
    "rating_follow_up.save_follow_up": ("AARR", lambda s, w: rating_follow_up.save_follow_up(s, YEAR, w.a, w.p["张三"]), None),
    "ratings.branch_rows": ("AASA", lambda s, w: ratings.branch_rows(s, YEAR), lambda s, w: excludes(ratings.branch_rows(s, YEAR), w.b)),
    "ratings.round_rules": ("AAAA", lambda s, w: ratings.round_rules(s, YEAR), None),
    "ratings.get_branch": ("AASA", lambda s, w: ratings.get_branch(s, YEAR, w.a), lambda s, w: ratings.get_branch(s, YEAR, w.b)),
    "ratings.evaluate_branch": ("AASA", lambda s, w: ratings.evaluate_branch(s, YEAR, w.a), lambda s, w: ratings.evaluate_branch(s, YEAR, w.b)),
    "ratings.distribution": ("AASA", lambda s, w: ratings.distribution(s, YEAR), lambda s, w: ratings.distribution(s, YEAR, w.b)),
    "ratings.quota_warning": ("AAAA", lambda s, w: ratings.quota_warning(s, YEAR), None),
    "ratings.waiting_steps": ("AASA", lambda s, w: ratings.waiting_steps(s, YEAR), lambda s, w: w.b not in [r[0] for r in ratings.waiting_steps(s, YEAR)]),
    "ratings.item_scores": ("AASA", lambda s, w: ratings.item_scores(s, YEAR, w.a), lambda s, w: ratings.item_scores(s, YEAR, w.b)),
    "ratings.vetoes_of": ("AASA", lambda s, w: ratings.vetoes_of(s, YEAR, w.a), lambda s, w: ratings.vetoes_of(s, YEAR, w.b)),
    "ratings.actions_of": ("AASA", lambda s, w: ratings.actions_of(s, YEAR, w.a), lambda s, w: ratings.actions_of(s, YEAR, w.b)),
    "ratings.history": ("AASA", lambda s, w: ratings.history(s, YEAR, w.a), lambda s, w: ratings.history(s, YEAR, w.b)),
    "report_data.quarterly": ("AASA", lambda s, w: report_data.quarterly(s, Q, TODAY), lambda s, w: report_data.quarterly(s, Q, TODAY)["scope"] is not None),
    "report_data.star_results": ("AASA", lambda s, w: report_data.star_results(s, YEAR),
                                 lambda s, w: "二监区党支部" not in [r["branch"] for r in report_data.star_results(s, YEAR)["rows"]]),
    "report_data.member_ledger": ("AASA", lambda s, w: report_data.member_ledger(s, w.p["李四"], YEAR, TODAY),
                                  lambda s, w: report_data.member_ledger(s, w.p["赵六"], YEAR, TODAY)),
    "report_data.ranking": ("AASA", lambda s, w: report_data.ranking(s, YEAR, w.a, TODAY), lambda s, w: report_data.ranking(s, YEAR, w.b, TODAY)),
    "report_data.talk_forms": ("AASA", lambda s, w: report_data.talk_forms(s, Q.start, Q.end),
                               lambda s, w: excludes(report_data.talk_forms(s, Q.start, Q.end), w.b)),
    "report_data.visit_forms": ("AASA", lambda s, w: report_data.visit_forms(s, Q.start, Q.end),
                                lambda s, w: excludes(report_data.visit_forms(s, Q.start, Q.end), w.b)),
    "report_data.meeting_compliance": ("AASA", lambda s, w: report_data.meeting_compliance(s, Q, TODAY),
                                       lambda s, w: all(r[0] != "二监区党支部" for r in report_data.meeting_compliance(s, Q, TODAY)["rows"])),
    "reporting.make": ("AASA", lambda s, w: reporting.make(s, reporting.ReportRequest("stars", YEAR), w.tmp / f"{s.role}.pdf"),
                       lambda s, w: reporting.make(s, reporting.ReportRequest("points", YEAR, branch_id=w.b), w.tmp / "o.pdf")),
    "settings.get": ("AAAA", lambda s, w: settings.get(s, settings.UNIT_NAME), None),
    "reporting.quarter_texts": ("AAAA", lambda s, w: reporting.quarter_texts(s, YEAR, 1), None),
    "reporting.save_quarter_texts": ("AASR", lambda s, w: reporting.save_quarter_texts(s, YEAR, 1, {"存在问题": f"{s.role}写"}),
                                     lambda s, w: (reporting.save_quarter_texts(s, YEAR, 1, {"存在问题": "支部写"}),
                                                   reporting.quarter_texts(system_session(s.db), YEAR, 1)["存在问题"] != "支部写")[1]),
    "report_data.comparisons": ("AAAA", lambda s, w: report_data.comparisons(s, Quarter.of(TODAY)), None),
    "settings.report_fonts": ("AAAA", lambda s, w: settings.report_fonts(s), None),
    "settings.issuer": ("AAAA", lambda s, w: settings.issuer(s), None),
    "settings.put": ("ARRR", lambda s, w: settings.put(s, settings.UNIT_NAME, "新名称"), None),
    "settings.put_many": ("ARRR", lambda s, w: settings.put_many(s, {settings.UNIT_NAME: "新名称"}), None),
    "settings.unit_name": ("AAAA", lambda s, w: settings.unit_name(s), None),
    "settings.five_a_rules": ("AAAA", lambda s, w: settings.five_a_rules(s), None),
    "settings.star_rules": ("AAAA", lambda s, w: settings.star_rules(s), None),
    "settings.attendance_points": ("AAAA", lambda s, w: settings.attendance_points(s), None),
    "setup.file_info": ("AAAA", lambda s, w: setup.file_info(s), None),
    "stats.quarter_figures": ("AASA", lambda s, w: stats.quarter_figures(s, Q), lambda s, w: stats.quarter_figures(s, Q, branch_id=w.b)),
    "stats.talks_by_type": ("AASA", lambda s, w: stats.talks_by_type(s, Q), lambda s, w: stats.talks_by_type(s, Q, w.b)),
    "talks.record_talk": ("AASR", lambda s, w: talks.record_talk(s, talk_input(w, "张三", "李四")),
                          lambda s, w: talks.record_talk(s, talk_input(w, "张三", "赵六"))),
    "talks.update_talk": ("AASR", lambda s, w: talks.update_talk(s, w.talk_own, talk_input(w, "张三", "李四")),
                          lambda s, w: talks.update_talk(s, w.talk_other, talk_input(w, "赵六", "钱七"))),
    "talks.set_followup": ("AASR", lambda s, w: talks.set_followup(s, w.talk_own, "已办结"), lambda s, w: talks.set_followup(s, w.talk_other, "已办结")),
    "talks.void_talk": ("AASR", lambda s, w: talks.void_talk(s, w.talk_own, "重复录入"), lambda s, w: talks.void_talk(s, w.talk_other, "重复录入")),
    "talks.get_talk": ("AASA", lambda s, w: talks.get_talk(s, w.talk_own), lambda s, w: talks.get_talk(s, w.talk_other)),
    "talks.overdue_followups": ("AAAA", lambda s, w: talks.overdue_followups(s), None),
    "talks.coverage": ("AAAA", lambda s, w: talks.coverage(s, YEAR), None),
    "talks.coverage_status": ("AAAA", lambda s, w: talks.coverage_status(s, YEAR), None),
    "users.create_user": ("ARRR", lambda s, w: users.create_user(s, "newuser", "Newuser2026", "officer"), None),
    "users.change_password": ("ARRR", lambda s, w: users.change_password(s, w.officer_id, "Changed2026"), None),
    "users.set_active": ("ARRR", lambda s, w: users.set_active(s, w.officer_id, False), None),
    "users.list_users": ("ARRR", lambda s, w: users.list_users(s), None),
    "visibility.visit_hidden": ("AAAA", lambda s, w: visibility.visit_hidden(s), None),
    "visibility.talk_hidden": ("AAAA", lambda s, w: visibility.talk_hidden(s, {"sensitivity": "敏感"}, []), None),
    "visibility.member_hidden": ("AAAA", lambda s, w: visibility.member_hidden(s, {"branch_id": w.a}), None),
    "visits.record_visit": ("AASR", lambda s, w: visits.record_visit(s, visit_input(w, "李四", "张三")),
                            lambda s, w: visits.record_visit(s, visit_input(w, "赵六", "张三"))),
    "visits.update_visit": ("AASR", lambda s, w: visits.update_visit(s, w.visit_own, visit_input(w, "李四", "张三")),
                            lambda s, w: visits.update_visit(s, w.visit_other, visit_input(w, "钱七", "赵六"))),
    "visits.void_visit": ("AASR", lambda s, w: visits.void_visit(s, w.visit_own, "重复录入"), lambda s, w: visits.void_visit(s, w.visit_other, "重复录入")),
    "visits.get_visit": ("AASA", lambda s, w: visits.get_visit(s, w.visit_own), lambda s, w: visits.get_visit(s, w.visit_other)),
    "visits.coverage": ("AAAA", lambda s, w: visits.coverage(s, YEAR), None),
    "visits.overdue_returns": ("AAAA", lambda s, w: visits.overdue_returns(s), None),
    "export.export_scores": ("AASA", lambda s, w: export.export_scores(s, YEAR, w.tmp / f"s-{s.role}.xlsx"),
                             lambda s, w: export.export_scores(s, YEAR, w.tmp / "s.xlsx") < export.export_scores(
                                 system_session(s.db), YEAR, w.tmp / "all.xlsx")),
}  # fmt: skip


def public_services() -> set[str]:
    root = Path(__file__).resolve().parents[2] / "djrh_desktop" / "services"
    found = set()
    for f in root.glob("*.py"):
        for node in ast.parse(f.read_text("utf-8")).body:
            public = isinstance(node, ast.FunctionDef) and not node.name.startswith("_")
            if public and node.args.args and node.args.args[0].arg == "s":
                found.add(f"{f.stem}.{node.name}")
    return found


def test_every_public_service_has_a_policy_row():
    missing = public_services() - set(POLICY)
    assert not missing, f"public services without a row in the role matrix: {sorted(missing)}"
    assert not set(POLICY) - public_services(), "rows for services that no longer exist"


def outcome(db, call) -> str:
    """'A' (the role check let it through), 'R' (PermissionDenied) or 'H' (hidden: NotFound); rolled back."""
    db.conn.execute("SAVEPOINT matrix")
    try:
        call()
    except PermissionDenied:
        return "R"
    except NotFound:
        return "H"
    except (ValidationError, DjrhError):
        return "A"
    finally:
        db.conn.execute("ROLLBACK TO matrix")
        db.conn.execute("RELEASE matrix")
    return "A"


def test_role_matrix(world):
    w, sessions = world
    wrong = []
    for name, (letters, own, other) in sorted(POLICY.items()):
        for role, letter in zip(ROLES, letters, strict=True):
            if letter == "-":
                continue
            s = sessions[role]
            got = outcome(s.db, lambda s=s, own=own: own(s, w))
            if letter in "AS" and got != "A":
                wrong.append(f"{name} as {role}: expected allowed, got {got}")
            if letter == "R" and got != "R":
                wrong.append(f"{name} as {role}: expected refused, got {got}")
            if letter == "S":
                assert other is not None, name
                result: list = []
                got_other = outcome(s.db, lambda s=s, other=other, result=result: result.append(other(s, w)))
                excluded = got_other in "RH" or (result and result[0] is True)
                if not excluded:
                    wrong.append(f"{name} as {role}: another branch's data was reachable")
    assert not wrong, "\n".join(wrong)
