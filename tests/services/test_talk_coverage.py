"""Talk coverage counts members on the roll at the date asked, and says so when 分管 is not set up
instead of printing 100% (issue 13)."""

from __future__ import annotations

import datetime as dt

from djrh_desktop.domain.members import MemberInput
from djrh_desktop.services import org, reporting, talks
from djrh_desktop.services.reporting import ReportRequest
from tests.reports.conftest import pdf_text

TODAY = dt.date.today()


def test_no_relations_set_means_no_rate_not_full_coverage(admin, org_tree, tmp_path):
    status = talks.coverage_status(admin, TODAY.year)
    assert status.required == 0 and status.rate is None
    assert "未设置分管关系" in status.missing_setup
    path = tmp_path / "q.pdf"
    q = (TODAY.month - 1) // 3 + 1
    reporting.make(admin, ReportRequest("quarterly", TODAY.year, q), path)
    text = pdf_text(path).replace("\n", "")
    assert "未设置分管关系" in text and "覆盖率100.0%" not in text


def test_coverage_of_a_past_year_uses_that_years_roll(admin, org_tree):
    last = TODAY.year - 1
    p = org_tree["people"]
    org.set_committee_member(admin, org_tree["a"], p["张三"], "书记", f"{last - 2}-01-01")
    newcomer = org.add_member(admin, MemberInput("新人", "男", org_tree["a"], birth_date="1990-01-01",
                                                 join_date=f"{TODAY.year}-01-01")).ids[0]  # fmt: skip
    gaps = {g.talkee_id for g in talks.coverage(admin, last)}
    assert newcomer not in gaps and p["李四"] in gaps
    assert newcomer in {g.talkee_id for g in talks.coverage(admin, TODAY.year)}
