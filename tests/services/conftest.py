"""Fixtures of the service tests."""

from tests.services.role_world import world  # noqa: F401 - the role matrix's world
