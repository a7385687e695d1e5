"""季度工作报告: overview figures, star levels, 5A points, talks, visits, 三会一课 compliance."""

from __future__ import annotations

from . import fusion_section
from .charts import bar_chart
from .cjk import CJKParagraph
from .document import BODY, LINE, Report

APPENDIX_ROWS = 20  # a branch table longer than this goes to the 附表 (a county's 120 branches)


def _names(names: list[str], limit: int = 8) -> str:
    """A list of branches in a sentence: the first few, then how many in all (the 附表 has every one)."""
    return "、".join(names) if len(names) <= limit else f"{'、'.join(names[:limit])}等{len(names)}个支部"


def _pct(x: float) -> str:
    return f"{x * 100:.1f}%"


def render(r: Report, d: dict) -> None:
    f = d["figures"]
    r.cover_title(f"（{d['quarter']}）")
    if d.get("recipient"):  # 主送: flush left, closed with a full-width colon (GB/T 9704)
        r.story.append(CJKParagraph(f"{d['recipient']}：", r.fonts.body, BODY, leading=LINE, align="left"))
    if d.get("empty"):
        r.para(f"{d['quarter']}暂无数据：没有在册党员，也没有组织生活、谈心谈话、廉政家访和积分记录。")
        return
    r.h1("一、总体情况")
    whole = f"全单位共有党支部{f['branches']}个，季末在册党员{f['members']}名" if not d.get("scope") else (
        f"{d['scope']}季末在册党员{f['members']}名")
    life = d.get("life") or {}
    rate = f"，党员参会率{_pct(life['rate'])}" if life.get("rate") is not None else ""
    study = (f"开展集中学习{life['study_sessions']}次、{life['study_people']}人次，" if life.get("study_sessions") else "")
    r.para(
        f"{d['quarter']}，{whole}。本季度召开“三会一课”等组织生活会议{f['meetings']}次{rate}；{study}"
        f"开展谈心谈话{f['talks']}人次（{f['talk_records']}次），开展廉政家访{f['visits']}人次，签订"
        f"《家庭助廉承诺书》{f['pledges']}份，积分登记{f['point_entries']:,}条；{f['year']}年度截至本季度末共有5A党员"
        f"{f['five_a_members']}名（动态）。" if not f.get("final") else
        f"{d['quarter']}，{whole}。本季度召开“三会一课”等组织生活会议{f['meetings']}次{rate}；{study}"
        f"开展谈心谈话{f['talks']}人次（{f['talk_records']}次），开展廉政家访{f['visits']}人次，签订"
        f"《家庭助廉承诺书》{f['pledges']}份，积分登记{f['point_entries']:,}条；{f['year']}年度共有5A党员{f['five_a_members']}名。"
    )
    words = {"meetings": "组织生活会议", "talks": "谈心谈话人次", "visits": "廉政家访人次"}
    compared = []
    for key, label in words.items():
        parts = [f"{kind}{v[key]}" for kind, v in (d.get("compare") or {}).items() if v.get(key)]
        if parts:
            compared.append(f"{label}{'、'.join(parts)}")
    if compared:
        r.para("与上季度（环比）和上年同期（同比）相比：" + "；".join(compared) + "。")
    units = f.get("units")
    if units:  # a county's file: the figures are those of the units that reported for the quarter
        text = f"本季度数据汇总自报送数据包的{len(units['reported'])}个单位" + (f"：{_names(units['reported'])}" if units["reported"] else "")
        r.para(text + (f"；未报送的单位{len(units['missing'])}个：{_names(units['missing'])}。" if units["missing"] else "；各单位均已报送。"))
    r.table(
        ["项目", "数量", "项目", "数量"],
        [
            ["党支部（个）", f["branches"], "季末在册党员（名）", f["members"]],
            ["三会一课（次）", f["meetings"], "积分登记（条）", f["point_entries"]],
            ["谈心谈话（人次）", f["talks"], "谈心谈话（次）", f["talk_records"]],
            ["廉政家访（人次）", f["visits"], "家庭助廉承诺书（份）", f["pledges"]],
            ["5A党员（名）", f["five_a_members"], "需关注党员（名）", d["five_a"]["warnings"]],
        ],
        [3, 1.3, 3, 1.3],
        align_right=(1, 3),
    )
    s = d["stars"]
    r.h1("二、支部评星定级")
    dist = s["distribution"]
    if s["year"]:
        levels = "，".join(f"{'五四三二一'[5 - n]}星级{dist[n]}个" for n in range(5, 0, -1) if dist[n])
        unrated = f"，未达星级{dist[0]}个" if dist[0] else ""
        c = s["counts"]
        r.para(f"{s['year']}年度评星定级共评定党支部{len(s['rows'])}个，其中{levels}{unrated}。"
               + (f"申报五星级党支部{c['applied']}个，验收合格{c['accepted']}个" if c["applied"] else "")
               + (f"，其中{c['recheck_failed']}个复核不合格，按四星级统计" if c["recheck_failed"] else "")
               + ("。" if c["applied"] else ""))  # fmt: skip
        if s["quota_warning"]:
            r.para(f"提示：{s['quota_warning']}。")
        r.table(["星级", "五星级", "四星级", "三星级", "二星级", "一星级", "未达星级"],
                [["支部数（个）"] + [dist[n] for n in range(5, -1, -1)]],
                [2, 1, 1, 1, 1, 1, 1.2], align_right=(1, 2, 3, 4, 5, 6))  # fmt: skip
        r.chart(bar_chart(f"{s['year']}年度星级分布（个）", [(f"{n}星", dist[n]) for n in range(5, 0, -1)],
                          r.fonts.body, r.width))  # fmt: skip
    cur = s["current"]
    if cur:
        steps = "，".join(f"处于“{k}”环节的{v}个" for k, v in cur["states"].items())
        r.para(f"{cur['year']}年度评星定级正在进行，参加的党支部{cur['total']}个，截至本季度末{steps}。")
    if not s["year"] and not cur:
        r.para("截至本季度末尚未开展评星定级。")
    a = d["five_a"]
    r.h1("三、党员5A量化积分")
    g = a["grades"]
    running = "以下为动态积分，年度关账后为最终结果。" if a["state"] == "动态" else "以下为年度最终结果。"
    r.para(
        f"{f['year']}年度参与积分管理的在册党员{a['members']}名，5A党员{f['five_a_members']}名；按截至本季度末的积分，"
        f"优秀{g['优秀']}名、合格{g['合格']}名、基本合格{g['基本合格']}名、不合格{g['不合格']}名；"
        f"需动态关注的党员{a['warnings']}名。{running}"
    )
    if a["share_warning"]:
        r.para(a["share_warning"] + "。")
    r.h2("（一）本支部积分情况" if d.get("scope") else "（一）各支部积分情况")
    appendix = []  # a county's 120-row tables go to the 附表; the body names what matters
    branch_table = (["支部", "人数", "5A党员", "平均分", "优秀", "合格", "基本合格", "不合格"], a["by_branch"],
                    [4, 1, 1.2, 1.2, 1, 1, 1.3, 1.2], (1, 2, 3, 4, 5, 6, 7))  # fmt: skip
    if len(a["by_branch"]) > APPENDIX_ROWS:
        rows = a["by_branch"]
        failing = [row[0] for row in rows if row[7]]
        r.para(f"平均分最高的是{'、'.join(x[0] for x in rows[:3])}，最低的是{'、'.join(x[0] for x in rows[-3:][::-1])}；"
               + (f"有不合格党员的支部{len(failing)}个：{_names(failing)}。" if failing else "各支部均无不合格党员。")
               + f"各支部情况见附表{len(appendix) + 1}。")  # fmt: skip
        appendix.append(("各支部积分情况", branch_table))
    else:
        header, rows, widths, right = branch_table
        r.table(header, rows, widths, align_right=right)
    if a["by_branch"]:
        r.chart(
            bar_chart(
                "各支部平均积分" + (f"（前12名，共{len(a['by_branch'])}个支部）" if len(a["by_branch"]) > 12 else ""),
                [(row[0].replace("党支部", ""), row[3]) for row in a["by_branch"][:12]],
                r.fonts.body,
                r.width,
                200,
                7.5,
            )
        )
    r.h2("（二）月度积分统计")
    r.table(["月份", "登记条数", "涉及党员", "加分", "减分"],
            [[f"{m['month']}月", m["entries"], m["members"], f"{m['gained']:g}", f"{m['deducted']:g}"] for m in a["months"]],
            [1.5, 1.5, 1.5, 1.5, 1.5], align_right=(1, 2, 3, 4), empty="本季度尚无积分登记。")  # fmt: skip
    r.h2("（三）积分前十名")
    r.table(["名次", "姓名", "支部", "总分", "等次"], a["top"], [1, 1.5, 4, 1.2, 1.2], align_right=(0, 3))
    if len(a["top"]) > 10:
        r.note(f"第十名有并列，共列出{len(a['top'])}名。")
    r.h2("（四）积分后十名")
    r.table(["名次", "姓名", "支部", "总分", "等次"], a["bottom"], [1, 1.5, 4, 1.2, 1.2], align_right=(0, 3))
    if len(a["bottom"]) > 10:
        r.note(f"倒数第十名有并列，共列出{len(a['bottom'])}名。")
    r.h2("（五）动态预警")
    r.table(
        ["姓名", "支部", "总分", "预警原因"],
        a["warning_rows"],
        [1.3, 3, 1, 5],
        align_right=(2,),
        empty="本期无预警党员。",
    )
    if a["warnings"] > len(a["warning_rows"]):
        r.note(f"以上为总分最低的{len(a['warning_rows'])}名，另有{a['warnings'] - len(a['warning_rows'])}名需动态关注的党员未列出。")
    t = d["talks"]
    r.h1("四、谈心谈话")
    coverage = (f"{f['year']}年度应谈未谈{t['gaps']}人次，谈话覆盖率{_pct(t['coverage_rate'])}"
                if t["coverage_rate"] is not None else f"{f['year']}年度{t['coverage_note']}")  # fmt: skip
    if t["coverage_rate"] is not None and t.get("coverage_note"):
        coverage += f"（{t['coverage_note']}）"
    r.para(f"本季度开展谈心谈话{f['talks']}人次。{coverage}；跟进逾期{t['overdue_count']}件。")
    r.h2("（一）按谈话类型")
    r.table(["谈话类型", "人次"], [list(x) for x in t["by_type"]], [4, 1.5], align_right=(1,))
    if t["by_type"]:
        r.chart(
            bar_chart("谈话类型（人次）", [(k, v) for k, v in t["by_type"]], r.fonts.body, r.width, 180, 8)
        )
    r.h2("（二）按谈话人类别")
    r.table(["谈话人类别", "人次"], [list(x) for x in t["by_category"]], [4, 1.5], align_right=(1,))
    r.h2("（三）按谈话人（前十名）")
    r.table(["谈话人", "人次"], [list(x) for x in t["by_talker"]], [4, 1.5], align_right=(1,))
    if t["by_month"]:
        r.chart(bar_chart("各月谈话次数", t["by_month"], r.fonts.body, r.width * 0.7, 160))
    r.h2("（四）跟进逾期事项")
    r.table(
        ["谈话日期", "类型", "谈话对象", "主题", "跟进期限"],
        t["overdue"],
        [1.6, 1.6, 1.8, 3, 1.6],
        empty="无逾期未办结的跟进事项。",
    )
    if t["overdue_count"] > len(t["overdue"]):
        r.note(f"以上为期限最早的{len(t['overdue'])}件，另有{t['overdue_count'] - len(t['overdue'])}件未列出。")
    v = d["visits"]
    r.h1("五、廉政家访")
    r.para(f"本季度开展廉政家访{f['visits']}人次，签订《家庭助廉承诺书》{f['pledges']}份。{f['year']}年度在册党员{v['members']}名，"
           f"已家访{v['visited']}名，覆盖率{_pct(v['rate'])}；回访逾期{v['overdue_count']}件。")  # fmt: skip
    r.table(["被家访党员", "家访日期", "回访期限"], v["overdue"], [2, 2, 2], empty="无逾期未回访事项。")
    if v["overdue_count"] > len(v["overdue"]):
        r.note(f"以上为期限最早的{len(v['overdue'])}件，另有{v['overdue_count'] - len(v['overdue'])}件未列出。")
    r.h1("六、“三会一课”落实情况")
    meeting_table = (["支部"] + d["meeting_types"] + ["未达标情况"], d["meetings"], [3] + [1.3] * len(d["meeting_types"]) + [3], ())
    if len(d["meetings"]) > APPENDIX_ROWS:
        short = [row[0] for row in d["meetings"] if row[-1] not in ("达标", "进行中")]
        r.para((f"本季度未达标的支部{len(short)}个：{_names(short)}。" if short else "本季度各支部均已达标。")
               + f"各支部会议召开次数与应开次数见附表{len(appendix) + 1}。")  # fmt: skip
        appendix.append(("各支部“三会一课”落实情况", meeting_table))
    else:
        r.para("下表为各支部本季度各类会议召开次数与应开次数（次/应开次数），按月要求的会议逐月核对。")
        header, rows, widths, right = meeting_table
        r.table(header, rows, widths, align_right=right)
    r.h2(f"（一）{d['figures']['year']}年度组织生活会和民主评议党员")
    r.table(["支部", "组织生活会", "民主评议党员"], d["annual"], [3, 2, 2], empty="尚无支部。")
    r.h2("（二）领导干部双重组织生活")
    r.para("党委班子成员以普通党员身份参加所在党支部（党小组）组织生活的情况（年初至本季度末）。")
    r.table(["姓名", "党内职务", "职务", "所在支部", "参加次数", "支部召开次数"], d["dual_life"], [1.3, 1.5, 1.3, 3, 1.2, 1.5],
            align_right=(4, 5), empty="尚未设置党委班子成员。")  # fmt: skip
    if "fusion" in d:
        fusion_section.render(r, d["fusion"], d["figures"]["year"], "七、党建与业务融合", appendix, APPENDIX_ROWS, _names)
    texts = d.get("texts") or {}
    written = [(name, texts[name]) for name in ("主要做法和成效", "存在问题", "下一步打算") if texts.get(name)]
    numbers = "八九十" if "fusion" in d else "七八九"
    for k, (name, body) in enumerate(written):
        r.h1(f"{numbers[k]}、{name}")
        for part in body.splitlines():
            if part.strip():
                r.para(part.strip())
    if d.get("issuer"):
        r.spacer(18)
        made = d["made"]
        r.signature(d["issuer"], f"{made.year}年{made.month}月{made.day}日")
    for k, (title, (header, rows, widths, right)) in enumerate(appendix, 1):
        r.page_break()
        r.h1(f"附表{k}　{title}")
        r.table(header, rows, widths, align_right=right)


def build(path, data: dict, unit: str, font_file: str | None = None, code: str | None = None) -> None:
    # A 支部书记's report covers their branch and says so in its title.
    r = Report(f"{data.get('scope') or unit}党建工作季度报告", unit, data["quarter"], font_file, code=code)
    render(r, data)
    r.build(path)
