"""Clare's Law (the Domestic Violence Disclosure Scheme): applications, their stages, disclosures and refusals.

A right-to-ask application is made by the person at risk or a third party; a right-to-know one is started by
the police. Each goes through the stages its route lists in the rules data (safeguarding/data/dvds.json), in
that order, each with who, when and the rationale; the decision is due ``target_days`` (28) calendar days after
the application. The order, the target and the refusal's reasons are the service's rules
(safeguarding/services/disclosures.py); what a single row must hold is a constraint here.

Police only: a partner agency reaches none of it (accounts/reach.py).
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Now
from django.urls import reverse
from django.utils import timezone

from accounts.reach import visible
from audit.consultation import personal_data
from audit.tracking import track_changes
from core.constraints import FieldCheckConstraint

VIEW_DISCLOSURE = "safeguarding.view_disclosureapplication"


def disclosure_reference(pk: int) -> str:
    """How an application is named on screen and in messages (never by a person's name)."""
    return f"DVDS-{pk:06d}"


class Route(models.TextChoices):
    RIGHT_TO_ASK = "right_to_ask", "Right to ask"
    RIGHT_TO_KNOW = "right_to_know", "Right to know"


class Stage(models.TextChoices):
    INITIAL_CONTACT = "initial_contact", "Initial contact and immediate-risk check"
    FACE_TO_FACE = "face_to_face", "Face-to-face meeting and identity check"
    RESEARCH = "research", "Research"
    DECISION = "decision", "Multi-agency decision"
    OUTCOME = "outcome", "Disclosure given, or refusal told"
    SAFETY_PLAN = "safety_plan", "Safety plan"


class DisclosureQuerySet(models.QuerySet):
    def visible_to(self, user) -> "DisclosureQuerySet":
        """Police roles holding the permission, in their areas (force-wide roles: their force); partners never."""
        return visible(self, user, VIEW_DISCLOSURE)

    def open(self) -> "DisclosureQuerySet":
        return self.filter(status=DisclosureApplication.Status.OPEN)

    def awaiting_decision(self) -> "DisclosureQuerySet":
        return self.open().filter(decided_at__isnull=True)


class DisclosureChildQuerySet(models.QuerySet):
    def visible_to(self, user) -> "DisclosureChildQuerySet":
        return visible(self, user, VIEW_DISCLOSURE, area="application__area")


@track_changes()
@personal_data("person_at_risk", "subject", "applicant")
class DisclosureApplication(models.Model):
    """One Clare's Law case: who is at risk, who from, who asked, and where it stands."""

    class ApplicantKind(models.TextChoices):
        PERSON_AT_RISK = "person_at_risk", "The person at risk"
        THIRD_PARTY = "third_party", "A third party (family, friend, professional)"
        POLICE = "police", "The police (right to know)"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    class Decision(models.TextChoices):
        DISCLOSE = "disclose", "Disclose"
        NOT_DISCLOSE = "not_disclose", "Do not disclose"

    class RefusalReason(models.TextChoices):
        NO_INFORMATION = "no_information", "Nothing held that indicates a risk of harm"
        NOT_LAWFUL = "not_lawful", "Disclosure would not be lawful, necessary or proportionate"
        PRESSING_NEED_NOT_MET = "pressing_need", "No pressing need to disclose"
        PREJUDICE = "prejudice", "Disclosure would prejudice an investigation or a prosecution"
        APPLICATION_WITHDRAWN = "withdrawn", "The application was withdrawn"
        IDENTITY_NOT_CONFIRMED = "identity", "The applicant's identity could not be confirmed"

    route = models.CharField(max_length=15, choices=Route.choices)
    area = models.ForeignKey("accounts.Area", on_delete=models.PROTECT, related_name="disclosure_applications")
    applicant_kind = models.CharField(max_length=15, choices=ApplicantKind.choices)
    person_at_risk = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="disclosures_at_risk")
    subject = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="disclosures_as_subject",
        help_text="The person about whom disclosure is asked (linked through the person index).",
    )
    applicant = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="disclosure_applications_made",
        help_text="A third party who applied (none when the person at risk applied, or the police started it).",
    )
    applicant_relationship = models.CharField(
        max_length=200, blank=True, help_text="How the third party knows the person at risk."
    )
    relationship_to_subject = models.CharField(
        max_length=200, help_text="The person at risk's relationship to the subject."
    )
    concern = models.TextField(help_text="What prompted the application or the police's concern.")
    received_at = models.DateTimeField(help_text="When the application was made (right to know: the information came).")
    rules_version = models.CharField(max_length=30)
    target_days = models.PositiveSmallIntegerField()
    decision_due = models.DateField()
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="disclosure_cases")
    stage = models.CharField(max_length=20, choices=Stage.choices, blank=True, help_text="The last stage completed.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    decision = models.CharField(max_length=15, choices=Decision.choices, blank=True)
    refusal_reason = models.CharField(max_length=20, choices=RefusalReason.choices, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(db_default=Now(), editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DisclosureQuerySet.as_manager()

    class Meta:
        ordering = ["decision_due", "id"]
        permissions = [
            ("record_disclosure_stage", "Can record the stages of a Clare's Law application"),
            ("decide_disclosure", "Can record the multi-agency decision on a Clare's Law application"),
        ]
        indexes = [
            models.Index(fields=["area", "status", "decision_due"], name="dvds_area_status_due"),
            models.Index(fields=["decision_due", "id"], condition=Q(decided_at__isnull=True), name="dvds_undecided"),
        ]
        constraints = [
            FieldCheckConstraint(
                condition=~Q(subject=models.F("person_at_risk")),
                name="dvds_subject_not_person_at_risk",
                field="subject",
                violation_error_message="The subject must be someone other than the person at risk.",
            ),
            FieldCheckConstraint(
                condition=Q(route="right_to_know", applicant_kind="police")
                | (Q(route="right_to_ask") & ~Q(applicant_kind="police")),
                name="dvds_route_matches_applicant",
                field="applicant_kind",
                violation_error_message="A right-to-know case is started by the police; a right-to-ask application "
                "by the person at risk or a third party.",
            ),
            FieldCheckConstraint(
                condition=~Q(applicant_kind="third_party") | Q(applicant__isnull=False),
                name="dvds_third_party_named",
                field="applicant",
                violation_error_message="Name the third party who applied.",
            ),
            FieldCheckConstraint(
                condition=~Q(decision="not_disclose") | ~Q(refusal_reason=""),
                name="dvds_refusal_has_reason",
                field="refusal_reason",
                violation_error_message="Give the reason for not disclosing.",
            ),
            FieldCheckConstraint(
                condition=Q(decision="", decided_at__isnull=True) | (~Q(decision="") & Q(decided_at__isnull=False)),
                name="dvds_decision_has_time",
                field="decision",
                violation_error_message="A decision needs its time, and a time its decision.",
            ),
            models.CheckConstraint(
                condition=Q(target_days__gte=1, target_days__lte=366),
                name="dvds_target_days_sane",
                violation_error_message="The target must be between 1 and 366 days.",
            ),
            models.CheckConstraint(
                condition=Q(status="open", closed_at__isnull=True) | Q(status="closed", closed_at__isnull=False),
                name="dvds_closed_has_time",
                violation_error_message="A closed application needs the time it closed.",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("safeguarding:disclosure", args=[self.pk])

    @property
    def reference(self) -> str:
        return disclosure_reference(self.pk) if self.pk else "DVDS (new)"

    def is_decision_overdue(self, today: date | None = None) -> bool:
        return (
            self.decided_at is None
            and self.status == self.Status.OPEN
            and (self.decision_due < (today or timezone.localdate()))
        )

    def days_to_target(self, today: date | None = None) -> int:
        return (self.decision_due - (today or timezone.localdate())).days


@track_changes()
class DisclosureStage(models.Model):
    """One stage done: who did it, when, and why (the rationale), with what that stage asks for."""

    application = models.ForeignKey(DisclosureApplication, on_delete=models.CASCADE, related_name="stages")
    stage = models.CharField(max_length=20, choices=Stage.choices)
    done_at = models.DateTimeField()
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    rationale = models.TextField()
    # Initial contact: is the person at risk in immediate danger, and what was done.
    immediate_risk = models.BooleanField(null=True, blank=True)
    immediate_action = models.TextField(blank=True)
    # Face to face: the identity check.
    identity_checked = models.BooleanField(null=True, blank=True)
    identity_evidence = models.CharField(max_length=200, blank=True)
    # Research: the checks made.
    checks = models.TextField(blank=True, help_text="Systems and agencies checked (PNC, PND, local records...).")
    # Decision: who sat on the multi-agency forum.
    agencies_present = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(db_default=Now(), editable=False)

    objects = DisclosureChildQuerySet.as_manager()

    class Meta:
        ordering = ["done_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "stage"],
                name="dvds_stage_once",
                violation_error_message="This stage has already been recorded.",
            ),
            FieldCheckConstraint(
                condition=~Q(rationale=""),
                name="dvds_stage_has_rationale",
                field="rationale",
                violation_error_message="Give the rationale.",
            ),
            FieldCheckConstraint(
                condition=~Q(stage="initial_contact") | Q(immediate_risk__isnull=False),
                name="dvds_initial_contact_risk_checked",
                field="immediate_risk",
                violation_error_message="Say whether the person at risk is in immediate danger.",
            ),
            FieldCheckConstraint(
                condition=~Q(stage="initial_contact", immediate_risk=True) | ~Q(immediate_action=""),
                name="dvds_immediate_risk_action",
                field="immediate_action",
                violation_error_message="Say what was done about the immediate risk.",
            ),
            FieldCheckConstraint(
                condition=~Q(stage="face_to_face") | Q(identity_checked=True, identity_evidence__gt=""),
                name="dvds_face_to_face_identity",
                field="identity_evidence",
                violation_error_message="The identity must be checked at the meeting: say against what.",
            ),
            FieldCheckConstraint(
                condition=~Q(stage="research") | ~Q(checks=""),
                name="dvds_research_checks",
                field="checks",
                violation_error_message="List the checks made.",
            ),
            FieldCheckConstraint(
                condition=~Q(stage="decision") | ~Q(agencies_present=""),
                name="dvds_decision_agencies",
                field="agencies_present",
                violation_error_message="Name the agencies that took the decision.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} ({self.application})"


@track_changes()
@personal_data("disclosed_to")
class Disclosure(models.Model):
    """The disclosure as given: what was said, to whom, and the signed undertaking of confidentiality."""

    class Method(models.TextChoices):
        IN_PERSON = "in_person", "In person"
        IN_PERSON_WITH_IDVA = "in_person_idva", "In person, with an IDVA"

    application = models.OneToOneField(DisclosureApplication, on_delete=models.CASCADE, related_name="disclosure")
    disclosed_to = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="disclosures_received",
        help_text="The person at risk, or the person best placed to protect them.",
    )
    disclosed_at = models.DateTimeField()
    disclosed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    method = models.CharField(max_length=20, choices=Method.choices)
    what_was_said = models.TextField()
    undertaking_signed = models.BooleanField(default=False)
    undertaking_signed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(db_default=Now(), editable=False)

    objects = DisclosureChildQuerySet.as_manager()

    class Meta:
        constraints = [
            FieldCheckConstraint(
                condition=~Q(what_was_said=""),
                name="dvds_disclosure_says_what",
                field="what_was_said",
                violation_error_message="Record what was said.",
            ),
            FieldCheckConstraint(
                condition=Q(undertaking_signed=True, undertaking_signed_at__isnull=False),
                name="dvds_undertaking_signed",
                field="undertaking_signed",
                violation_error_message="The recipient must sign the undertaking of confidentiality before the "
                "disclosure is given.",
            ),
        ]

    def __str__(self) -> str:
        return f"Disclosure on {self.application}"
