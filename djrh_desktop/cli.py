"""The `djrh` command line. Every message is Chinese; no traceback ever reaches the user."""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os
import sqlite3
import sys
import time
from pathlib import Path

from . import cli_packages, demo, errorlog
from .cli_parser import build_parser
from .domain.errors import AuthError, DataFileError, DjrhError
from .domain.periods import Quarter
from .services import (
    audit_view,
    backups,
    closing,
    export,
    imports,
    lists,
    org,
    point_import,
    project_import,
    record_import,
    reporting,
    setup,
    stats,
    users,
)
from .services.session import Session, system_session
from .store import audit, connection, integrity, schema

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


def resolve_db_path(args) -> Path:
    return Path(args.db) if args.db else connection.default_db_path()


def open_existing(path: Path):
    db = connection.open_db(path)
    if not schema.is_initialised(db):
        raise DataFileError(f"数据文件“{path}”尚未初始化，请先运行 djrh init")
    db.close()
    # No full-file scan here: on a 300 MB file it costs seconds on every command. `djrh check`
    # scans; damage met while reading is reported as a DataFileError all the same.
    return setup.open_and_upgrade(path)


def sign_in(args, db) -> Session:
    username = args.user or os.environ.get("DJRH_USER")
    password = args.password if args.password is not None else os.environ.get("DJRH_PASSWORD")
    if (username is None or password is None) and sys.stdin.isatty():
        username = username or input("用户名：")
        password = password if password is not None else getpass.getpass("密码：")
    if not username or password is None:
        raise AuthError(
            "该数据文件需要登录：请用 --user 和 --password，或环境变量 DJRH_USER 和 DJRH_PASSWORD 提供账户"
        )
    return users.sign_in(db, username, password)


def cmd_init(args) -> int:
    path = resolve_db_path(args)
    if not args.db and not os.environ.get("DJRH_DB"):
        path.parent.mkdir(parents=True, exist_ok=True)
    unit = args.unit
    password = args.admin_password
    if unit is None and sys.stdin.isatty():
        unit = input("单位名称：")
    if password is None and sys.stdin.isatty():
        password = getpass.getpass("管理员密码：")
        if getpass.getpass("再次输入密码：") != password:
            raise AuthError("两次输入的密码不一致")
    if not unit:
        raise DjrhError("请用 --unit 指定单位名称")
    if not password:
        raise DjrhError("请用 --admin-password 指定管理员密码")
    db = connection.open_db(path, create=True)
    setup.initialise(db, unit, args.admin_user, password)
    print(f"已创建数据文件：{path}")
    print(f"单位：{unit}；管理员用户名：{args.admin_user}")
    return EXIT_OK


def cmd_demo(args) -> int:
    path = resolve_db_path(args)
    if not args.db and not os.environ.get("DJRH_DB"):
        path.parent.mkdir(parents=True, exist_ok=True)
    db = connection.open_db(path, create=True)
    schema.upgrade(db)
    if users.has_users(db):
        session = sign_in(args, db)
        if session.role != "admin":
            raise DjrhError("只有系统管理员可以生成演示数据")
    started = time.perf_counter()
    counts = demo.generate(db, args.size, args.seed, progress=lambda msg: print(msg, flush=True))
    elapsed = time.perf_counter() - started
    print(f"演示数据已生成（{elapsed:.1f} 秒）：{path}")
    labels = {"orgs": "组织", "members": "党员", "meetings": "会议", "meeting_attendance": "签到",
              "point_ledger": "积分记录", "talks": "谈话记录", "visits": "家访记录", "rating_branches": "评星记录"}  # fmt: skip
    print("；".join(f"{label} {counts.get(key, 0):,}" for key, label in labels.items()))
    print(f"演示账户：admin / {demo.DEMO_PASSWORD}（另有 dangwu、shuji、jijian，密码相同）")
    return EXIT_OK


def _quarter(args) -> Quarter:
    today = dt.date.today()
    current = Quarter.of(today)
    year = args.year if args.year is not None else current.year
    quarter = args.quarter if args.quarter is not None else (current.quarter if year == current.year else 4)
    q = Quarter(year, quarter)
    if q.start > today:
        raise DjrhError(f"{q.label}尚未开始")
    return q


def cmd_stats(args) -> int:
    q = _quarter(args)
    db = open_existing(resolve_db_path(args))
    session = sign_in(args, db) if users.has_users(db) else system_session(db)
    figures = stats.quarter_figures(session, q)
    if args.json:
        print(json.dumps(figures, ensure_ascii=False, indent=2))
        return EXIT_OK
    levels = figures["star_levels"]
    lines = [
        f"{figures['scope'] or '全单位'} {figures['period']}（{figures['start']} 至 {figures['end']}）",
        f"党支部：{figures['branches']} 个",
        f"党员（季末在册）：{figures['members']} 名",
        f"谈心谈话：{figures['talks']} 人次（{figures['talk_records']} 次）",
        f"廉政家访：{figures['visits']} 人次，签订《家庭助廉承诺书》{figures['pledges']} 份",
        f"三会一课：{figures['meetings']} 次",
        f"积分登记：{figures['point_entries']} 条",
        f"5A党员（{figures['year']}年至今）：{figures['five_a_members']} 名",
        f"{figures['year']}年度等次（{'最终' if figures['final'] else '动态，年度关账后为最终'}）："
        + "，".join(f"{g} {n} 名" for g, n in figures["grades"].items()),
        f"{figures['year']}年度星级："
        + "，".join(f"{level}星 {levels[str(level)]} 个" for level in range(5, -1, -1) if levels[str(level)])
        if any(levels.values())
        else f"{figures['year']}年度星级：尚未定级",
    ]
    print("\n".join(lines))
    return EXIT_OK


def cmd_check(args) -> int:
    path = resolve_db_path(args)
    db = connection.open_db(path)
    if not schema.is_initialised(db):
        raise DataFileError(f"数据文件“{path}”尚未初始化")
    if args.code:
        result = audit.check_code(db, args.code)
        print(result.message, file=sys.stdout if result.ok else sys.stderr)
        return EXIT_OK if result.ok else EXIT_ERROR
    problems = integrity.check(db, full=args.full)
    if problems:
        print(f"检查发现 {len(problems)} 个问题：")
        for p in problems[:200]:
            print(f"  - {p}")
        if len(problems) > 200:
            print(f"  ……另有 {len(problems) - 200} 个问题未列出")
        return EXIT_ERROR
    print(f"检查通过：{path} 完整，审计日志与积分台账未被改动。")
    return EXIT_OK


def cmd_report(args) -> int:
    db = open_existing(resolve_db_path(args))
    session = sign_in(args, db) if users.has_users(db) else None
    if session is None:
        raise DjrhError("生成报表需要登录")
    member = org.find_member(session, args.member) if args.member else None
    branch = org.find_branch(session, args.branch) if args.branch else None
    req = reporting.ReportRequest(args.kind, args.year, args.quarter, member, branch, args.public, args.half)
    started = time.perf_counter()
    print(reporting.make(session, req, args.output), f"（{time.perf_counter() - started:.1f} 秒）")
    return EXIT_OK


def _signed_in(args):
    db = open_existing(resolve_db_path(args))
    if not users.has_users(db):
        raise DjrhError("数据文件还没有用户，请先运行 djrh init")
    return sign_in(args, db)


def cmd_import(args) -> int:
    session = _signed_in(args)
    started = time.perf_counter()
    if args.kind == "members":
        plan = imports.plan_members(session, args.file, args.sheet)
        errors = plan.errors + ([] if args.create_branches else imports.unknown_branch_errors(plan))
    elif args.kind in ("talks", "visits", "projects"):
        planner = {"talks": record_import.plan_talks, "visits": record_import.plan_visits,
                   "projects": project_import.plan_projects}[args.kind]  # fmt: skip
        plan = planner(session, args.file, args.sheet)
        errors = plan.errors
    else:
        plan = point_import.plan_points(session, args.file, args.sheet)
        errors = plan.errors
    print(plan.summary())
    if plan.kind == "members" and plan.unknown_branches:
        print(
            (
                "将新建支部："
                if args.create_branches
                else "以下支部不存在（可加 --create-branches 自动新建）："
            )
            + "、".join(plan.unknown_branches)
        )
    if plan.kind == "members":
        _print_member_changes(plan)
    if errors:
        print(f"发现 {len(errors)} 处错误，未导入任何数据：", file=sys.stderr)
        for e in errors[:300]:
            print(f"  {e}", file=sys.stderr)
        if len(errors) > 300:
            print(f"  ……另有 {len(errors) - 300} 处错误", file=sys.stderr)
        return EXIT_ERROR
    if args.dry_run:
        print("检查通过（--dry-run：未导入）")
        return EXIT_OK
    if args.kind == "members":
        change = imports.apply_members(session, plan, args.create_branches)
    elif args.kind in ("talks", "visits"):
        change = record_import.apply_records(session, plan)
    elif args.kind == "projects":
        change = project_import.apply_projects(session, plan)
    else:
        change = point_import.apply_points(session, plan)
    print(f"{change.summary}（{time.perf_counter() - started:.1f} 秒）")
    return EXIT_OK


def _print_member_changes(plan) -> None:
    """Per matched member, each field the import changes (旧值 → 新值), and which fields it leaves."""
    names = {n: r["name"] for n, r in plan.records.items()}
    lines = [f"  第{n}行 {names[n]}：" + "；".join(str(c) for c in changed) for n, changed in plan.changes.items() if changed]
    if lines:
        print(f"将修改 {len(lines)} 名已有党员的信息：")
        print("\n".join(lines[:300]))
        if len(lines) > 300:
            print(f"  ……另有 {len(lines) - 300} 名")
    absent = plan.absent_labels()
    if plan.changes and absent:
        print(f"文件中没有这些列，已有党员的对应信息保持不变：{'、'.join(absent)}")


def cmd_template(args) -> int:
    session = _signed_in(args)
    export.write_template(session, args.kind, args.output)
    print(f"已生成导入模板：{args.output}")
    return EXIT_OK


def cmd_export(args) -> int:
    session = _signed_in(args)
    started = time.perf_counter()
    if args.kind == "scores":
        n = export.export_scores(session, args.year or dt.date.today().year, args.output)
    else:
        n = export.export_list(
            session, lists.EXPORTS[args.kind], export.year_filters(args.kind, args.year), args.output
        )
    print(f"已导出 {n:,} 行到 {args.output}（{time.perf_counter() - started:.1f} 秒）")
    return EXIT_OK


def cmd_backup(args) -> int:
    session = _signed_in(args)
    started = time.perf_counter()
    change = backups.make(session, args.output)
    print(f"{change.summary}（已校验，{time.perf_counter() - started:.1f} 秒）")
    return EXIT_OK


def cmd_backups(args) -> int:
    session = _signed_in(args)
    found = backups.listing(session)
    if not found:
        print(f"备份文件夹“{backups.folder(session)}”中还没有备份")
    for b in found:
        print(f"{b.made:%Y-%m-%d %H:%M:%S}  {b.size / 1048576:8.1f} MB  {b.reason_text:<8}  {b.path}")
    return EXIT_OK


def cmd_restore(args) -> int:
    session = _signed_in(args)
    print(backups.restore(session, args.file).summary)
    return EXIT_OK


def cmd_audit(args) -> int:
    session = _signed_in(args)
    rows = audit_view.entries(session, args.since)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
    else:
        for r in rows:
            print(f"{r['at']}  {r['username']:<10} {r['action']:<6} {r['summary']}")
    return EXIT_OK


def cmd_close_year(args) -> int:
    print(closing.close_year(_signed_in(args), args.year).summary)
    return EXIT_OK


def cmd_reopen_year(args) -> int:
    print(closing.reopen_year(_signed_in(args), args.year, args.reason).summary)
    return EXIT_OK


COMMANDS = {"close-year": cmd_close_year, "reopen-year": cmd_reopen_year, "init": cmd_init, "demo": cmd_demo, "stats": cmd_stats, "report": cmd_report, "import": cmd_import,
            "template": cmd_template, "export": cmd_export, "backup": cmd_backup, "backups": cmd_backups,
            "restore": cmd_restore, "audit": cmd_audit, "check": cmd_check,
            "package": lambda args: cli_packages.run(args, _signed_in(args))}  # fmt: skip




def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    if not args.command:
        parser.print_help()
        return EXIT_USAGE
    already_open = connection.open_connections()
    try:
        return COMMANDS[args.command](args)
    except DjrhError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_ERROR
    except sqlite3.Error as exc:
        print(f"错误：{connection.translate_error(exc, resolve_db_path(args))}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("已取消", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: log it, tell the user politely
        where = errorlog.record(exc)
        print(
            f"程序内部错误：{exc.__class__.__name__}。" + (f"详情已记录到 {where}" if where else ""),
            file=sys.stderr,
        )
        return EXIT_ERROR
    finally:
        connection.close_all(keep=already_open)  # in order, before exit: never left to the garbage collector


if __name__ == "__main__":
    sys.exit(main())
