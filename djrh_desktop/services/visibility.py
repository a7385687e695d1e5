"""What a role may not see of a record, decided in one place.

A view handed to a face carries `_hidden`, the fields whose stored value it does not show (the face
shows them as not visible, read-only). An update keeps the stored value of every field its editor
could not see, whatever the face sent back, so a placeholder such as （无权查看） is never written."""

from __future__ import annotations

from collections.abc import Iterable

from ..domain import idnumber
from .session import Session

HIDDEN_KEY = "_hidden"
NOT_VISIBLE = "（无权查看）"
VISIT_HIDDEN = ("address",)
TALK_SENSITIVE = ("content", "statement", "problems", "measures")


def visit_hidden(s: Session) -> tuple[str, ...]:
    """Family addresses: administrators, inspectors and officers see them."""
    return () if s.sees_sensitive or s.role == "officer" else VISIT_HIDDEN


def talk_hidden(s: Session, talk: dict, talker_ids: Iterable[int]) -> tuple[str, ...]:
    """A 敏感 record's content: administrators, inspectors and its talkers see it."""
    if talk.get("sensitivity") != "敏感" or s.sees_sensitive or s.actor.member_id in set(talker_ids):
        return ()
    return TALK_SENSITIVE


def member_hidden(s: Session, member: dict) -> tuple[str, ...]:
    """The full ID number: roles that maintain the member's branch, or may read sensitive data."""
    return () if s.can("member.write", member.get("branch_id")) or s.sees_sensitive else ("id_number",)


def shown(record: dict, hidden: tuple[str, ...], masks: dict | None = None) -> dict:
    """The record as the role may see it: each hidden field masked (or NOT_VISIBLE), listed in _hidden."""
    out = dict(record)
    for f in hidden:
        if out.get(f):
            out[f] = (masks or {}).get(f, lambda _v: NOT_VISIBLE)(out[f])
    out[HIDDEN_KEY] = tuple(hidden)
    return out


def keep_hidden(row: dict, stored: dict, hidden: tuple[str, ...]) -> dict:
    """The row to write: every field the editor could not see keeps its stored value."""
    return {**row, **{f: stored.get(f) for f in hidden if f in row}}


ID_MASK = {"id_number": idnumber.mask}
