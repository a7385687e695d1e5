"""Password hashing with scrypt (slow, salted, memory-hard), from the standard library."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

# ~0.15 s per hash on an office PC: slow for guessing, quick enough for signing in.
_N, _R, _P = 2**15, 8, 1
_MAXMEM = 64 * 1024 * 1024


def hash_password(password: str) -> str:
    salt = os.urandom(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=_N, r=_R, p=_P, maxmem=_MAXMEM)
    return f"scrypt${_N}${_R}${_P}${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"


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
