"""Typed errors whose message is meant for the user (Simplified Chinese).

Every layer raises these for a user's problem; anything else is a bug and is logged.
"""


class DjrhError(Exception):
    """A problem the user can act on; ``str(err)`` is a Chinese sentence."""


class ValidationError(DjrhError):
    """Input that breaks a rule. ``field`` names the field (Chinese label) when known."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(f"{field}：{message}" if field else message)
        self.field = field
        self.reason = message


class PermissionDenied(DjrhError):
    """The signed-in user's role may not do this."""


class NotFound(DjrhError):
    """A record the user named does not exist."""


class DataFileError(DjrhError):
    """The data file is missing, not a database, damaged, locked or from a newer version."""


class AuthError(DjrhError):
    """Sign-in failed (wrong credentials, locked account)."""
