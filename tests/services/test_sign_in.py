"""Signing in (issue 12, case 7): failures counted inside the write transaction, a lock no longer than
the lockout from now, one answer for an unknown user and a wrong password, hashes upgraded."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from djrh_desktop.domain.errors import AuthError
from djrh_desktop.services import passwords, users
from djrh_desktop.store.connection import open_db
from tests.conftest import ADMIN_PASSWORD


def test_parallel_wrong_passwords_are_all_counted(db, db_path):
    answers: list[str] = []

    def attempt():
        conn = open_db(db_path)
        try:
            users.sign_in(conn, "admin", "wrong-password-1")
        except AuthError as exc:
            answers.append(str(exc))
        finally:
            conn.close()

    threads = [threading.Thread(target=attempt) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(answers) == 20
    locked = db.execute("SELECT locked_until FROM users WHERE username = 'admin'").fetchone()[0]
    assert locked is not None, "20 parallel failures must lock the account"
    failures = db.execute("SELECT count(*) FROM audit_log WHERE action = '登录失败'").fetchone()[0]
    assert failures == users.MAX_FAILURES  # the rest met the lock and were not counted again
    with pytest.raises(AuthError, match="已锁定"):
        users.sign_in(db, "admin", ADMIN_PASSWORD)


def test_a_lock_set_by_a_fast_clock_ends_within_the_lockout(db):
    year_ahead = dt.datetime.now() + dt.timedelta(days=365)
    for _ in range(users.MAX_FAILURES):
        with pytest.raises(AuthError):
            users.sign_in(db, "admin", "wrong", now=year_ahead)
    now = dt.datetime.now()
    with pytest.raises(AuthError, match="已锁定"):
        users.sign_in(db, "admin", ADMIN_PASSWORD, now=now)
    later = now + dt.timedelta(minutes=users.LOCK_MINUTES, seconds=1)
    assert users.sign_in(db, "admin", ADMIN_PASSWORD, now=later).actor.username == "admin"


def test_unknown_user_and_wrong_password_answer_alike(db):
    with pytest.raises(AuthError) as unknown:
        users.sign_in(db, "nobody", "wrong")
    with pytest.raises(AuthError) as wrong:
        users.sign_in(db, "admin", "wrong")
    assert str(unknown.value) == str(wrong.value)


def test_weaker_hash_is_upgraded_on_sign_in(db, monkeypatch):
    old = db.execute("SELECT password_hash FROM users WHERE username = 'admin'").fetchone()[0]
    monkeypatch.setattr(passwords, "WORK_N", passwords.WORK_N * 2)
    users.sign_in(db, "admin", ADMIN_PASSWORD)
    new = db.execute("SELECT password_hash FROM users WHERE username = 'admin'").fetchone()[0]
    assert new != old and new.split("$")[1] == str(passwords.WORK_N)
    assert users.sign_in(db, "admin", ADMIN_PASSWORD).actor.username == "admin"


def test_product_work_factor_is_scrypt_2_17():
    import importlib

    fresh = importlib.reload(passwords)
    try:
        assert fresh.WORK_N == 2**17
        assert fresh.hash_password("Abcdefg1").split("$")[1] == str(2**17)
    finally:
        fresh.WORK_N = 2**12
