"""Password hashing with scrypt (slow, salted, memory-hard), from the standard library."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

# N=2^17, r=8: 128 MiB and ~0.6 s per hash on an office PC (OWASP's scrypt floor): slow and
# memory-hard for guessing, bearable once per sign-in. Hashes made with a smaller N (older files) are
# upgraded when their owner signs in. The test suite lowers WORK_N to keep hundreds of sign-ins fast.
WORK_N, _R, _P = 2**17, 8, 1
_MAXMEM = 256 * 1024 * 1024
# Verified when the user name is unknown, so that answer takes as long as a wrong password.
_DUMMY = "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="


def hash_password(password: str) -> str:
    salt = os.urandom(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=WORK_N, r=_R, p=_P, maxmem=_MAXMEM)
    return f"scrypt${WORK_N}${_R}${_P}${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"


def needs_upgrade(stored: str) -> bool:
    """A hash made with less work than today's (scrypt N below WORK_N)."""
    try:
        scheme, n, *_ = stored.split("$")
        return scheme != "scrypt" or int(n) < WORK_N
    except ValueError:
        return True


def burn_time(password: str) -> None:
    """The cost of one verification, spent when there is no stored hash to verify against."""
    dummy = _DUMMY.replace("$16384$", f"${WORK_N}$")
    verify_password(password, dummy)


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        got = hashlib.scrypt(
            password.encode("utf-8"), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p),
            maxmem=_MAXMEM, dklen=len(expected),
        )  # fmt: skip
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, expected)


def check_strength(password: str) -> str | None:
    """A Chinese reason the password is too weak, or None."""
    if len(password) < 8:
        return "密码至少8位"
    if password.isdigit() or password.isalpha():
        return "密码应同时包含字母和数字"
    return None
