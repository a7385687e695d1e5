"""The quarterly report's 党建与业务融合 section (PRODUCT.md 2.9): the year's 双领办 projects by category, the
quarter's monthly reports, each indicator's progress and the committee's latest review; the 党员先锋阵地 and
their results; the quarter's inspections and the 限期整改 items open at its end."""

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
    registers = f.get("registers")
    if registers:
        r.h2("（一）“双领办”项目")
    _projects(r, f, year, appendix, appendix_rows, names)
    if registers:
        _posts(r, registers)
        _inspections(r, registers, appendix, appendix_rows)


def _posts(r: Report, g: dict) -> None:
    r.h2("（二）党员先锋阵地")
    if not g["posts"]:
        r.para("本季度无在建的党员先锋阵地。")
        return
    kinds = "、".join(f"{k}{n}个" for k, n in g["posts_by_kind"])
    text = f"本季度末共有党员先锋阵地{g['posts']}个（{kinds}），参与党员{g['post_members']}人次。"
    if g["results"]:
        text += "本季度" + "，".join(f"{m}{n}{u}" for m, n, u in g["results"]) + "。"
    else:
        text += "本季度尚未登记阵地成效。"
    r.para(text)


def _inspections(r: Report, g: dict, appendix: list, appendix_rows: int) -> None:
    r.h2("（三）联合检查与限期整改")
    if g["inspections"]:
        kinds = "，".join(f"{k}{n}次" for k, n in g["inspection_kinds"])
        text = f"本季度开展检查{g['inspections']}次（{kinds}），涉及{g['inspected_branches']}个支部。"
    else:
        text = "本季度未开展党建与业务检查。"
    items = g["open_items"]
    overdue = [x for x in items if x["overdue"]]
    if items:
        text += f"截至季度末，限期整改事项尚未完成{len(items)}项" + (f"，其中逾期{len(overdue)}项。" if overdue else "，均在整改期限内。")
    elif g["items_made"]:
        text += "截至季度末，限期整改事项均已完成。"
    r.para(text)
    if not items:
        return
    header = ["党支部", "类别", "问题及整改要求", "责任人", "整改期限", "状态"]
    rows = [[x["branch"], x["side"], x["issue"], x["owner"], x["due_date"], "逾期" if x["overdue"] else "整改中"] for x in items]
    widths = [2.4, 0.9, 4.6, 1.1, 1.9, 1.1]
    if len(rows) > appendix_rows:
        r.para(f"未完成的整改事项见附表{len(appendix) + 1}。")
        appendix.append(("未完成的限期整改事项", (header, rows, widths, ())))
    else:
        r.table(header, rows, widths)


def _projects(r: Report, f: dict, year: int, appendix: list, appendix_rows: int, names) -> None:
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
