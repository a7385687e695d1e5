"""Talk counts by talker category from the talker's posts on the talk's date (seed 002, issue 14)."""

from __future__ import annotations

import datetime as dt

from djrh_desktop.domain.periods import Quarter
from djrh_desktop.services import org, report_data, talks
from djrh_desktop.services.talks import Talker, TalkInput
from djrh_desktop.store import queries

TODAY = dt.date.today()
Q = Quarter.of(TODAY)


def talk(admin, p, talker, talkees, day):
    talks.record_talk(admin, TalkInput(type="谈心谈话", date=day, topic="谈心", talkers=[Talker(p[talker])],
                                       talkees=[p[x] for x in talkees]))  # fmt: skip


def test_categories_follow_posts_on_the_date(admin, org_tree):
    p = org_tree["people"]
    start = Q.start.isoformat()
    org.set_committee_member(admin, org_tree["root"], p["张三"], "副书记", start)  # 党委班子成员
    org.set_committee_member(admin, org_tree["b"], p["赵六"], "书记", start)  # 支部书记
    org.set_committee_member(admin, org_tree["a"], p["王芳"], "纪检委员", start)
    talk(admin, p, "张三", ["李四", "王芳"], start)
    talk(admin, p, "赵六", ["钱七"], start)
    talk(admin, p, "王芳", ["李四"], start)
    talk(admin, p, "李四", ["王芳"], start)
    got = queries.talks_by_talker_category(admin.db, Q.start, Q.end)
    assert got == {"党委班子成员": 2, "支部书记": 1, "纪检委员": 1, "其他": 1}
    assert report_data.quarterly(admin, Q, TODAY)["talks"]["by_category"] == list(got.items())


def test_a_post_taken_after_the_talk_does_not_count(admin, org_tree):
    p = org_tree["people"]
    talk(admin, p, "张三", ["李四"], Q.start.isoformat())
    later = min(TODAY, Q.start + dt.timedelta(days=1)).isoformat()
    org.set_committee_member(admin, org_tree["root"], p["张三"], "书记", later)
    got = queries.talks_by_talker_category(admin.db, Q.start, Q.end)
    assert got["其他"] == (1 if later > Q.start.isoformat() else 0)
