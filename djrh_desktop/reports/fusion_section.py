"""The quarterly report's 党建与业务融合 section (PRODUCT.md 2.9): the year's 双领办 projects by category, the
quarter's monthly reports, each indicator's progress and the committee's latest review."""

from __future__ import annotations

from .document import Report

QUARTER_NAMES = {1: "第一季度", 2: "第二季度", 3: "第三季度", 4: "第四季度"}


def _progress(p: dict) -> str:
    if p["value"] is None:
        return "未报数值"
    target = f"/{p['target']:g}" if p["target"] is not None else ""
    return f"{p['value']:g}{target}"


def render(r: Report, f: dict, year: int, heading: str, appendix: list, appendix_rows: int, names) -> None:
    r.h1(heading)
    projects = f["projects"]
    if not projects:
        r.para(f"{year}年度尚未登记“双领办”项目。")
        return
    categories = "，".join(f"{c}{n}个" for c, n in f["by_category"])
    text = f"{year}年度各党支部书记领办“党建+发展”项目{len(projects)}个，其中{categories}。"
    due = len(f["months_due"])
    if due:
        short = f["short"]
        text += (f"本季度应报月度进展{due}次，{len(short)}个项目有未报月份：{names([p['branch'] for p in short])}。"
                 if short else f"本季度应报月度进展{due}次，各项目均已按月报送。")  # fmt: skip
    reviewed = [p for p in projects if p["review"]]
    if reviewed:
        counts = {}
        for p in reviewed:
            counts[p["review"][1]] = counts.get(p["review"][1], 0) + 1
        text += "党委最近一次季度点评：" + "、".join(f"{k}{counts[k]}个" for k in ("好", "较好", "一般", "差") if k in counts) + "。"
    r.para(text)
    # the category is in the paragraph above and the leader is the branch's secretary: room for the title
    header = ["党支部", "项目", "指标进展", "本季度月报", "最近点评"]
    rows = [[p["branch"], p["title"], _progress(p), f"{p['reported']}/{max(due, p['reported'])}" if due else str(p["reported"]),
             f"{p['review'][1]}（{QUARTER_NAMES[p['review'][0]]}）" if p["review"] else "尚未点评"] for p in projects]  # fmt: skip
    widths = [2.6, 4, 1.3, 1.2, 2]
    if len(rows) > appendix_rows:
        r.para(f"各项目推进情况见附表{len(appendix) + 1}。")
        appendix.append(("各支部“双领办”项目推进情况", (header, rows, widths, (2, 3))))
    else:
        r.table(header, rows, widths, align_right=(2, 3))
