"""The Victims' Code: 1 working day for enhanced rights over weekends and bank holidays, the contact log, the
overdue list and compliance by area."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError

from incidents import services as incident_services
from safeguarding.case_selectors import victims_code_compliance, victims_code_overdue
from safeguarding.models import VictimUpdate
from safeguarding.services.victims_code import update_due_on, victim_contact_record

from .conftest import at

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("event", "enhanced", "due"),
    [
        (at(2026, 3, 2, 9), True, date(2026, 3, 3)),  # Monday: Tuesday
        (at(2026, 3, 6, 17), True, date(2026, 3, 9)),  # Friday evening: Monday
        (at(2026, 5, 22, 17), True, date(2026, 5, 26)),  # Friday before the spring bank holiday: Tuesday
        (at(2026, 4, 2, 12), True, date(2026, 4, 7)),  # Thursday before Good Friday: the Tuesday after Easter Monday
        (at(2026, 12, 24, 10), True, date(2026, 12, 29)),  # Christmas Eve: Christmas, Boxing Day (substitute Monday 28)
        (at(2026, 5, 23, 23, 30), True, date(2026, 5, 26)),  # Saturday night: Tuesday (Monday is a bank holiday)
        (at(2026, 3, 2, 9), False, date(2026, 3, 9)),  # standard rights: 5 working days
    ],
)
def test_one_working_day_skips_weekends_and_bank_holidays(event, enhanced, due):
    assert update_due_on(event_at=event, enhanced=enhanced) == due


@pytest.fixture
def arrested(incident, personas, people):
    """Arrested on Friday 22 May 2026 at 17:00, before the spring bank holiday weekend."""
    with time_machine.travel(at(2026, 5, 22, 17, 0), tick=False):
        incident_services.arrest_record(
            incident=incident,
            user=personas.officer,
            person=people["suspect"],
            arrested_at=at(2026, 5, 22, 16, 30),
            offence="Assault",
        )
    return VictimUpdate.objects.get(victim=people["victim"], event="arrest")


@pytest.fixture
def incident(personas, world, people):
    from ...incidents.helpers import log_incident

    with time_machine.travel(at(2026, 5, 22, 15, 0), tick=False):
        return log_incident(user=personas.handler, area=world.area, victim=people["victim"], suspect=people["suspect"])


def test_an_arrest_owes_the_victim_an_update_by_tuesday(arrested, personas):
    assert arrested.due_on == date(2026, 5, 26) and arrested.enhanced and arrested.working_days == 1
    assert arrested.responsible == personas.officer  # no plan, no investigator: who recorded it
    assert arrested.rules_version == "vc-2021"


def test_the_overdue_list_and_compliance(arrested, personas, people, world, incident):
    assert not victims_code_overdue(personas.officer, today=date(2026, 5, 26)).exists()
    assert list(victims_code_overdue(personas.officer, today=date(2026, 5, 27))) == [arrested]
    from accounts.roles import Role

    assert not victims_code_overdue(personas.other_area(Role.RESPONSE_OFFICER), today=date(2026, 5, 27)).exists()
    assert not victims_code_overdue(personas.other_force(Role.SENIOR_OFFICER), today=date(2026, 5, 27)).exists()
    with time_machine.travel(at(2026, 5, 27, 10, 0), tick=False):
        victim_contact_record(
            user=personas.officer,
            incident=incident,
            victim=people["victim"],
            method="phone",
            reached=True,
            what_was_said="Told her of the arrest and that he is on bail.",
            updates=[arrested.pk],
        )
    arrested.refresh_from_db()
    assert arrested.given_at is not None and arrested.given_on_time() is False
    rows = victims_code_compliance(user=personas.senior_officer, start=date(2026, 5, 1), end=date(2026, 5, 31))
    assert [(r.area_name, r.due, r.on_time, r.late, r.outstanding, r.percent_on_time) for r in rows] == [
        ("North", 1, 0, 1, 0, 0)
    ]
    assert victims_code_compliance(user=personas.social_worker, start=date(2026, 5, 1), end=date(2026, 5, 31)) == []


def test_a_contact_that_did_not_reach_the_victim_gives_nothing(arrested, personas, people, incident):
    with time_machine.travel(at(2026, 5, 26, 10, 0), tick=False):
        with pytest.raises(ValidationError) as refused:
            victim_contact_record(
                user=personas.officer,
                incident=incident,
                victim=people["victim"],
                method="phone",
                reached=False,
                what_was_said="Voicemail left.",
                updates=[arrested.pk],
            )
        assert "updates" in refused.value.message_dict
        contact = victim_contact_record(
            user=personas.officer,
            incident=incident,
            victim=people["victim"],
            method="phone",
            reached=False,
            what_was_said="Voicemail left.",
        )
    assert contact.pk and VictimUpdate.objects.get(pk=arrested.pk).given_at is None


def test_a_contact_names_only_this_victims_updates(arrested, personas, people, incident):
    with time_machine.travel(at(2026, 5, 26, 10, 0), tick=False):
        for bad in ([arrested.pk + 1000], [2**63 - 1]):
            with pytest.raises(ValidationError) as refused:
                victim_contact_record(
                    user=personas.officer,
                    incident=incident,
                    victim=people["victim"],
                    method="phone",
                    reached=True,
                    what_was_said="x",
                    updates=bad,
                )
            assert "updates" in refused.value.message_dict
        with pytest.raises(ValidationError) as not_victim:
            victim_contact_record(
                user=personas.officer,
                incident=incident,
                victim=people["suspect"],
                method="phone",
                reached=True,
                what_was_said="x",
            )
        assert "victim" in not_victim.value.message_dict


def test_a_charge_and_an_outcome_owe_updates(incident, personas, people):
    with time_machine.travel(at(2026, 5, 26, 10, 0), tick=False):
        crime = incident_services.crime_record(
            incident=incident, user=personas.officer, crime_number="26/1", offence="other"
        )
        incident_services.crime_outcome_record(crime=crime, user=personas.officer, outcome="charge")
    update = VictimUpdate.objects.get(event="charge")
    assert update.due_on == date(2026, 5, 27) and update.victim == people["victim"]
    assert timedelta(0) <= update.event_at - at(2026, 5, 26, 10, 0) < timedelta(seconds=1)
