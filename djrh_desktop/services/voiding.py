"""作废 checks shared by talks, visits and meetings: a record voided by mistake stays in the file."""

from __future__ import annotations

from ..domain.errors import ValidationError


def void_reason(reason: str | None, record: dict, what: str) -> str:
    """The reason, stripped; refused when empty or when the record (`what`: 谈话记录…) is voided already."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("请填写作废原因", "作废原因")
    if record.get("voided_at"):
        raise ValidationError(f"该{what}已经作废", what)
    return reason
