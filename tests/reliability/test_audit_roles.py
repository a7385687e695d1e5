"""The audit log through the CLI, by role; escalation attempts through the CLI refused."""

import json
import shutil

import pytest

from djrh_desktop.cli import main


@pytest.fixture
def demo_file(small_demo_template, tmp_path, monkeypatch):
    path = tmp_path / "d.db"
    shutil.copy(small_demo_template, path)
    monkeypatch.setenv("DJRH_PASSWORD", "djrh2026")
    return str(path)


def test_inspector_reads_audit_officer_cannot(demo_file, capsys, monkeypatch):
    monkeypatch.setenv("DJRH_USER", "jijian")
    assert main(["--db", demo_file, "audit", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows and rows[0]["action"] == "登录" and rows[0]["username"] == "jijian"
    monkeypatch.setenv("DJRH_USER", "dangwu")
    assert main(["--db", demo_file, "audit"]) == 1
    assert "没有“查看审计日志”的权限" in capsys.readouterr().err


def test_no_escalation_through_cli(demo_file, capsys, monkeypatch):
    monkeypatch.setenv("DJRH_USER", "shuji")
    assert main(["--db", demo_file, "restore", demo_file]) == 1
    assert "权限" in capsys.readouterr().err
    assert main(["--db", demo_file, "demo", "--size", "small"]) == 1
    monkeypatch.setenv("DJRH_USER", "jijian")
    assert main(["--db", demo_file, "backup"]) == 1
    assert "权限" in capsys.readouterr().err
