"""Clare's Law: opening an application, recording each stage in its order, the decision, the disclosure.

The rules, each once:

- The stages of a route come from the rules data (safeguarding/data/dvds.json) and are done in that order,
  each once: no meeting before the immediate-risk check, no research before the identity check (right to ask),
  no decision before the research, no disclosure or refusal before the decision, no safety plan before it.
- The decision is due ``target_days`` calendar days after the application (28 in the current version), the
  version kept on the application; the clock job reminds the owner before it and escalates after it.
- "Disclose" is followed by the disclosure as given, which needs the recipient's signed undertaking of
  confidentiality; "do not disclose" needs its reason, and the outcome stage records what the applicant was
  told.
- The person at risk, the subject and any third party are people of the area's force (the person index).
"""

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import Area, User
from accounts.reach import reach
from core.services import notification_send, version_check
from people.models import Person

from ..disclosure_rules import disclosure_rules
from ..models.disclosures import Disclosure, DisclosureApplication, DisclosureStage, Route, Stage

ADD = "safeguarding.add_disclosureapplication"
RECORD = "safeguarding.record_disclosure_stage"
DECIDE = "safeguarding.decide_disclosure"


def _when(value: datetime | None, *, field: str, earliest: datetime | None = None) -> datetime:
    """A time given by a user: not in the future, not before ``earliest`` (or 1900)."""
    now = timezone.now()
    value = value or now
    if value > now + timedelta(minutes=5):
        raise ValidationError({field: "This cannot be in the future."})
    floor = earliest or datetime(1900, 1, 1, tzinfo=timezone.get_current_timezone())
    if value < floor:
        raise ValidationError({field: "This is earlier than the step before it."})
    return value


def _person_of_force(person: Person | None, *, force_id: int, field: str) -> None:
    if person is not None and person.force_id != force_id:
        raise ValidationError({field: "No such person in the index."})


def stage_order(*, application: DisclosureApplication) -> tuple[str, ...]:
    return disclosure_rules(application.rules_version).stages[application.route]


def next_stage(*, application: DisclosureApplication) -> str | None:
    """The stage to record next (None once every stage is done)."""
    order = stage_order(application=application)
    if not application.stage:
        return order[0]
    at = order.index(application.stage)
    return order[at + 1] if at + 1 < len(order) else None


@transaction.atomic
def disclosure_open(
    *,
    user: User,
    route: str,
    area: Area | None,
    person_at_risk: Person,
    subject: Person,
    relationship_to_subject: str,
    concern: str,
    received_at: datetime | None = None,
    applicant_kind: str = "",
    applicant: Person | None = None,
    applicant_relationship: str = "",
    owner: User | None = None,
) -> DisclosureApplication:
    """Open a right-to-ask application or a right-to-know case in an area within the user's reach."""
    found = reach(user, ADD)
    if found is None or area is None or not found.covers(area):
        raise ValidationError({"area": "You cannot open an application in this area."})
    for person, field in ((person_at_risk, "person_at_risk"), (subject, "subject"), (applicant, "applicant")):
        _person_of_force(person, force_id=area.force_id, field=field)
    if route == Route.RIGHT_TO_KNOW:
        applicant_kind, applicant, applicant_relationship = "police", None, ""
    elif applicant_kind == DisclosureApplication.ApplicantKind.PERSON_AT_RISK:
        applicant, applicant_relationship = None, ""
    owner = owner or user
    if not owner.is_active or not found.users().filter(pk=owner.pk).exists():
        raise ValidationError({"owner": "The owner must be an active officer of your force."})
    received_at = _when(received_at, field="received_at")
    rules = disclosure_rules()
    application = DisclosureApplication(
        route=route,
        area=area,
        applicant_kind=applicant_kind,
        person_at_risk=person_at_risk,
        subject=subject,
        applicant=applicant,
        applicant_relationship=applicant_relationship.strip(),
        relationship_to_subject=relationship_to_subject.strip(),
        concern=concern.strip(),
        received_at=received_at,
        rules_version=rules.version,
        target_days=rules.target_days,
        decision_due=timezone.localdate(received_at) + timedelta(days=rules.target_days),
        owner=owner,
        created_by=user,
    )
    application.full_clean(exclude=["created_by"])
    application.save()
    if owner.pk != user.pk:
        notification_send(
            user_id=owner.pk,
            kind="dvds_assigned",
            message=f"Clare's Law {application.reference} is yours; decision due {application.decision_due:%d/%m/%Y}.",
            url=application.get_absolute_url(),
            dedupe_key=f"dvds_assigned:{application.pk}:{owner.pk}",
            email=owner.email,
        )
    return application


def _lock(application: DisclosureApplication, version: int | None) -> DisclosureApplication:
    locked = DisclosureApplication.objects.select_for_update().get(pk=application.pk)
    version_check(record=locked, version=version, what="application")
    if locked.status != DisclosureApplication.Status.OPEN:
        raise ValidationError("This application is closed.")
    return locked


def _expect(application: DisclosureApplication, stage: str) -> None:
    """The one ordering rule: ``stage`` must be the next of the route's stages."""
    expected = next_stage(application=application)
    if stage not in stage_order(application=application):
        raise ValidationError({"stage": f"A {application.get_route_display().lower()} case has no such stage."})
    if stage != expected:
        done = {s.stage for s in application.stages.all()}
        if stage in done:
            raise ValidationError({"stage": f"{Stage(stage).label} has already been recorded."})
        raise ValidationError(
            {"stage": f"{Stage(expected).label} comes first." if expected else "Every stage has been recorded."}
        )


def _last_done_at(application: DisclosureApplication) -> datetime:
    last = application.stages.order_by("-done_at").first()
    return last.done_at if last else application.received_at


def _advance(application: DisclosureApplication, stage: DisclosureStage) -> None:
    stage.full_clean(exclude=["application", "done_by"])
    stage.save()
    application.stage = stage.stage
    if next_stage(application=application) is None:
        application.status, application.closed_at = DisclosureApplication.Status.CLOSED, timezone.now()
    application.version += 1
    application.save()


@transaction.atomic
def disclosure_stage_record(
    *,
    application: DisclosureApplication,
    user: User,
    stage: str,
    rationale: str,
    done_at: datetime | None = None,
    immediate_risk: bool | None = None,
    immediate_action: str = "",
    identity_checked: bool | None = None,
    identity_evidence: str = "",
    checks: str = "",
    agencies_present: str = "",
    decision: str = "",
    refusal_reason: str = "",
    version: int | None = None,
) -> DisclosureStage:
    """Record the next stage (the decision, and the outcome of a refusal, included; a disclosure is
    ``disclosure_give``)."""
    application = _lock(application, version)
    _expect(application, stage)
    done_at = _when(done_at, field="done_at", earliest=_last_done_at(application))
    if stage == Stage.DECISION:
        if not user.has_perm(DECIDE):
            raise ValidationError({"stage": "Only a supervisor records the multi-agency decision."})
        if decision not in DisclosureApplication.Decision.values:
            raise ValidationError({"decision": "Say whether to disclose."})
        application.decision, application.decided_at = decision, done_at
        application.refusal_reason = refusal_reason if decision == DisclosureApplication.Decision.NOT_DISCLOSE else ""
        application.full_clean(exclude=["created_by", "owner", "area", "person_at_risk", "subject", "applicant"])
    elif stage == Stage.OUTCOME and application.decision == DisclosureApplication.Decision.DISCLOSE:
        raise ValidationError({"stage": "The decision was to disclose: record the disclosure as given."})
    record = DisclosureStage(
        application=application,
        stage=stage,
        done_at=done_at,
        done_by=user,
        rationale=rationale.strip(),
        immediate_risk=immediate_risk if stage == Stage.INITIAL_CONTACT else None,
        immediate_action=immediate_action.strip() if stage == Stage.INITIAL_CONTACT else "",
        identity_checked=identity_checked if stage == Stage.FACE_TO_FACE else None,
        identity_evidence=identity_evidence.strip() if stage == Stage.FACE_TO_FACE else "",
        checks=checks.strip() if stage == Stage.RESEARCH else "",
        agencies_present=agencies_present.strip() if stage == Stage.DECISION else "",
    )
    _advance(application, record)
    return record


@transaction.atomic
def disclosure_give(
    *,
    application: DisclosureApplication,
    user: User,
    disclosed_to: Person,
    method: str,
    what_was_said: str,
    undertaking_signed: bool,
    rationale: str,
    disclosed_at: datetime | None = None,
    undertaking_signed_at: datetime | None = None,
    version: int | None = None,
) -> Disclosure:
    """The disclosure as given after a decision to disclose: the outcome stage and what was said, to whom."""
    application = _lock(application, version)
    _expect(application, Stage.OUTCOME)
    if application.decision != DisclosureApplication.Decision.DISCLOSE:
        raise ValidationError({"stage": "The decision was not to disclose: nothing may be disclosed."})
    _person_of_force(disclosed_to, force_id=application.area.force_id, field="disclosed_to")
    disclosed_at = _when(disclosed_at, field="disclosed_at", earliest=_last_done_at(application))
    signed_at = (undertaking_signed_at or disclosed_at) if undertaking_signed else None
    if signed_at is not None and signed_at > disclosed_at:
        raise ValidationError({"undertaking_signed_at": "The undertaking is signed before the disclosure is given."})
    disclosure = Disclosure(
        application=application,
        disclosed_to=disclosed_to,
        disclosed_at=disclosed_at,
        disclosed_by=user,
        method=method,
        what_was_said=what_was_said.strip(),
        undertaking_signed=bool(undertaking_signed),
        undertaking_signed_at=signed_at,
    )
    disclosure.full_clean(exclude=["application", "disclosed_by"])
    _advance(
        application,
        DisclosureStage(
            application=application,
            stage=Stage.OUTCOME,
            done_at=disclosed_at,
            done_by=user,
            rationale=rationale.strip(),
        ),
    )
    disclosure.save()
    return disclosure
