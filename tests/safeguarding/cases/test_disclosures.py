"""Clare's Law: each stage in its order, the decision by a supervisor, the disclosure with its undertaking, refusals
with reasons, the 28-day target as data."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from accounts.roles import Role
from safeguarding.disclosure_rules import disclosure_rules
from safeguarding.models import DisclosureApplication
from safeguarding.services import disclosures as dvds

from ...factories import make_person
from .conftest import open_application, through_research

pytestmark = pytest.mark.django_db


def record(application, user, stage, **extra):
    return dvds.disclosure_stage_record(application=application, user=user, stage=stage, rationale="Done.", **extra)


def test_the_target_is_28_calendar_days_from_the_data(application):
    assert disclosure_rules().target_days == 28
    assert application.target_days == 28 and application.rules_version == "dvds-2023"
    assert application.decision_due == date(2026, 3, 30)
    assert application.reference.startswith("DVDS-")


def test_stages_go_in_their_order(application, personas):
    pvp = personas.pvp_officer
    with pytest.raises(ValidationError) as no_research_first:
        record(application, pvp, "research", checks="PNC")
    assert "Initial contact" in str(no_research_first.value)
    with pytest.raises(ValidationError, match="Initial contact"):
        record(application, pvp, "face_to_face", identity_checked=True, identity_evidence="Passport")
    record(application, pvp, "initial_contact", immediate_risk=False)
    with pytest.raises(ValidationError, match="already been recorded"):
        record(application, pvp, "initial_contact", immediate_risk=False)
    with pytest.raises(ValidationError, match="Face-to-face"):
        record(application, pvp, "research", checks="PNC")


def test_no_decision_before_research(application, personas):
    record(application, personas.pvp_officer, "initial_contact", immediate_risk=False)
    with pytest.raises(ValidationError, match="Face-to-face"):
        record(application, personas.pvp_supervisor, "decision", decision="disclose", agencies_present="Police")


def test_the_decision_is_a_supervisors(application, personas):
    application = through_research(application, personas.pvp_officer)
    with pytest.raises(ValidationError, match="supervisor"):
        record(application, personas.pvp_officer, "decision", decision="disclose", agencies_present="Police, IDVA")
    record(application, personas.pvp_supervisor, "decision", decision="disclose", agencies_present="Police, IDVA")
    application.refresh_from_db()
    assert application.decision == "disclose" and application.decided_at is not None


def test_no_disclosure_without_a_decision(application, personas, people):
    application = through_research(application, personas.pvp_officer)
    with pytest.raises(ValidationError, match="Multi-agency decision comes first"):
        dvds.disclosure_give(
            application=application,
            user=personas.pvp_officer,
            disclosed_to=people["victim"],
            method="in_person",
            what_was_said="He has two convictions for assaulting partners.",
            undertaking_signed=True,
            rationale="Disclosed at the station.",
        )


def test_a_disclosure_needs_the_signed_undertaking(application, personas, people):
    application = through_research(application, personas.pvp_officer)
    record(application, personas.pvp_supervisor, "decision", decision="disclose", agencies_present="Police, IDVA")
    give = dict(
        application=application,
        user=personas.pvp_officer,
        disclosed_to=people["victim"],
        method="in_person",
        what_was_said="He has two convictions for assaulting partners.",
        rationale="Disclosed at the station.",
    )
    with pytest.raises(ValidationError) as unsigned:
        dvds.disclosure_give(**give, undertaking_signed=False)
    assert "undertaking" in unsigned.value.message_dict["undertaking_signed"][0]
    disclosure = dvds.disclosure_give(**give, undertaking_signed=True)
    assert disclosure.undertaking_signed_at is not None
    application.refresh_from_db()
    assert application.stage == "outcome" and application.status == "open"
    record(application, personas.pvp_officer, "safety_plan")
    application.refresh_from_db()
    assert application.status == "closed" and application.closed_at is not None


def test_a_refusal_needs_its_reason_and_nothing_is_disclosed(application, personas, people):
    application = through_research(application, personas.pvp_officer)
    with pytest.raises(ValidationError) as no_reason:
        record(application, personas.pvp_supervisor, "decision", decision="not_disclose", agencies_present="Police")
    assert "refusal_reason" in no_reason.value.message_dict
    record(
        application,
        personas.pvp_supervisor,
        "decision",
        decision="not_disclose",
        refusal_reason="no_information",
        agencies_present="Police",
    )
    application.refresh_from_db()
    with pytest.raises(ValidationError, match="not to disclose"):
        dvds.disclosure_give(
            application=application,
            user=personas.pvp_officer,
            disclosed_to=people["victim"],
            method="in_person",
            what_was_said="x",
            undertaking_signed=True,
            rationale="x",
        )
    record(application, personas.pvp_officer, "outcome")  # the applicant is told: no disclosure
    assert DisclosureApplication.objects.get(pk=application.pk).stage == "outcome"


def test_right_to_know_starts_at_research(personas, world, people, clock):
    application = open_application(personas.pvp_officer, world.area, people, route="right_to_know", applicant_kind="")
    assert application.applicant_kind == "police"
    with pytest.raises(ValidationError, match="no such stage"):
        record(application, personas.pvp_officer, "initial_contact", immediate_risk=False)
    record(application, personas.pvp_officer, "research", checks="PNC")


def test_an_immediate_risk_needs_what_was_done(application, personas):
    with pytest.raises(ValidationError) as missing:
        record(application, personas.pvp_officer, "initial_contact", immediate_risk=True)
    assert "immediate_action" in missing.value.message_dict


def test_a_third_party_is_named(personas, world, people, clock):
    with pytest.raises(ValidationError) as unnamed:
        open_application(personas.pvp_officer, world.area, people, applicant_kind="third_party")
    assert "applicant" in unnamed.value.message_dict
    made = open_application(
        personas.pvp_officer, world.area, people, applicant_kind="third_party", applicant=people["friend"]
    )
    assert made.applicant == people["friend"]


def test_the_area_and_the_people_must_be_within_reach(personas, world, people, clock):
    with pytest.raises(ValidationError) as elsewhere:
        open_application(personas.pvp_officer, world.other_area, people)
    assert "area" in elsewhere.value.message_dict
    stranger = make_person(personas.other_force(Role.CALL_HANDLER), given_name="Neil")
    with pytest.raises(ValidationError) as other_force:
        open_application(personas.pvp_officer, world.area, {**people, "suspect": stranger})
    assert "subject" in other_force.value.message_dict


def test_a_stage_cannot_be_dated_in_the_future_or_before_the_last(application, personas, clock):
    from django.utils import timezone

    with pytest.raises(ValidationError) as future:
        record(
            application,
            personas.pvp_officer,
            "initial_contact",
            immediate_risk=False,
            done_at=timezone.now() + timedelta(days=1),
        )
    assert "done_at" in future.value.message_dict
    with pytest.raises(ValidationError) as before:
        record(
            application,
            personas.pvp_officer,
            "initial_contact",
            immediate_risk=False,
            done_at=application.received_at - timedelta(days=1),
        )
    assert "done_at" in before.value.message_dict
