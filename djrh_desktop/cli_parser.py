"""The `djrh` command line's arguments and their Chinese help (the commands are in cli.py)."""

from __future__ import annotations

import argparse

from . import __version__, cli_packages, cli_text, demo
from .services import lists, reporting


def build_parser() -> argparse.ArgumentParser:
    cli_text.install()
    p = argparse.ArgumentParser(
        prog="djrh",
        description="党建融合桌面：支部评星定级、党员5A积分、谈心谈话、廉政家访、三会一课的数据管理与统计。",
        epilog="数据文件默认位于用户数据文件夹，可用 --db 或环境变量 DJRH_DB 指定。"
        "已有用户的数据文件需登录：--user/--password，或环境变量 DJRH_USER/DJRH_PASSWORD。",
    )
    p.add_argument("--version", action="version", version=f"djrh {__version__}", help="显示版本号并退出")
    p.add_argument(
        "--db", metavar="路径", help="数据文件路径（默认：环境变量 DJRH_DB 或用户数据文件夹中的 djrh.db）"
    )
    p.add_argument("--user", metavar="用户名", help="登录用户名（或环境变量 DJRH_USER）")
    p.add_argument("--password", metavar="密码", help="登录密码（或环境变量 DJRH_PASSWORD）")
    sub = p.add_subparsers(dest="command", metavar="命令", title="命令")

    c = sub.add_parser(
        "init",
        help="创建数据文件并设置管理员",
        description="创建数据文件、表结构、默认规则和系统管理员账户。",
    )
    c.add_argument("--unit", metavar="单位名称", help="单位名称，如“北山监狱”")
    c.add_argument("--admin-user", metavar="用户名", default="admin", help="管理员用户名（默认 admin）")
    c.add_argument("--admin-password", metavar="密码", help="管理员密码（至少8位，含字母和数字）")

    c = sub.add_parser(
        "demo", help="生成演示数据", description="向新建或刚初始化的数据文件写入可重复的演示数据。"
    )
    c.add_argument("--size", choices=sorted(demo.SIZES), default="unit",
                   help="规模：small 小型、unit 单位（约10个支部300名党员）、county 县级（120个支部4000名党员）")  # fmt: skip
    c.add_argument(
        "--seed", type=int, default=1, metavar="N", help="随机种子（默认 1），相同种子生成相同数据"
    )

    c = sub.add_parser(
        "stats", help="显示季度统计数字", description="显示某季度的各项统计数字（默认本季度）。"
    )
    c.add_argument("--year", type=int, metavar="年份", help="年份（默认今年）")
    c.add_argument("--quarter", type=int, metavar="季度", help="季度 1—4（默认本季度）")
    c.add_argument("--json", action="store_true", help="以 JSON 格式输出")

    c = sub.add_parser(
        "report", help="生成 PDF 报表", description="生成可打印的 PDF 报表（A4，嵌入中文字体）。"
    )
    c.add_argument("kind", choices=list(reporting.KINDS), metavar="报表",
                   help="quarterly 季度工作报告；stars 年度评星定级结果；points 积分台账或排名；talks 谈心谈话记录表；"
                        "visits 廉政家访登记表；meetings 三会一课统计表；notice 半年积分公示；monthly 月度积分统计表；"
                        "projects 双领办项目推进情况表")  # fmt: skip
    c.add_argument("--year", type=int, required=True, metavar="年份")
    c.add_argument("--quarter", type=int, metavar="季度", help="季度 1—4（季度报告和三会一课统计表必填）")
    c.add_argument("--member", metavar="身份证号或姓名", help="积分台账：指定党员")
    c.add_argument("--branch", metavar="支部名称", help="积分排名：指定支部（不指定为全单位）")
    c.add_argument("--public", action="store_true", help="评星定级：生成公示版")
    c.add_argument("--half", type=int, choices=[1, 2], metavar="半年", help="积分公示：1 上半年，2 下半年")
    c.add_argument("-o", "--output", required=True, metavar="文件", help="输出的 PDF 文件")

    c = sub.add_parser(
        "import",
        help="从 Excel 导入党员名册、积分记录、谈心谈话或廉政家访记录",
        description="导入前逐行检查；有任何错误时不导入任何数据。",
    )
    c.add_argument(
        "kind", choices=["members", "points", "talks", "visits", "projects"], metavar="内容",
        help="members 党员名册；points 积分记录；talks 谈心谈话记录；visits 廉政家访记录；projects 双领办项目",
    )
    c.add_argument("file", metavar="文件", help=".xlsx、.xls、.ods 或 .csv 文件")
    c.add_argument("--sheet", metavar="工作表", help="工作表名称（默认第一个）")
    c.add_argument("--create-branches", action="store_true", help="自动新建名册中不存在的支部")
    c.add_argument("--dry-run", action="store_true", help="只检查，不导入")

    c = sub.add_parser(
        "template", help="生成导入模板", description="生成带下拉列表和填写说明的 Excel 导入模板。"
    )
    c.add_argument(
        "kind", choices=["members", "points", "talks", "visits", "projects"], metavar="内容",
        help="members 党员名册；points 积分记录；talks 谈心谈话记录；visits 廉政家访记录；projects 双领办项目",
    )
    c.add_argument("-o", "--output", required=True, metavar="文件")

    c = sub.add_parser(
        "export", help="导出到 Excel", description="把列表导出为 Excel 文件（敏感信息按当前用户的权限处理）。"
    )
    c.add_argument("kind", choices=[*lists.EXPORTS, "scores"], metavar="内容",
                   help="members 党员；points 积分台账；scores 年度5A积分（每人一行）；talks 谈话；visits 家访；"
                        "meetings 会议；stars 评星定级；projects 双领办项目；posts 党员先锋阵地；inspections 联合检查")  # fmt: skip
    c.add_argument("--year", type=int, metavar="年份", help="只导出该年度")
    c.add_argument("-o", "--output", required=True, metavar="文件")

    cli_packages.add_parser(sub)

    c = sub.add_parser(
        "backup",
        help="备份数据文件",
        description="备份并校验数据文件；不指定 -o 时存入备份文件夹并按保留规则轮换。",
    )
    c.add_argument("-o", "--output", metavar="文件", help="备份到指定文件")
    sub.add_parser("backups", help="列出备份", description="列出备份文件夹中的备份（最新在前）。")
    c = sub.add_parser(
        "restore", help="从备份恢复", description="先备份当前数据，校验所选备份，再用它替换当前数据。"
    )
    c.add_argument("file", metavar="备份文件")
    c = sub.add_parser("audit", help="查看审计日志", description="列出审计日志（系统管理员和纪检监督可用）。")
    c.add_argument("--since", metavar="日期", help="只列出该日期（含）以后的记录，如 2026-11-01")
    c.add_argument("--json", action="store_true", help="以 JSON 格式输出")

    c = sub.add_parser("close-year", help="年度关账",
                       description="关账后不能再登记或修改该年度的任何记录（系统管理员）。更正记入当前年度。")  # fmt: skip
    c.add_argument("--year", type=int, required=True, metavar="年份")
    c = sub.add_parser("reopen-year", help="重新开账", description="重新开放已关账的年度（系统管理员，须说明原因）。")
    c.add_argument("--year", type=int, required=True, metavar="年份")
    c.add_argument("--reason", required=True, metavar="原因")

    c = sub.add_parser(
        "check", help="检查数据文件", description="检查数据文件的完整性、外键、审计日志哈希链和积分台账。"
    )
    c.add_argument("--full", action="store_true", help="逐一核对每个索引与数据表（较慢）")
    c.add_argument("--code", metavar="核验码", help="核对打印报表页脚的数据核验码：数据文件是否仍保存着打印时的完整历史")
    return p
