"""The action plan's small world (a plan with strands, actions and a weakness), for the walks over every page."""

from tests.actions.conftest import world  # noqa: F401  (the fixture, shared with tests/actions)
