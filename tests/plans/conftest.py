"""The plan team: a PVP officer who owns plans, their supervisor, local officers, and a colleague elsewhere."""

from datetime import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine

from accounts.roles import Role

LONDON = ZoneInfo("Europe/London")
MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=LONDON)


@pytest.fixture
def team(make_user, world):
    pvp_sup = make_user(Role.PVP_SUPERVISOR, username="pvpsup", email="pvpsup@police.invalid")
    return SimpleNamespace(
        pvp=make_user(Role.PVP_OFFICER, username="pvp", email="pvp@police.invalid", first_name="Priya"),
        pvp_sup=pvp_sup,
        officer=make_user(Role.RESPONSE_OFFICER, username="officer", email="officer@police.invalid"),
        sergeant=make_user(Role.SERGEANT, username="sarge", email="sarge@police.invalid"),
        handler=make_user(Role.CALL_HANDLER, username="handler"),
        chair=make_user(Role.MARAC_CHAIR, username="chair"),
        senior=make_user(Role.SENIOR_OFFICER, username="super", area=world.other_area),
        idva=make_user(Role.IDVA, username="idva"),
        other_pvp=make_user(Role.PVP_OFFICER, username="otherpvp", area=world.other_area),
        other_officer=make_user(Role.RESPONSE_OFFICER, username="otherofficer", area=world.other_area),
    )


@pytest.fixture
def monday():
    """Time stands at 09:00 on Monday 2 March 2026 (London) until the test moves it."""
    with time_machine.travel(MONDAY, tick=False) as traveller:
        yield traveller
