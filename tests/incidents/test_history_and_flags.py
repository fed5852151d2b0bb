"""History on the intake screen: repeat victims (force window), serial perpetrators."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from accounts.roles import Role
from incidents.safety import warnings_for
from incidents.selectors import connected_groups, incident_is_repeat, person_history

from ..factories import make_person
from .helpers import log_incident


@pytest.fixture
def handler(make_user):
    return make_user(Role.CALL_HANDLER)


def test_second_incident_within_twelve_months_makes_a_repeat_victim(handler, world):
    victim = make_person()
    assert not person_history(victim, force=world.force).is_repeat_victim
    first = log_incident(user=handler, area=world.area, victim=victim, received_at=timezone.now() - timedelta(days=200))
    history = person_history(victim, force=world.force)
    assert history.is_repeat_victim and history.incidents_last_window == 1
    second = log_incident(user=handler, area=world.area, victim=victim)
    assert incident_is_repeat(second) and not incident_is_repeat(first)


def test_incident_outside_the_window_does_not_make_a_repeat(handler, world):
    victim = make_person()
    log_incident(user=handler, area=world.area, victim=victim, received_at=timezone.now() - timedelta(days=400))
    assert not person_history(victim, force=world.force).is_repeat_victim


def test_the_window_is_the_forces_own(handler, world):
    victim = make_person()
    log_incident(user=handler, area=world.area, victim=victim, received_at=timezone.now() - timedelta(days=400))
    world.force.repeat_victim_window_months = 18
    world.force.save()
    assert person_history(victim, force=world.force).is_repeat_victim


@pytest.mark.parametrize(
    "first, repeat",
    [
        # The same date twelve months earlier, at an earlier hour than the second call: within 12 months.
        (datetime(2024, 6, 10, 0, 30, tzinfo=ZoneInfo("Europe/London")), True),
        (datetime(2024, 6, 9, 23, 59, tzinfo=ZoneInfo("Europe/London")), False),
    ],
)
def test_the_window_is_calendar_months_by_local_date(handler, world, first, repeat):
    victim = make_person()
    now = datetime(2025, 6, 10, 9, 0, tzinfo=ZoneInfo("Europe/London"))
    log_incident(user=handler, area=world.area, victim=victim, received_at=first)
    second = log_incident(user=handler, area=world.area, victim=victim, received_at=now)
    assert incident_is_repeat(second) is repeat
    history = person_history(victim, force=world.force, now=now, new_call=False)
    assert history.is_repeat_victim is repeat and history.window_months == 12
    assert warnings_for([(victim, "Victim")], force=world.force, now=now)[victim.pk].is_repeat_victim is repeat


def test_incidents_that_are_not_domestic_abuse_do_not_count(handler, world):
    victim = make_person()
    log_incident(user=handler, area=world.area, victim=victim, is_domestic_abuse=False)
    assert not person_history(victim, force=world.force).is_repeat_victim


def test_suspect_with_two_unconnected_victims_is_a_serial_perpetrator(handler, world):
    suspect = make_person(given_name="Mark", surname="Dale")
    log_incident(user=handler, area=world.area, victim=make_person(given_name="Amy", surname="Ross"), suspect=suspect)
    assert not person_history(suspect, force=world.force).is_serial_perpetrator
    log_incident(user=handler, area=world.area, victim=make_person(given_name="Beth", surname="Hale"), suspect=suspect)
    history = person_history(suspect, force=world.force)
    assert history.is_serial_perpetrator and history.victims_as_suspect == 2


@pytest.mark.parametrize(
    "pairs, groups",
    [
        ([], 0),
        ([(1, 10)], 1),
        ([(1, 10), (2, 10)], 1),  # the same victim twice
        ([(1, 10), (2, 11)], 2),  # two unconnected victims
        ([(1, 10), (1, 11)], 1),  # mother and daughter at the same incident
        ([(1, 10), (1, 11), (2, 11), (3, 12)], 2),
    ],
)
def test_victims_at_the_same_incident_are_connected(pairs, groups):
    assert connected_groups(pairs) == groups


def test_history_lists_previous_incidents_newest_first_with_markers(handler, world):
    from people.services import marker_add

    victim = make_person()
    old = log_incident(user=handler, area=world.area, victim=victim, received_at=timezone.now() - timedelta(days=30))
    new = log_incident(user=handler, area=world.area, victim=victim)
    marker_add(person=victim, kind="vulnerability", code="pregnant", user=handler)
    history = person_history(victim, force=world.force)
    assert [p.incident for p in history.parties] == [new, old]
    assert [m.code for m in history.markers] == ["pregnant"]
