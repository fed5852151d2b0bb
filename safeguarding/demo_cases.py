"""Demo Clare's Law, bail and Victims' Code records (make run), in Worcestershire, for the demo PVP officer:

- a right-to-ask application 25 days old, its research done: its decision is due in 3 days (the 28-day target);
- a suspect in prison, released tomorrow, with the risk-review task raised for the victim's case owner;
- a suspect arrested three working days ago whose victim has not been told: an overdue Victims' Code update.

Dates in the past are set after the services have made each record (they refuse past dates), as time passing
would. Running it again changes nothing.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import Area, User
from incidents.models import Arrest, Incident, Party

from .calendar import add_working_days
from .models import DisclosureApplication, VictimUpdate
from .services import custody
from .services import disclosures as dvds

MARK = "Demo: "


def _incidents_with_suspect(area):
    return (
        Incident.objects.filter(area=area, parties__role=Party.Role.SUSPECT, parties__person__isnull=False)
        .filter(custody_statuses__isnull=True)
        .distinct()
        .order_by("-received_at", "pk")
    )


@transaction.atomic
def seed() -> int:
    if DisclosureApplication.objects.filter(concern__startswith=MARK).exists():
        return 0
    area = Area.objects.filter(code="worcestershire").first()
    if area is None:
        return 0
    pvp, officer = User.objects.get(username="pvp"), User.objects.get(username="officer")
    candidates = list(_incidents_with_suspect(area)[:2])
    if len(candidates) < 2:
        return 0
    made = 0
    # 1. A right-to-ask application near its target.
    first = candidates[0]
    victim = first.parties.filter(role=Party.Role.VICTIM).first().person
    subject = first.parties.filter(role=Party.Role.SUSPECT).first().person
    application = dvds.disclosure_open(
        user=pvp,
        route="right_to_ask",
        area=area,
        person_at_risk=victim,
        subject=subject,
        applicant_kind="person_at_risk",
        relationship_to_subject="Former partner, back in contact",
        concern=MARK + "She has heard he hurt a previous partner and asks whether he has a record of violence.",
    )
    for stage, extra in (
        ("initial_contact", {"immediate_risk": False}),
        ("face_to_face", {"identity_checked": True, "identity_evidence": "Passport seen at the station"}),
        ("research", {"checks": "PNC, PND, local intelligence, probation"}),
    ):
        dvds.disclosure_stage_record(
            application=application, user=pvp, stage=stage, rationale="Done as the guidance sets out.", **extra
        )
    received = timezone.now() - timedelta(days=25)
    DisclosureApplication.objects.filter(pk=application.pk).update(
        received_at=received, decision_due=timezone.localdate(received) + timedelta(days=application.target_days)
    )
    application.stages.update(done_at=received + timedelta(days=2))
    made += 1
    # 2. A release due tomorrow, with its review task.
    second = candidates[1]
    suspect = second.parties.filter(role=Party.Role.SUSPECT).first().person
    custody.custody_status_record(
        user=officer,
        incident=second,
        suspect=suspect,
        kind="in_prison",
        rationale="Sentenced to 12 weeks for assault; released at the halfway point.",
        release_date=timezone.localdate() + timedelta(days=1),
    )
    made += 1
    # 3. An overdue Victims' Code update: the first incident's suspect arrested three working days ago.
    arrested_at = max(first.received_at, timezone.now() - timedelta(days=5))
    arrest = Arrest.objects.filter(incident=first, person=subject).first()
    if arrest is None:
        from incidents import services as incident_services

        try:
            arrest = incident_services.arrest_record(
                incident=first, user=officer, person=subject, arrested_at=arrested_at, offence="Assault (demo)"
            )
        except Exception:  # noqa: BLE001 - a closed demo incident takes no arrest; the update is made directly
            arrest = None
    update = VictimUpdate.objects.filter(incident=first, event="arrest").first()
    if update is not None:
        past = timezone.localdate() - timedelta(days=5)
        VictimUpdate.objects.filter(pk=update.pk).update(due_on=add_working_days(past, 1))
        made += 1
    return made
