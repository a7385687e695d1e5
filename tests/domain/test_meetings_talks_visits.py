import datetime as dt

from djrh_desktop.domain import meetings, talks, visits
from djrh_desktop.domain.periods import Quarter

Q3 = Quarter(2026, 3)


def by_type(result):
    return {c.type: c for c in result}


def test_full_quarter_compliant():
    held = [(t, dt.date(2026, m, 10)) for t in ("支部委员会", "党小组会", "主题党日") for m in (7, 8, 9)]
    held += [("支部党员大会", dt.date(2026, 8, 1)), ("党课", dt.date(2026, 9, 1))]
    result = by_type(meetings.compliance(Q3, held, as_of=dt.date(2026, 10, 5)))
    assert all(c.status == "达标" for c in result.values())
    assert result["主题党日"].held == 3 and result["主题党日"].required == 3


def test_missing_month_is_named_even_if_quarter_total_is_met():
    held = [
        ("支部委员会", dt.date(2026, 7, 3)),
        ("支部委员会", dt.date(2026, 7, 20)),
        ("支部委员会", dt.date(2026, 9, 3)),
    ]
    c = by_type(meetings.compliance(Q3, held, as_of=dt.date(2026, 10, 1)))["支部委员会"]
    assert c.held == 3 and c.missing_periods == ("8月",) and c.status == "未达标"
    assert "支部委员会缺8月" in meetings.behind(
        list(by_type(meetings.compliance(Q3, held, dt.date(2026, 10, 1))).values())
    )


def test_quarter_in_progress_is_pending_not_failed():
    c = by_type(meetings.compliance(Q3, [("支部委员会", dt.date(2026, 7, 3))], as_of=dt.date(2026, 8, 15)))
    assert c["支部委员会"].status == "进行中"
    assert c["党课"].status == "进行中"
    assert by_type(meetings.compliance(Q3, [], as_of=dt.date(2026, 8, 15)))["支部委员会"].missing_periods == (
        "7月",
    )


def test_meetings_outside_quarter_ignored():
    c = by_type(meetings.compliance(Q3, [("党课", dt.date(2026, 6, 30))], as_of=dt.date(2026, 12, 1)))
    assert c["党课"].held == 0 and c["党课"].missing_periods == ("本季度",)


def test_talk_coverage_pairs_and_gaps():
    required = talks.required_pairs(
        leader_departments={1: [10]},
        department_members={10: [1, 2, 3]},
        secretary_branches={4: [20]},
        branch_members={20: [4, 5, 2]},
    )
    assert required == {(1, 2): "分管部门", (1, 3): "分管部门", (4, 5): "支部书记", (4, 2): "支部书记"}
    gaps = talks.coverage_gaps(required, held=[(1, 2), (4, 5), (9, 9)])
    assert [(g.talker_id, g.talkee_id) for g in gaps] == [(1, 3), (4, 2)]
    assert talks.coverage_rate(required, gaps) == 0.5


def test_overdue_followups():
    today = dt.date(2026, 11, 23)
    assert talks.is_overdue("待跟进", dt.date(2026, 11, 22), today)
    assert not talks.is_overdue("待跟进", dt.date(2026, 11, 23), today)
    assert not talks.is_overdue("已办结", dt.date(2026, 1, 1), today)
    assert visits.return_overdue("待回访", dt.date(2026, 10, 1), today)


def test_visit_coverage_and_pledges():
    cov = visits.coverage([1, 2, 3, 4], [2, 4, 9])
    assert (cov.members, cov.visited, cov.not_visited) == (4, 2, (1, 3))
    assert cov.rate == 0.5
    data = [
        (True, dt.date(2026, 7, 1)),
        (True, dt.date(2026, 6, 30)),
        (False, None),
        (True, dt.date(2026, 9, 30)),
    ]
    assert visits.pledges_signed(data, Q3.start, Q3.end) == 2


def test_group_meetings_are_required_of_every_group():
    groups = [(11, "第一党小组"), (12, "第二党小组")]
    held = [("党小组会", dt.date(2026, m, 5), 11) for m in (7, 8, 9)] + [("党小组会", dt.date(2026, 7, 9), 12)]
    c = by_type(meetings.compliance(Q3, held, dt.date(2026, 10, 5), groups))["党小组会"]
    assert (c.held, c.required) == (4, 6)
    assert c.missing_periods == ("第二党小组8月", "第二党小组9月")
    assert meetings.behind([c]) == ["党小组会缺第二党小组8月、第二党小组9月"]
    # Without groups the branch itself needs one a month, as before.
    assert by_type(meetings.compliance(Q3, held, dt.date(2026, 10, 5)))["党小组会"].ok


def test_annual_items_judged_when_the_year_has_ended():
    held = [("组织生活会", dt.date(2026, 2, 10))]
    running = {c.type: c for c in meetings.annual_compliance(2026, held, dt.date(2026, 11, 1))}
    assert running["组织生活会"].ok and running["民主评议党员"].pending
    ended = meetings.annual_compliance(2026, held, dt.date(2027, 1, 5))
    assert meetings.behind(ended) == ["民主评议党员全年未召开"]
    assert meetings.requirement_text("党小组会") == "每组每月至少1次" and meetings.requirement_text("党课") == "每季度至少1次"
