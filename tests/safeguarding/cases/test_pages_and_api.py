"""The pages and the API: hostile input is a 400 beside the field (never a 500, never half a write), partners are
refused, another area or force gets 404, and a call handler sees bail conditions at intake."""

from datetime import date

import pytest
from django.urls import reverse

from accounts.roles import Role
from incidents import services as incident_services
from safeguarding.models import CustodyStatus, DisclosureApplication, DisclosureStage, VictimViews
from safeguarding.services import custody

pytestmark = pytest.mark.django_db

HOSTILE = ["x\x00y", "=cmd|' /C calc'!A0"]


def test_a_new_application_with_bad_input_is_400_beside_the_fields(client, personas, people, world, clock):
    client.force_login(personas.pvp_officer)
    response = client.post(
        reverse("safeguarding:disclosure_new"),
        {
            "route": "right_to_ask",
            "area": world.area.pk,
            "applicant_kind": "person_at_risk",
            "person_at_risk": str(2**70),
            "subject": people["suspect"].pk,
            "relationship_to_subject": "x\x00y",
            "concern": "Worried.",
            "received_at": "2026-02-30T10:00",
        },
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert {"person_at_risk", "relationship_to_subject", "received_at"} <= set(errors)
    assert not DisclosureApplication.objects.exists()


def test_a_new_application_is_opened_from_the_page(client, personas, people, world, clock):
    client.force_login(personas.pvp_officer)
    response = client.post(
        reverse("safeguarding:disclosure_new"),
        {
            "route": "right_to_ask",
            "area": world.area.pk,
            "applicant_kind": "person_at_risk",
            "person_at_risk": people["victim"].pk,
            "subject": people["suspect"].pk,
            "relationship_to_subject": "Partner",
            "concern": HOSTILE[1],
        },
    )
    application = DisclosureApplication.objects.get()
    assert response.status_code == 302 and response["Location"] == application.get_absolute_url()
    page = client.get(application.get_absolute_url())
    assert page.status_code == 200 and "Initial contact" in page.content.decode()


def test_a_stage_out_of_order_is_400_and_nothing_is_written(client, personas, application):
    client.force_login(personas.pvp_officer)
    response = client.post(
        reverse("safeguarding:disclosure_stage", args=[application.pk]),
        {"stage": "research", "version": application.version, "rationale": "Checked.", "checks": "PNC"},
    )
    assert response.status_code == 400
    assert "comes first" in str(response.context["stage_form"].errors)
    assert not DisclosureStage.objects.exists()


def test_a_stale_version_is_refused(client, personas, application):
    client.force_login(personas.pvp_officer)
    response = client.post(
        reverse("safeguarding:disclosure_stage", args=[application.pk]),
        {"stage": "initial_contact", "version": application.version + 1, "rationale": "x", "immediate_risk": "false"},
    )
    assert response.status_code == 400 and not DisclosureStage.objects.exists()


@pytest.mark.parametrize("who", [Role.IDVA, Role.PARTNER_AGENCY])
def test_partners_see_nothing_of_clares_law(client, personas, application, who):
    client.force_login(personas[who])
    assert client.get(reverse("safeguarding:disclosures")).status_code == 403
    assert client.get(application.get_absolute_url()).status_code == 403
    assert client.get(reverse("safeguarding:disclosure_new")).status_code == 403


def test_another_area_and_another_force_get_404(client, personas, application):
    for user in (personas.other_area(Role.PVP_OFFICER), personas.other_force(Role.PVP_OFFICER)):
        client.force_login(user)
        assert client.get(application.get_absolute_url()).status_code == 404
    client.force_login(personas.other_force(Role.SENIOR_OFFICER))
    assert client.get(application.get_absolute_url()).status_code == 404
    client.force_login(personas.other_area(Role.SENIOR_OFFICER))  # force-wide: the same force's other area
    assert client.get(application.get_absolute_url()).status_code == 200


def test_the_api_refuses_bad_input_with_field_errors(as_user, personas, people, world, clock):
    api = as_user(personas.pvp_officer)
    response = api.post(
        reverse("disclosure-list"),
        {
            "route": "right_to_ask",
            "area": world.area.code,
            "applicant_kind": "person_at_risk",
            "person_at_risk": 2**70,
            "subject": people["suspect"].pk,
            "relationship_to_subject": "x\x00y",
            "concern": "Worried.",
            "received_at": "2026-13-01T00:00:00Z",
        },
        format="json",
    )
    assert response.status_code == 400
    assert {"person_at_risk", "relationship_to_subject", "received_at"} <= set(response.json()["errors"])
    assert not DisclosureApplication.objects.exists()


def test_the_api_runs_a_case_and_keeps_the_order(as_user, personas, people, world, clock):
    api = as_user(personas.pvp_officer)
    made = api.post(
        reverse("disclosure-list"),
        {
            "route": "right_to_know",
            "area": world.area.code,
            "person_at_risk": people["victim"].pk,
            "subject": people["suspect"].pk,
            "relationship_to_subject": "Partner",
            "concern": "Intelligence of violence to a previous partner.",
        },
        format="json",
    )
    assert made.status_code == 201 and made.json()["next_stage"] == "research"
    pk = made.json()["id"]
    early = api.post(reverse("disclosure-stage", args=[pk]), {"stage": "decision", "rationale": "x"}, format="json")
    assert early.status_code == 403  # the decision is a supervisor's
    decided = as_user(personas.pvp_supervisor).post(
        reverse("disclosure-stage", args=[pk]),
        {"stage": "decision", "rationale": "x", "decision": "disclose", "agencies_present": "Police"},
        format="json",
    )
    assert decided.status_code == 403  # and only once the research is done
    done = api.post(
        reverse("disclosure-stage", args=[pk]),
        {"stage": "research", "rationale": "Checked.", "checks": "PNC"},
        format="json",
    )
    assert done.status_code == 201 and done.json()["next_stage"] == "decision"
    listed = api.get(reverse("disclosure-list"))
    assert [a["id"] for a in listed.json()["results"]] == [pk]
    assert (
        as_user(personas.other_force(Role.PVP_OFFICER)).get(reverse("disclosure-detail", args=[pk])).status_code == 404
    )


def test_kays_law_in_the_api_is_a_400_naming_the_field(as_user, personas, people, incident, clock):
    from django.utils import timezone

    incident_services.arrest_record(
        incident=incident,
        user=personas.officer,
        person=people["suspect"],
        arrested_at=timezone.now(),
        offence="Assault",
    )
    api = as_user(personas.officer)
    body = {
        "suspect": people["suspect"].pk,
        "kind": "pre_charge_bail",
        "rationale": "Enquiries.",
        "bail_end_date": "2026-05-29",
        "conditions": [
            {"kind": "no_contact", "detail": "Directly or indirectly", "protected_person": people["victim"].pk}
        ],
    }
    refused = api.post(reverse("custody-list", args=[incident.pk]), body, format="json")
    assert refused.status_code == 400 and "victim_views" in refused.json()["errors"]
    views = api.post(
        reverse("victim-views-create", args=[incident.pk]),
        {"victim": people["victim"].pk, "suspect": people["suspect"].pk, "reached": True, "views": "Keep him away."},
        format="json",
    )
    assert views.status_code == 201 and VictimViews.objects.count() == 1
    made = api.post(reverse("custody-list", args=[incident.pk]), body, format="json")
    assert made.status_code == 201 and made.json()["conditions"][0]["protected_person"]["id"] == people["victim"].pk
    assert made.json()["review_tasks"]
    bad = api.post(reverse("custody-list", args=[incident.pk]), {**body, "bail_end_date": "2026-02-30"}, format="json")
    assert bad.status_code == 400 and "bail_end_date" in bad.json()["errors"]


def test_the_custody_form_refuses_bad_input_beside_the_fields(client, personas, people, incident, clock):
    client.force_login(personas.officer)
    response = client.post(
        reverse("safeguarding:custody_status_add", args=[incident.pk]),
        {"suspect": people["suspect"].pk, "kind": "remanded", "rationale": "x\x00", "release_date": "99999-01-01"},
    )
    assert response.status_code == 400
    assert {"rationale", "release_date"} <= set(response.context["forms"]["status"].errors)
    assert not CustodyStatus.objects.exists()


def test_a_call_handler_sees_the_bail_conditions_at_intake(client, personas, people, incident, clock):
    from django.utils import timezone

    incident_services.arrest_record(
        incident=incident,
        user=personas.officer,
        person=people["suspect"],
        arrested_at=timezone.now(),
        offence="Assault",
    )
    custody.victim_views_record(
        user=personas.officer,
        incident=incident,
        suspect=people["suspect"],
        victim=people["victim"],
        reached=True,
        views="Keep him away.",
    )
    custody.custody_status_record(
        user=personas.officer,
        incident=incident,
        suspect=people["suspect"],
        kind="pre_charge_bail",
        rationale="x",
        bail_end_date=date(2026, 5, 29),
        conditions=[
            custody.ConditionInput(
                kind="no_contact", detail="Directly or indirectly", protected_person=people["victim"]
            )
        ],
    )
    client.force_login(personas.handler)
    panel = client.get(reverse("people:chosen", args=[people["victim"].pk])).content.decode()
    assert "Bail and custody" in panel and "Protected by bail" in panel and "Ian CROSS" in panel
    suspect = client.get(reverse("people:chosen", args=[people["suspect"].pk])).content.decode()
    assert "Pre-charge bail until 29/05/2026" in suspect
    custody_page = client.get(reverse("safeguarding:custody", args=[incident.pk]))
    assert custody_page.status_code == 200 and "Directly or indirectly" in custody_page.content.decode()


def test_the_overdue_list_is_shown(client, personas, incident, people, clock):
    from django.utils import timezone

    incident_services.arrest_record(
        incident=incident,
        user=personas.officer,
        person=people["suspect"],
        arrested_at=timezone.now(),
        offence="Assault",
    )
    clock.move_to("2026-03-05 09:00+00:00")
    client.force_login(personas.officer)
    page = client.get(reverse("safeguarding:victims_code_overdue")).content.decode()
    assert "Vera MOSS" in page and "Arrest" in page
