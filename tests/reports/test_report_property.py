"""No input stops a report (issue 15): any kind, period, member, branch and role either prints or is refused
with a Chinese message — never 程序内部错误."""

from __future__ import annotations

import datetime as dt
import uuid

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from djrh_desktop.demo import DEMO_PASSWORD
from djrh_desktop.domain.errors import DjrhError
from djrh_desktop.services import reporting, users
from djrh_desktop.services.reporting import ReportRequest

TODAY = dt.date.today()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from(sorted(reporting.KINDS)), year=st.integers(TODAY.year - 12, TODAY.year + 1),
       quarter=st.one_of(st.none(), st.integers(1, 4)), half=st.one_of(st.none(), st.integers(1, 2)),
       pick=st.integers(0, 10_000), role=st.sampled_from(["admin", "dangwu", "shuji", "jijian"]),
       public=st.booleans(), by_branch=st.booleans())  # fmt: skip
def test_any_request_prints_or_is_refused_in_chinese(small_demo, tmp_path, kind, year, quarter, half, pick, role,
                                                      public, by_branch):  # fmt: skip
    s = users.sign_in(small_demo, role, DEMO_PASSWORD)
    members = [m for (m,) in small_demo.execute("SELECT id FROM members ORDER BY id")]
    branches = [b for (b,) in small_demo.execute("SELECT id FROM orgs WHERE kind = '党支部' ORDER BY id")]
    member = members[pick % len(members)] if kind == "points" and not by_branch else None
    branch = branches[pick % len(branches)] if kind == "points" and by_branch else None
    req = ReportRequest(kind, year, quarter, member, branch, public, half)
    out = tmp_path / f"{uuid.uuid4().hex}.pdf"  # examples share tmp_path
    try:
        summary = reporting.make(s, req, out)
    except DjrhError as exc:  # refused: a sentence a user can read, and no file
        assert any("\u4e00" <= ch <= "\u9fff" for ch in str(exc)), str(exc)
        assert not out.exists()
        return
    assert out.stat().st_size > 1000 and summary.startswith("已生成")
