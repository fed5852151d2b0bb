"""The reports' scene: a synthetic force-year (tests/reports/scene.py), seen in May 2026."""

from datetime import datetime

import pytest
import time_machine

from accounts.roles import Role

from . import profile_scene
from .scene import LONDON, ForceYear

TODAY = datetime(2026, 5, 15, 12, 0, tzinfo=LONDON)


@pytest.fixture
def today():
    """Time stands at noon on 15 May 2026 (London)."""
    with time_machine.travel(TODAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def year(world, make_user, today) -> ForceYear:
    return ForceYear(world, make_user).build()


@pytest.fixture
def force_analyst(make_user, world):
    """An analyst whose reach covers both areas of the force, so the whole force too."""
    analyst = make_user(Role.ANALYST, username="force_analyst")
    analyst.areas.set([world.area, world.other_area])
    return analyst


@pytest.fixture
def profile_year(world, make_user, today, settings):
    """The problem profile's force-year (tests/reports/profile_scene.py), with the test file's harm weights."""
    settings.DACASE_HARM_INDEX_FILE = str(profile_scene.HARM_FILE)
    return profile_scene.ProfileYear(world, make_user).build()


@pytest.fixture
def north_analyst(make_user):
    return make_user(Role.ANALYST, username="north_analyst")
