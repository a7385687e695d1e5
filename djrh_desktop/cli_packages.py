"""`djrh package export|import`: 数据包 on the command line (docs/数据包格式.md)."""

from __future__ import annotations

import sys
import time

from .domain.periods import parse_iso_date
from .services import org, package_export, package_import
from .services.session import Session

SHOWN = 300  # lines of refused records and conflicts printed


def add_parser(sub) -> None:
    c = sub.add_parser("package", help="数据包（支部电脑与单位电脑交换记录）",
                       description="导出或导入数据包：单位电脑导出某支部的数据包给支部电脑；支部电脑导出自上次以来的记录交回单位电脑。")  # fmt: skip
    actions = c.add_subparsers(dest="action", metavar="操作", required=True)
    e = actions.add_parser("export", help="导出数据包", description="导出数据包（.djrhpkg）。")
    e.add_argument("--branch", metavar="支部名称", help="单位电脑：导出该支部的数据包（组织、党员、积分规则和该支部的记录）")
    e.add_argument("--since", metavar="日期", help="支部电脑：导出该日期以来的记录（默认：自上次导出以来有变化的记录）")
    e.add_argument("--scope", choices=["unit"], metavar="unit", help="unit：导出全单位的数据包，报送上级工委汇总")
    e.add_argument("-o", "--output", required=True, metavar="文件")
    i = actions.add_parser("import", help="导入数据包", description="检查并导入数据包；有变化的记录在一个事务中写入。")
    i.add_argument("file", metavar="文件")
    i.add_argument("--dry-run", action="store_true", help="只预览，不导入")


def run(args, session: Session) -> int:
    started = time.perf_counter()
    if args.action == "export":
        if args.scope == "unit":
            change = package_export.export_unit(session, args.output)
        elif args.branch:
            change = package_export.export_office(session, org.find_branch(session, args.branch), args.output)
        else:
            since = parse_iso_date(args.since, "日期") if args.since else None
            change = package_export.export_branch(session, args.output, since)
        print(f"{change.summary}：{args.output}（{time.perf_counter() - started:.1f} 秒）")
        return 0
    plan = package_import.plan_import(session, args.file)
    print(plan.summary())
    for title, rows in (("拒绝", plan.refused), ("冲突", plan.conflicts)):
        if rows:
            print(f"{title} {len(rows)} 条：", file=sys.stderr)
            for entity, label, why in rows[:SHOWN]:
                print(f"  {entity} {label}：{why}", file=sys.stderr)
            if len(rows) > SHOWN:
                print(f"  ……另有 {len(rows) - SHOWN} 条", file=sys.stderr)
    if args.dry_run:
        print("预览完毕（--dry-run：未导入）")
        return 0
    change = package_import.apply_import(session, plan)
    print(f"{change.summary}（{time.perf_counter() - started:.1f} 秒）")
    return 0
