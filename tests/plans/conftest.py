"""Plans run on a clock: a Monday to start from. (The people are the root conftest's personas.)"""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

LONDON = ZoneInfo("Europe/London")
MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=LONDON)


@pytest.fixture
def monday():
    """Time stands at 09:00 on Monday 2 March 2026 (London) until the test moves it."""
    with time_machine.travel(MONDAY, tick=False) as traveller:
        yield traveller
