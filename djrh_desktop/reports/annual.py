"""年度评星定级结果 (and its 公示 variant), with the distribution chart and 复核 results."""

from __future__ import annotations

from .charts import bar_chart
from .document import Report


def build_notice(path, d: dict, unit: str, font_file: str | None = None, code: str | None = None,
                 today=None) -> None:
    """关于××年度党支部评星定级结果的公示: the branches in 公示 with their proposed levels, the period, where
    objections go, and the issuing organisation's 落款 with the date, right-aligned (GB/T 9704)."""
    import datetime as dt

    year = d["year"]
    r = Report(f"关于{year}年度党支部评星定级结果的公示", unit, f"{year}年度", font_file, public=True, code=code)
    r.cover_title()
    rows = d["publicity"]
    r.para(f"根据党支部评星定级工作安排，经支部自评、党委考评、纪检监察等部门联审，拟评定以下{len(rows)}个党支部的"
           f"{year}年度星级，现予以公示。")  # fmt: skip
    r.table(["党支部", "拟评星级", "点亮的星"], [[x["branch"], _STARS[x['level']], x["lit"] or "—"] for x in rows],
            [3, 1.4, 5])  # fmt: skip
    starts = sorted({x["start"] for x in rows if x["start"]})
    ends = sorted({x["end"] for x in rows if x["end"]})
    when = f"{_cn_date(starts[0])}至{_cn_date(ends[-1])}" if starts and ends else "自发布之日起5个工作日"
    where = d["contact"] or "机关党委"
    r.para(f"公示时间：{when}。公示期间，对公示对象有异议的，请以书面、电话或当面等方式向{where}反映。反映问题应实事求是，"
           f"以单位名义反映的应加盖公章，以个人名义反映的应署真实姓名。")  # fmt: skip
    r.spacer(18)
    r.signature(d["issuer"], _cn_date((today or dt.date.today()).isoformat()))
    r.build(path)


_STARS = {5: "五星级", 4: "四星级", 3: "三星级", 2: "二星级", 1: "一星级", 0: "未达星级"}


def _cn_date(iso: str) -> str:
    y, m, day = iso.split("-")
    return f"{int(y)}年{int(m)}月{int(day)}日"


def build(path, d: dict, unit: str, font_file: str | None = None, code: str | None = None) -> None:
    """年度评星定级结果 as of d["as_of"] (the 公示 notice is build_notice)."""
    year = d["year"]
    r = Report(f"{year}年度党支部评星定级结果", unit, f"{year}年度", font_file, code=code)
    r.cover_title(f"（截至{_cn_date(d['as_of'].isoformat())}）")
    if not d["opened"]:
        r.para(f"{year}年度评星定级尚未开启，暂无结果。")
        r.build(path)
        return
    rated = [x for x in d["rows"] if x["state"] == "定级"]
    dist = d["distribution"]
    levels = "，".join((f"{_STARS[n]}{dist[n]}个") for n in range(5, -1, -1) if dist[n])
    c = d["counts"]
    r.para(
        f"{year}年度参加评星定级的党支部{len(d['rows'])}个，已定级{len(rated)}个"
        + (f"，其中{levels}" if levels else "")
        + (f"；申报五星级党支部{c['applied']}个，验收合格{c['accepted']}个" if c["applied"] else "")
        + (f"（其中复核不合格{c['recheck_failed']}个，已摘去第五颗星，按四星统计）。" if c["recheck_failed"] else "。")
    )
    if d["quota_warning"]:
        r.para(f"提示：{d['quota_warning']}。")
    r.h1("一、评定结果")
    rows = [[x["branch"], _STARS[x["level"]], x["lit"] or "无", x["trend"] or "首次评定"] for x in rated]
    r.table(["党支部", "星级", "点亮的星", "与上年比"], rows, [3, 1, 5, 1.3], empty="尚无定级的党支部。")
    waiting = [[x["branch"], x["state"]] for x in d["rows"] if x["state"] != "定级"]
    if waiting:
        r.h2("（一）尚未定级的支部")
        r.table(["党支部", "所处环节"], waiting, [4, 2])
    r.h1("二、星级分布")
    r.chart(bar_chart(f"{year}年度星级分布（个）", [(f"{n}星", dist[n]) for n in range(5, 0, -1)], r.fonts.body, r.width))
    r.h1(f"三、{year - 1}年度五星级党支部复核情况")
    ok = sum(1 for x in d["rechecks"] if x[1] == "复核合格")
    if d["rechecks"]:
        r.para(f"{year - 1}年度五星级党支部{len(d['rechecks'])}个，复核合格{ok}个。")
    r.table(["党支部", "复核结果", "复核意见"], [[a, b or "未复核", c or ""] for a, b, c in d["rechecks"]], [3, 1.5, 4],
            empty="上年度没有五星级党支部。")  # fmt: skip
    r.h1("四、联系领导与整改措施")
    r.para("三星级及以下、以及考评结果未达到申报星级的党支部，由党组织负责人联系指导，落实整改措施。")
    rows = []
    for x in d["follow_up"]:
        why = _STARS[x["level"]] + (f"（申报{_STARS[x['applied']]}）" if x["applied"] and x["level"] < x["applied"] else "")
        acts = x["actions"] or [None]
        for k, a in enumerate(acts):
            rows.append([x["branch"] if k == 0 else "", why if k == 0 else "", (x["liaison"] or "未确定") if k == 0 else "",
                         a["measure"] if a else "尚未制定", (a["due_date"] or "") if a else "",
                         ("已完成" if a["done"] else (a["progress"] or "未报进展")) if a else ""])  # fmt: skip
    r.table(["党支部", "星级", "联系领导", "整改措施", "完成期限", "进展情况"], rows, [2.4, 1.6, 1.2, 3.4, 1.5, 2.2],
            empty="没有需要联系指导的支部。")  # fmt: skip
    r.build(path)
