"""SQLite's errors reach the user as the CLI's Chinese sentence, not as 程序出错 (issue 12, case 5)."""

import sqlite3

import pytest

from djrh_desktop.store import connection


def test_busy_and_full_disk_read_the_same_in_the_gui_as_in_the_cli(ctx, monkeypatch, qtbot, org_tree):
    from PySide6.QtWidgets import QMessageBox, QWidget

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append((title, text)))
    monkeypatch.setattr(QMessageBox, "critical", lambda *a: pytest.fail("a user's problem shown as a crash"))
    parent = QWidget()
    qtbot.addWidget(parent)
    for error, words in ((sqlite3.OperationalError("database is locked"), "正被其他程序占用"),
                         (sqlite3.OperationalError("database or disk is full"), "磁盘空间已满")):  # fmt: skip

        def fail(session, error=error):
            with session.writing():
                raise error

        assert ctx.run(parent, fail) is None
        assert shown[-1][1] == str(connection.translate_error(error, ctx.db_path)) and words in shown[-1][1]
