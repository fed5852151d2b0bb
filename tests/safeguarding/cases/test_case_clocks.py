"""The clocks of Clare's Law, bail and the Victims' Code in the one clock job: reminders before, escalation after,
each once, catching up after an outage; run twice, sent once."""

from datetime import date

import pytest
import time_machine

from core.jobs import job_run
from core.models import Notification
from incidents import services as incident_services
from safeguarding.clocks import CLOCK_JOB, clocks_for
from safeguarding.models import DisclosureApplication, VictimUpdate
from safeguarding.services import custody

from .conftest import at

pytestmark = pytest.mark.django_db


def run_at(moment):
    with time_machine.travel(moment, tick=False):
        return job_run(CLOCK_JOB, now=moment)


def mine(user, kind: str = "") -> list[str]:
    found = Notification.objects.filter(user=user, kind__startswith="safeguarding_")
    if kind:
        found = found.filter(kind=f"safeguarding_{kind}")
    return list(found.order_by("pk").values_list("message", flat=True))


def dvds_only(user):
    return [m for m in mine(user) if "Clare's Law" in m]


def test_the_28_day_clock_reminds_7_2_and_0_days_before_then_escalates(application, personas):
    owner, supervisor = personas.pvp_officer, personas.pvp_supervisor
    assert application.decision_due == date(2026, 3, 30)
    run_at(at(2026, 3, 22, 12))
    assert dvds_only(owner) == []
    run_at(at(2026, 3, 23, 8))  # 7 days before
    assert len(dvds_only(owner)) == 1 and "due by 00:00 on 31/03/2026" in dvds_only(owner)[0]
    run_at(at(2026, 3, 23, 9))
    run_at(at(2026, 3, 27, 9))
    assert len(dvds_only(owner)) == 1
    run_at(at(2026, 3, 28, 9))  # 2 days before
    run_at(at(2026, 3, 30, 9))  # the day
    assert len(dvds_only(owner)) == 3
    assert dvds_only(supervisor) == []
    run_at(at(2026, 3, 31, 0, 20))  # past the target: the supervisor is told, and the owner
    assert len(dvds_only(supervisor)) == 1 and dvds_only(supervisor)[0].startswith("Escalation")
    run_at(at(2026, 4, 1, 9))
    assert len(dvds_only(supervisor)) == 1 and len(dvds_only(owner)) == 4


def test_a_decision_stops_the_clock(application, personas):
    DisclosureApplication.objects.filter(pk=application.pk).update(
        decision="disclose", decided_at=application.received_at
    )
    run_at(at(2026, 3, 31, 9))
    assert dvds_only(personas.pvp_officer) == [] and dvds_only(personas.pvp_supervisor) == []


def test_after_an_outage_the_reminders_owed_are_sent_once(application, personas):
    # Down from before the 7-day reminder until after the 2-day one: both are owed, each sent once.
    run_at(at(2026, 3, 29, 14))
    assert len(dvds_only(personas.pvp_officer)) == 2
    run_at(at(2026, 3, 29, 14, 20))
    assert len(dvds_only(personas.pvp_officer)) == 2
    # Down again until after the target: the escalation goes at once; the later reminders are not sent late.
    run_at(at(2026, 4, 3, 9))
    assert len(dvds_only(personas.pvp_supervisor)) == 1
    assert len(dvds_only(personas.pvp_officer)) == 3


def test_the_job_run_twice_in_a_slot_sends_once(application, personas):
    first = run_at(at(2026, 3, 23, 9, 1))
    second = run_at(at(2026, 3, 23, 9, 2))
    assert first.outcome == "done" and second.periods == []
    assert len(dvds_only(personas.pvp_officer)) == 1


@pytest.fixture
def arrested(incident, personas, people):
    with time_machine.travel(at(2026, 5, 22, 17), tick=False):
        incident_services.arrest_record(
            incident=incident,
            user=personas.officer,
            person=people["suspect"],
            arrested_at=at(2026, 5, 22, 16),
            offence="Assault",
        )
    return VictimUpdate.objects.get()


@pytest.fixture
def incident(personas, world, people):
    from ...incidents.helpers import log_incident

    with time_machine.travel(at(2026, 5, 22, 15), tick=False):
        return log_incident(user=personas.handler, area=world.area, victim=people["victim"], suspect=people["suspect"])


def test_the_victims_code_update_over_the_bank_holiday_weekend(arrested, personas):
    assert arrested.due_on == date(2026, 5, 26)
    run_at(at(2026, 5, 25, 9))  # bank holiday Monday: not yet due
    assert mine(personas.officer) == []
    run_at(at(2026, 5, 26, 9))
    assert len(mine(personas.officer)) == 1 and "Victims' Code update (arrest)" in mine(personas.officer)[0]
    run_at(at(2026, 5, 27, 9))  # past: escalated to the area's PVP supervisors
    assert len(mine(personas.pvp_supervisor, "escalation")) == 1
    run_at(at(2026, 5, 28, 9))
    assert len(mine(personas.pvp_supervisor, "escalation")) == 1


def test_a_release_tomorrow_reminds_the_case_owner(incident, personas, people):
    with time_machine.travel(at(2026, 5, 26, 9), tick=False):
        status = custody.custody_status_record(
            user=personas.officer,
            incident=incident,
            suspect=people["suspect"],
            kind="in_prison",
            rationale="Sentenced.",
            release_date=date(2026, 5, 27),
        )
    run_at(at(2026, 5, 26, 9, 30))
    texts = mine(personas.officer)
    assert any("Release from custody" in t for t in texts)
    assert any("Risk review" in t for t in texts)  # the review task due today
    assert status.review_tasks.get().due_date == date(2026, 5, 26)


def test_the_clock_list_shows_only_what_is_within_reach(application, personas):
    from accounts.roles import Role

    now = at(2026, 3, 2, 10)
    assert [i.source for i in clocks_for(personas.pvp_officer, now=now)] == ["dvds_decision"]
    assert clocks_for(personas.other_area(Role.PVP_OFFICER), now=now) == []
    assert clocks_for(personas.other_force(Role.SENIOR_OFFICER), now=now) == []
