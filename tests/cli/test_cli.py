import json
import os
import subprocess
import sys

import pytest

from djrh_desktop.cli import main


@pytest.fixture(autouse=True)
def no_env_credentials(monkeypatch, tmp_path):
    monkeypatch.delenv("DJRH_USER", raising=False)
    monkeypatch.delenv("DJRH_PASSWORD", raising=False)
    monkeypatch.delenv("DJRH_DB", raising=False)


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_init_demo_stats_check(tmp_path, capsys):
    db = str(tmp_path / "d.db")
    code, out, _ = run(capsys, "--db", db, "init", "--unit", "北山监狱", "--admin-password", "Secret2026")
    assert code == 0 and "已创建数据文件" in out
    code, _, err = run(capsys, "--db", db, "init", "--unit", "北山监狱", "--admin-password", "Secret2026")
    assert code == 1 and "已经初始化" in err
    code, _, err = run(capsys, "--db", db, "demo", "--size", "small")
    assert code == 1 and "需要登录" in err
    code, out, _ = run(
        capsys, "--db", db, "--user", "admin", "--password", "Secret2026", "demo", "--size", "small"
    )
    assert code == 0 and "演示数据已生成" in out
    code, out, _ = run(capsys, "--db", db, "--user", "admin", "--password", "Secret2026", "stats", "--json")
    figures = json.loads(out)
    for key in (
        "branches",
        "members",
        "talks",
        "visits",
        "pledges",
        "meetings",
        "point_entries",
        "five_a_members",
        "star_levels",
    ):
        assert key in figures
    assert figures["branches"] == 3
    code, out, _ = run(
        capsys,
        "--db",
        db,
        "--user",
        "admin",
        "--password",
        "Secret2026",
        "stats",
        "--year",
        "2025",
        "--quarter",
        "3",
    )
    assert code == 0 and "2025年第三季度" in out and "党员（季末在册）" in out
    code, out, _ = run(capsys, "--db", db, "check")
    assert code == 0 and "检查通过" in out


def test_credentials_from_environment_and_wrong_password(tmp_path, capsys, monkeypatch):
    db = str(tmp_path / "d.db")
    run(capsys, "--db", db, "init", "--unit", "单位", "--admin-password", "Secret2026")
    monkeypatch.setenv("DJRH_USER", "admin")
    monkeypatch.setenv("DJRH_PASSWORD", "wrong")
    code, _, err = run(capsys, "--db", db, "stats")
    assert code == 1 and "用户名或密码错误" in err
    monkeypatch.setenv("DJRH_PASSWORD", "Secret2026")
    assert run(capsys, "--db", db, "stats")[0] == 0
    from djrh_desktop.store.connection import open_db

    audit = open_db(db).execute("SELECT username, action FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    assert audit == ("admin", "登录")


def test_check_reports_outside_tampering(tmp_path, capsys):
    db = str(tmp_path / "d.db")
    run(capsys, "--db", db, "demo", "--size", "small")
    from djrh_desktop.store.connection import open_db

    conn = open_db(db)
    conn.execute("DROP TRIGGER point_ledger_no_update")
    conn.execute("UPDATE point_ledger SET points = 50 WHERE id = 7")
    conn.conn.commit()
    conn.close()
    code, out, _ = run(capsys, "--db", db, "check")
    assert code == 1 and "积分台账第 7 条记录被改动" in out and "防修改触发器被删除" in out


@pytest.mark.parametrize(
    "argv, message",
    [
        (["stats", "--quarter", "5"], "季度只能是 1—4"),
        (["stats", "--year", "2100"], "尚未开始"),
        (["stats", "--year", "3000"], "年份 3000 不在"),
        (["demo", "--size", "huge"], "无效的取值"),
        (["stats", "--year", "abc"], "无效的取值"),
        (["nosuch"], "无效的取值"),
    ],
)
def test_bad_arguments_in_chinese(tmp_path, capsys, argv, message):
    db = str(tmp_path / "d.db")
    run(capsys, "--db", db, "init", "--unit", "单位", "--admin-password", "Secret2026")
    code, out, err = run(capsys, "--db", db, "--user", "admin", "--password", "Secret2026", *argv)
    assert code != 0 and message in out + err
    assert "Traceback" not in out + err


def test_bad_files(tmp_path, capsys):
    junk = tmp_path / "junk.db"
    junk.write_text("这不是数据库" * 50, encoding="utf-8")
    code, _, err = run(capsys, "--db", str(junk), "check")
    assert code == 1 and "不是本程序的数据文件" in err
    code, _, err = run(
        capsys,
        "--db",
        str(tmp_path / "missing" / "x.db"),
        "init",
        "--unit",
        "单位",
        "--admin-password",
        "Secret2026",
    )
    assert code == 1 and "文件夹" in err and "不存在" in err
    damaged = tmp_path / "damaged.db"
    run(capsys, "--db", str(damaged), "init", "--unit", "单位", "--admin-password", "Secret2026")
    import sqlite3

    conn = sqlite3.connect(damaged)  # move everything from the WAL into the main file first
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = bytearray(damaged.read_bytes())
    assert len(data) > 8192
    data[4096:8192] = b"\xff" * 4096  # wreck the second page
    damaged.write_bytes(bytes(data))
    for wal in (tmp_path / "damaged.db-wal", tmp_path / "damaged.db-shm"):
        wal.unlink(missing_ok=True)
    code, out, err = run(capsys, "--db", str(damaged), "check")
    assert code == 1 and ("损坏" in out + err or "完整性" in out + err)
    assert "Traceback" not in out + err


def test_help_is_chinese(capsys):
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "用法：" in out and "生成演示数据" in out and "显示本帮助并退出" in out


def test_console_script_runs_as_subprocess(tmp_path):
    env = {**os.environ, "DJRH_DB": str(tmp_path / "env.db")}
    proc = subprocess.run(
        [sys.executable, "-m", "djrh_desktop.cli", "init", "--unit", "单位", "--admin-password", "Secret2026"],
        capture_output=True, text=True, encoding="utf-8", env=env, timeout=60,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "env.db").exists()


def test_report_finds_members_and_branches_by_what_is_typed(tmp_path, capsys, small_demo_template):
    import shutil

    db = tmp_path / "d.db"
    shutil.copy(small_demo_template, db)
    base = ["--db", str(db), "--user", "admin", "--password", "djrh2026", "report", "points", "--year", "2025"]
    code, _, err = run(capsys, *base, "--member", "不存在的人", "-o", str(tmp_path / "a.pdf"))
    assert code == 1 and "没有找到党员" in err
    code, _, err = run(capsys, *base, "--branch", "月球党支部", "-o", str(tmp_path / "b.pdf"))
    assert code == 1 and "没有名为“月球党支部”的党支部" in err
    assert not (tmp_path / "a.pdf").exists() and not (tmp_path / "b.pdf").exists()


def test_template_and_import_of_talk_records(tmp_path, capsys):
    """`djrh template talks` then `djrh import talks F --dry-run` and for real; an error names row and column."""
    from openpyxl import load_workbook

    db = str(tmp_path / "t.db")
    run(capsys, "--db", db, "init", "--unit", "北山监狱", "--admin-password", "Secret2026")
    login = ("--db", db, "--user", "admin", "--password", "Secret2026")
    from djrh_desktop.domain.members import MemberInput
    from djrh_desktop.services import org, users
    from djrh_desktop.store.connection import open_db

    conn = open_db(tmp_path / "t.db")
    s = users.sign_in(conn, "admin", "Secret2026")
    root = conn.execute("SELECT id FROM orgs WHERE parent_id IS NULL").fetchone()[0]
    branch = org.add_org(s, "一监区党支部", "党支部", root).ids[0]
    for name in ("张三", "李四"):
        org.add_member(s, MemberInput(name, "男", branch, join_date="2010-07-01"))
    conn.close()
    template = tmp_path / "谈话模板.xlsx"
    code, out, _ = run(capsys, *login, "template", "talks", "-o", str(template))
    assert code == 0 and template.exists()
    wb = load_workbook(template)
    ws = wb.active
    for r, values in enumerate([["2026-03-02", "谈心谈话", "张三", "李四", "活动室", "思想动态", "交流", "否"],
                                ["2026-03-03", "谈心谈话", "张三", "无名氏", None, "思想动态", None, None]], 2):
        for c, v in enumerate(values, 1):  # typed under the header, as an officer fills the template
            ws.cell(r, c, v)
    wb.save(template)
    code, _, err = run(capsys, *login, "import", "talks", str(template), "--dry-run")
    assert code == 1 and "第3行 被谈话人：名册中没有“无名氏”" in err
    ws.delete_rows(3)
    wb.save(template)
    code, out, _ = run(capsys, *login, "import", "talks", str(template), "--dry-run")
    assert code == 0 and "谈话记录 1 条" in out and "未导入" in out
    code, out, _ = run(capsys, *login, "import", "talks", str(template))
    assert code == 0 and "已导入谈心谈话记录 1 条" in out


def test_stats_fusion_figures_match_the_exports(small_demo_template, tmp_path, capsys):
    """djrh stats --json "fusion": projects equals the rows of the year's projects export; posts, inspections and
    open 整改 items equal what the registers hold (issue 17)."""
    import datetime as dt
    import shutil

    from openpyxl import load_workbook

    from djrh_desktop.demo.sizes import DEMO_PASSWORD
    from djrh_desktop.domain.periods import Quarter

    db = str(tmp_path / "d.db")
    shutil.copy(small_demo_template, db)
    login = ("--db", db, "--user", "admin", "--password", DEMO_PASSWORD)
    today = dt.date.today()
    q = Quarter.of(today)
    code, out, _ = run(capsys, *login, "stats", "--year", str(q.year), "--quarter", str(q.quarter), "--json")
    fusion = json.loads(out)["fusion"]
    rows = {}
    for kind in ("projects", "posts", "inspections"):
        target = tmp_path / f"{kind}.xlsx"
        assert run(capsys, *login, "export", kind, "--year", str(q.year), "-o", str(target))[0] == 0
        rows[kind] = load_workbook(target).active.max_row - 1
    assert fusion["projects"] == rows["projects"] > 0
    from djrh_desktop.store.connection import open_db

    con = open_db(db)
    standing = con.execute("""SELECT count(*) FROM fusion_posts WHERE voided_at IS NULL AND start_date <= ?
                              AND (end_date IS NULL OR end_date >= ?)""", [today.isoformat(), q.start.isoformat()]).fetchone()[0]  # fmt: skip
    open_items = con.execute("SELECT count(*) FROM fusion_rectifications WHERE closed_on IS NULL").fetchone()[0]
    checked = con.execute("SELECT count(*) FROM fusion_inspections WHERE date BETWEEN ? AND ?",
                          [q.start.isoformat(), today.isoformat()]).fetchone()[0]  # fmt: skip
    of_year = con.execute("SELECT count(*) FROM fusion_inspections WHERE date LIKE ?", [f"{q.year}-%"]).fetchone()[0]
    con.close()
    assert fusion["posts"] == standing == rows["posts"] > 0
    assert fusion["open_rectifications"] == open_items
    assert fusion["inspections"] == checked and rows["inspections"] == of_year


def test_package_commands(small_demo_template, tmp_path, capsys):
    """djrh package export --branch / import [--dry-run] / export (branch PC) / a damaged file refused (exit 1)."""
    import shutil

    from djrh_desktop.demo.sizes import DEMO_PASSWORD

    office = str(tmp_path / "office.db")
    shutil.copy(small_demo_template, office)
    login = ("--db", office, "--user", "admin", "--password", DEMO_PASSWORD)
    branch = run(capsys, *login, "stats", "--json")  # a first sign-in upgrades nothing: just to be sure it opens
    assert branch[0] == 0
    pkg = tmp_path / "b.djrhpkg"
    code, out, _ = run(capsys, *login, "package", "export", "--branch", "机关第一党支部", "-o", str(pkg))
    assert code == 0 and out.startswith("已导出机关第一党支部数据包")
    pc = str(tmp_path / "pc.db")
    assert run(capsys, "--db", pc, "init", "--unit", "北山监狱", "--admin-password", "Branch2026x")[0] == 0
    pc_login = ("--db", pc, "--user", "admin", "--password", "Branch2026x")
    code, out, _ = run(capsys, *pc_login, "package", "import", str(pkg), "--dry-run")
    assert code == 0 and "新增" in out and "未导入" in out
    code, out, err = run(capsys, *pc_login, "package", "import", str(pkg))
    assert code == 0 and "已导入数据包" in out, err
    code, out, _ = run(capsys, *pc_login, "package", "import", str(pkg))
    assert code == 0 and "导入过" in out
    code, out, _ = run(capsys, *pc_login, "package", "export", "-o", str(tmp_path / "back.djrhpkg"))
    assert code == 0 and "没有新的记录" in out
    broken = tmp_path / "broken.djrhpkg"
    broken.write_bytes(pkg.read_bytes()[:1000])
    code, _, err = run(capsys, *login, "package", "import", str(broken))
    assert code == 1 and "不是完整的数据包" in err
