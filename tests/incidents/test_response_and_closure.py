"""Intelligence checks, response, outcomes and supervisor sign-off before closure."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.roles import Role
from incidents import services
from incidents.models import Answer, Crime, Incident
from incidents.selectors import closure_problems
from incidents.services.outcomes import incident_no_crime, incident_positive_action

from ..factories import make_person
from .helpers import log_incident


@pytest.fixture
def handler(make_user):
    return make_user(Role.CALL_HANDLER)


@pytest.fixture
def supervisor(make_user):
    return make_user(Role.CONTROL_ROOM_SUPERVISOR)


@pytest.fixture
def incident(handler, world):
    return log_incident(user=handler, area=world.area, victim=make_person(), suspect=make_person(given_name="Rob"))


def _make_ready(incident, user):
    services.intelligence_check_record(
        incident=incident,
        user=user,
        systems=["pnc", "da_history"],
        findings="Two previous call-outs.",
        responsible="call_handler",
    )
    services.incident_grade(incident=incident, user=user, grade=Incident.Grade.IMMEDIATE)
    incident_no_crime(incident=incident, user=user)
    incident_positive_action(incident=incident, user=user, rationale="Suspect had left; circulated as wanted.")


def test_closure_lists_everything_missing(incident):
    assert set(closure_problems(incident)) == {
        "response_grade",
        "intelligence_check",
        "crime_decision",
        "positive_action_rationale",
    }


def test_submit_is_refused_until_complete_then_sign_off_closes(incident, handler, supervisor):
    with pytest.raises(ValidationError):
        services.incident_submit_for_sign_off(incident=incident, user=handler)
    _make_ready(incident, handler)
    services.incident_submit_for_sign_off(incident=incident, user=handler)
    services.incident_sign_off(incident=incident, supervisor=supervisor, note="Good log.")
    incident.refresh_from_db()
    assert incident.status == Incident.Status.CLOSED and incident.signed_off_by == supervisor


def test_incident_cannot_be_closed_without_sign_off_even_in_sql(incident):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Incident.objects.filter(pk=incident.pk).update(status=Incident.Status.CLOSED)


def test_supervisor_cannot_sign_off_their_own_log(world, supervisor):
    incident = log_incident(user=supervisor, area=world.area, victim=make_person())
    _make_ready(incident, supervisor)
    services.incident_submit_for_sign_off(incident=incident, user=supervisor)
    with pytest.raises(ValidationError, match="logged themselves"):
        services.incident_sign_off(incident=incident, supervisor=supervisor)


def test_second_sign_off_is_refused(incident, handler, supervisor, make_user):
    _make_ready(incident, handler)
    services.incident_submit_for_sign_off(incident=incident, user=handler)
    services.incident_sign_off(incident=incident, supervisor=supervisor)
    with pytest.raises(ValidationError, match="not awaiting sign-off"):
        services.incident_sign_off(incident=incident, supervisor=make_user(Role.CONTROL_ROOM_SUPERVISOR))


def test_return_needs_a_note_and_reopens(incident, handler, supervisor):
    _make_ready(incident, handler)
    services.incident_submit_for_sign_off(incident=incident, user=handler)
    with pytest.raises(ValidationError):
        services.incident_return(incident=incident, supervisor=supervisor, note=" ")
    services.incident_return(incident=incident, supervisor=supervisor, note="Add the neighbour as a witness.")
    incident.refresh_from_db()
    assert incident.status == Incident.Status.OPEN and "neighbour" in incident.sign_off_note


def test_closed_incident_changes_no_more(incident, handler, supervisor):
    _make_ready(incident, handler)
    services.incident_submit_for_sign_off(incident=incident, user=handler)
    services.incident_sign_off(incident=incident, supervisor=supervisor)
    with pytest.raises(ValidationError, match="closed"):
        services.incident_grade(incident=incident, user=handler, grade=Incident.Grade.PRIORITY)


def test_serious_incident_needs_a_supervisor_to_attend(handler, supervisor, world):
    incident = log_incident(
        user=handler,
        area=world.area,
        victim=make_person(),
        checklist={"injuries": Answer.YES, "injury_severity": "serious", "medical_help": Answer.YES},
    )
    _make_ready(incident, handler)
    incident.refresh_from_db()
    assert set(closure_problems(incident)) == {"supervisor_attendance"}
    services.supervisor_attendance_record(
        incident=incident, user=handler, supervisor=supervisor, attended_at=timezone.now()
    )
    incident.refresh_from_db()
    assert closure_problems(incident) == {}


def test_repeat_incident_needs_a_supervisor_to_attend(handler, world):
    victim = make_person()
    log_incident(user=handler, area=world.area, victim=victim, received_at=timezone.now() - timedelta(days=20))
    incident = log_incident(user=handler, area=world.area, victim=victim)
    assert "supervisor_attendance" in closure_problems(incident)


def test_appointment_needs_a_reason(incident, handler):
    with pytest.raises(ValidationError) as exc:
        services.incident_grade(incident=incident, user=handler, grade=Incident.Grade.APPOINTMENT)
    assert "appointment_reason" in exc.value.message_dict


@pytest.mark.parametrize(
    "dispatch_offset, arrive_offset, field",
    [(-30, None, "dispatched_at"), (1, -30, "arrived_at"), (10, 5, "arrived_at")],
)
def test_arrival_before_the_call_or_dispatch_is_refused(incident, handler, dispatch_offset, arrive_offset, field):
    base = incident.received_at
    with pytest.raises(ValidationError) as exc:
        services.deployment_add(
            incident=incident,
            user=handler,
            call_sign="WM21",
            dispatched_at=base + timedelta(minutes=dispatch_offset),
            arrived_at=base + timedelta(minutes=arrive_offset) if arrive_offset is not None else None,
        )
    assert field in exc.value.message_dict
    assert not incident.deployments.exists()


def test_intelligence_check_records_who_when_what_and_whose_job(incident, handler):
    check = services.intelligence_check_record(
        incident=incident, user=handler, systems=["pnc"], findings="Nothing known", responsible="intelligence_unit"
    )
    assert (
        check.done_by == handler
        and check.done_at is not None
        and check.get_responsible_display() == ("Intelligence unit")
    )


def test_crime_allocation_records_the_rule_and_nfa_needs_a_reason(incident, handler, make_user):
    crime = services.crime_record(incident=incident, user=handler, crime_number="22/12345/26", offence="harassment")
    incident.refresh_from_db()
    assert incident.crime_decision == Incident.CrimeDecision.CRIME
    investigator = make_user(Role.PVP_OFFICER)
    services.crime_allocate(crime=crime, user=handler, investigator=investigator, rule="coercive_control")
    with pytest.raises(ValidationError):
        services.crime_outcome_record(crime=crime, user=handler, outcome=Crime.Outcome.NO_FURTHER_ACTION)
    services.crime_outcome_record(crime=crime, user=handler, outcome="nfa", outcome_reason="Victim withdrew support")
    crime.refresh_from_db()
    assert (crime.investigator, crime.allocation_rule, crime.outcome) == (investigator, "coercive_control", "nfa")


def test_duplicate_crime_number_is_refused(incident, handler):
    services.crime_record(incident=incident, user=handler, crime_number="22/1/26", offence="other")
    with pytest.raises(ValidationError):
        services.crime_record(incident=incident, user=handler, crime_number="22/1/26", offence="other")


def test_arrest_must_be_of_a_party(incident, handler):
    with pytest.raises(ValidationError):
        services.arrest_record(
            incident=incident,
            user=handler,
            person=make_person(given_name="Stranger"),
            arrested_at=timezone.now(),
            offence="Assault",
        )
