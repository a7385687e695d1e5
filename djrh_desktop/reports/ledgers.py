"""党员积分台账 (one member, a year) and 积分排名 (a branch or the unit, a year)."""

from __future__ import annotations

from .document import Report


def build_member(path, d: dict, unit: str, font_file: str | None = None, code: str | None = None) -> None:
    r = Report(f"党员积分台账（{d['year']}年度）", unit, f"{d['year']}年度", font_file, code=code)
    r.cover_title(f"{d['name']}　{d['branch']}")
    r.table(
        ["姓名", "所在支部", "党员身份", "公民身份号码"],
        [[d["name"], d["branch"], d["party_status"], d["id_number"]]],
        [1.3, 3, 1.5, 3],
    )
    if d["note"]:
        r.para(d["note"])
    if not d["joined"]:
        r.build(path)
        return
    dims = d["dimensions"]
    r.h1("一、年度得分" + ("（动态）" if d["state"] == "动态" else ""))
    r.table([name for _, name, _ in dims] + ["总分", "等次", "支部内名次"],
            [[v for _, _, v in dims] + [d["total"], d["grade"] + ("（5A党员）" if d["five_a"] else ""), d["rank"]]],
            [1] * len(dims) + [1, 1.8, 1.2])  # fmt: skip
    if d["warnings"]:
        r.para("预警：" + "；".join(d["warnings"]) + "。")
    r.h1("二、积分明细")
    r.table(["编号", "日期", "积分项目", "维度", "次数", "分值", "说明"], d["entries"], [1, 1.6, 3.6, 0.8, 0.8, 0.8, 3.2],
            align_right=(0, 4, 5), empty="本年度无积分记录。")  # fmt: skip
    r.build(path)


def build_ranking(path, d: dict, unit: str, font_file: str | None = None, code: str | None = None) -> None:
    scope = d["branch"] or "全单位"
    period = d.get("period") or f"{d['year']}年度"
    r = Report(f"{d['year']}年度党员积分排名（{scope}）", unit, period, font_file, code=code)
    r.cover_title(None if period == f"{d['year']}年度" else f"（截至{d['as_of']}）")
    header = ["名次", "姓名", "支部"] + [name for _, name in d["dimensions"]] + ["总分", "5A", "等次"]
    r.table(header, d["rows"], [0.9, 1.3, 3] + [1] * len(d["dimensions"]) + [1, 0.7, 1.2],
            size=9, align_right=tuple(range(3, 4 + len(d["dimensions"]))) + (0,), empty="没有在册党员。")  # fmt: skip
    r.build(path)


def build_notice(path, d: dict, unit: str, font_file: str | None = None, code: str | None = None, today=None) -> None:
    """关于××年上（下）半年党员积分情况的公示 (PRODUCT.md 2.3, 3.6): every member's score as of 30 June or
    31 December, ranked, the period it covers, where objections go, and the 落款."""
    import datetime as dt

    half = "上半年" if d["half"] == 1 else "下半年"
    scope = d.get("scope")
    r = Report(f"关于{d['year']}年{half}党员积分情况的公示", unit, f"{d['year']}年{half}", font_file, public=True, code=code)
    r.cover_title(f"（{scope}）" if scope else None)
    as_of = d["as_of"]
    state = "年度最终结果" if d["state"] == "最终" else "动态积分，年度关账后为最终结果"
    r.para(f"根据党员5A量化积分管理办法，现将截至{as_of.year}年{as_of.month}月{as_of.day}日的党员积分情况予以公示"
           f"（{state}）。公示期间，党员对本人积分有异议的，请向{d.get('contact') or '所在党支部或机关党委'}反映。")  # fmt: skip
    if d.get("share_warning"):
        r.para(d["share_warning"] + "。")
    dims = d["dimensions"]
    rows = [[m.rank_unit, m.name, m.branch, *[m.score.dimensions[c] for c, _ in dims], m.score.total, m.score.grade]
            for m in d["scores"]]  # fmt: skip
    r.table(["名次", "姓名", "支部", *[name for _, name in dims], "总分", "等次"], rows,
            [0.9, 1.3, 3] + [1] * len(dims) + [1, 1.2], size=9, align_right=tuple(range(3, 4 + len(dims))) + (0,),
            empty="没有在册党员。")  # fmt: skip
    r.spacer(18)
    made = today or dt.date.today()
    r.signature(d.get("issuer") or unit, f"{made.year}年{made.month}月{made.day}日")
    r.build(path)


def build_monthly(path, d: dict, unit: str, font_file: str | None = None, code: str | None = None) -> None:
    """月度积分统计表: entries, members, points gained and deducted per month of the period."""
    scope = d.get("scope")
    r = Report(f"{d['year']}年度党员积分月度统计表", unit, d["period"], font_file, code=code)
    r.cover_title(f"（{scope}）" if scope else f"（{d['period']}）")
    months = d["months"]
    rows = [[f"{m['month']}月", m["entries"], m["members"], f"{m['gained']:g}", f"{m['deducted']:g}",
             f"{m['gained'] + m['deducted']:g}"] for m in months]  # fmt: skip
    if months:
        rows.append(["合计", sum(m["entries"] for m in months), "—", f"{sum(m['gained'] for m in months):g}",
                     f"{sum(m['deducted'] for m in months):g}", f"{sum(m['gained'] + m['deducted'] for m in months):g}"])  # fmt: skip
    r.table(["月份", "登记条数", "涉及党员", "加分", "减分", "净增"], rows, align_right=(1, 2, 3, 4, 5),
            empty="本期没有积分记录。")  # fmt: skip
    r.note("一条积分记录为一次登记；冲销记入冲销当月。")
    r.build(path)
