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
