"""One of each record of Clare's Law, bail and the Victims' Code, for the access table and the audit walk."""

from datetime import timedelta

from django.utils import timezone

from incidents import services as incident_services
from safeguarding.models import RiskReviewTask, VictimUpdate
from safeguarding.services import custody
from safeguarding.services import disclosures as dvds

from ...factories import make_person
from ...incidents.helpers import log_incident


def cases_for_access_table(*, personas, world) -> dict:
    """An application waiting for its decision (owned by the PVP officer); an incident whose suspect was arrested
    and released under investigation by the response officer (a review task for them, an update overdue)."""
    from accounts.roles import Role

    handler, officer, pvp = personas[Role.CALL_HANDLER], personas[Role.RESPONSE_OFFICER], personas[Role.PVP_OFFICER]
    victim = make_person(handler, given_name="Clara", surname="Asker")
    subject = make_person(handler, given_name="Simon", surname="Subject")
    application = dvds.disclosure_open(
        user=pvp,
        route="right_to_ask",
        area=world.area,
        person_at_risk=victim,
        subject=subject,
        applicant_kind="person_at_risk",
        relationship_to_subject="Partner",
        concern="Worried about his past.",
    )
    for stage, extra in (
        ("initial_contact", {"immediate_risk": False}),
        ("face_to_face", {"identity_checked": True, "identity_evidence": "Driving licence"}),
        ("research", {"checks": "PNC"}),
    ):
        dvds.disclosure_stage_record(application=application, user=pvp, stage=stage, rationale="Done.", **extra)
    incident = log_incident(
        user=handler,
        area=world.area,
        victim=make_person(handler, given_name="Bella", surname="Bailed"),
        suspect=make_person(handler, given_name="Rory", surname="Released"),
        received_at=timezone.now() - timedelta(days=3),
    )
    suspect = incident.parties.get(role="suspect").person
    incident_services.arrest_record(
        incident=incident,
        user=officer,
        person=suspect,
        arrested_at=timezone.now() - timedelta(days=2),
        offence="Assault",
    )
    status = custody.custody_status_record(
        user=officer, incident=incident, suspect=suspect, kind="rui", rationale="Awaiting forensics."
    )
    VictimUpdate.objects.filter(incident=incident, event="arrest").update(
        due_on=timezone.localdate() - timedelta(days=1)
    )
    return {
        "application": application.pk,
        "sg_incident": incident.pk,
        "review_task": RiskReviewTask.objects.get(status=status).pk,
    }
