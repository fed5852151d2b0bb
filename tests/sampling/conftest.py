"""The root personas, with the officer answering to the sergeant: a practice issue goes to the officer's supervisor."""

import pytest

from accounts.roles import Role


@pytest.fixture
def personas(personas):
    personas.officer.supervisor = personas.sergeant
    personas.officer.save(update_fields=["supervisor"])
    return personas


@pytest.fixture
def second_supervisor(make_user):
    """Another PVP supervisor of North: two reviewers of one sample."""
    return make_user(Role.PVP_SUPERVISOR, username="pvp_supervisor_2")
