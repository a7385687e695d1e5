"""双领办项目推进情况表 (PRODUCT.md 2.9): each branch's project of the year — its tasks and indicator, the
monthly progress, the committee's quarterly reviews and the year-end assessment."""

from __future__ import annotations

from .document import Report

QUARTERS = {1: "第一季度", 2: "第二季度", 3: "第三季度", 4: "第四季度"}
CN = "一二三四五六七八九十"


def _ordinal(k: int) -> str:
    """1 → 一, 12 → 十二, 25 → 二十五 (headings number the projects)."""
    if k <= 10:
        return CN[k - 1]
    tens, ones = divmod(k, 10)
    return (CN[tens - 1] if tens > 1 else "") + "十" + (CN[ones - 1] if ones else "")


def build(path, d: dict, unit: str, font_file: str | None = None, code: str | None = None) -> None:
    year = d["year"]
    r = Report(f"{year}年度“双领办”项目推进情况表", unit, f"{year}年度", font_file, code=code)
    r.cover_title(f"（截至{d['as_of'].year}年{d['as_of'].month}月{d['as_of'].day}日）")
    projects = d["projects"]
    if not projects:
        r.para(f"{year}年度没有登记“双领办”项目。")
        r.build(path)
        return
    assessed = [p for p in projects if p["assessment"]]
    r.para(f"{year}年度各党支部书记领办“党建+发展”项目{len(projects)}个，月度进展共报送"
           f"{sum(len(p['progress']) for p in projects)}次" + (f"，已年终考核{len(assessed)}个" if assessed else "") + "。")  # fmt: skip
    for k, p in enumerate(projects, 1):
        r.h1(f"{_ordinal(k)}、{p['branch']}：{p['title']}")
        indicator = (f"；业务指标：{p['indicator']}" + (f"，目标{p['target']:g}" if p["target"] is not None else "")
                     if p["indicator"] else "")  # fmt: skip
        r.note(f"融合类别：{p['category']}；领办人：{p['leader'] or '未定'}{indicator}。")
        r.note(f"党建任务：{p['party_task']}。业务目标：{p['business_goal']}。")
        rows = [[f"{g['month']}月", g["note"], "" if g["value"] is None else f"{g['value']:g}"] for g in p["progress"]]
        r.table(["月份", "进展情况", "指标数值"], rows, [1, 6, 1.3], align_right=(2,), empty="尚未报送月度进展。")
        reviews = "；".join(f"{QUARTERS[v['quarter']]}{v['rating']}" + (f"（{v['comment']}）" if v["comment"] else "")
                            for v in p["reviews"])  # fmt: skip
        r.note(f"季度点评：{reviews or '尚未点评'}。")
        if p["assessment"]:
            result, score = p["assessment"]
            r.note(f"年终考核：{result}（{score:g}分）。")
    r.build(path)
