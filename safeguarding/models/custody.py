"""Bail and release: where a suspect stands after arrest, with conditions and the dates that matter.

Each change (pre-charge bail, released under investigation, charged and bailed, remanded, a custody or prison
release date) is a new ``CustodyStatus`` that ends the one before; the current one (``ended_at`` empty) is what
the intake screen, the history panel and the warnings show. Before a pre-charge bail decision the victim's
views are sought and recorded (Kay's Law: ``VictimViews``); the service refuses the decision without them.
Each change raises a ``RiskReviewTask`` for the case owner of each victim; the bail end date, the release date and
each review task are clocks of the one clock job (safeguarding/case_clocks.py).
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Now
from django.utils import timezone

from accounts.reach import visible
from audit.consultation import personal_data
from audit.tracking import track_changes
from core.constraints import FieldCheckConstraint

VIEW_CUSTODY = "safeguarding.view_custodystatus"


class CustodyQuerySet(models.QuerySet):
    def visible_to(self, user) -> "CustodyQuerySet":
        """Police roles holding the permission, in the incident's area (force-wide roles: their force)."""
        return visible(self, user, VIEW_CUSTODY, area="incident__area")

    def current(self) -> "CustodyQuerySet":
        return self.filter(ended_at__isnull=True)


@track_changes()
@personal_data("victim")
class VictimViews(models.Model):
    """The victim's views on the suspect's release and its conditions, sought before a bail decision (Kay's Law)."""

    incident = models.ForeignKey("incidents.Incident", on_delete=models.PROTECT, related_name="victim_views")
    suspect = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    victim = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="views_given")
    sought_at = models.DateTimeField()
    sought_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reached = models.BooleanField(help_text="Whether the victim was reached and gave their views.")
    views = models.TextField(blank=True, help_text="What the victim said about release and conditions.")
    not_reached_reason = models.TextField(blank=True, help_text="Why the views could not be obtained.")
    created_at = models.DateTimeField(db_default=Now(), editable=False)

    objects = CustodyQuerySet.as_manager()

    class Meta:
        ordering = ["-sought_at", "-id"]
        verbose_name_plural = "victim views"
        constraints = [
            FieldCheckConstraint(
                condition=~Q(reached=True) | ~Q(views=""),
                name="victim_views_recorded",
                field="views",
                violation_error_message="Record what the victim said.",
            ),
            FieldCheckConstraint(
                condition=Q(reached=True) | ~Q(not_reached_reason=""),
                name="victim_views_not_reached_reason",
                field="not_reached_reason",
                violation_error_message="Say why the victim's views could not be obtained and what was tried.",
            ),
        ]

    def __str__(self) -> str:
        return f"Victim's views, incident {self.incident_id}"


@track_changes()
@personal_data("suspect")
class CustodyStatus(models.Model):
    """One state of a suspect after arrest, from ``decided_at`` until the next one (``ended_at``)."""

    class Kind(models.TextChoices):
        PRE_CHARGE_BAIL = "pre_charge_bail", "Pre-charge bail"
        RELEASED_UNDER_INVESTIGATION = "rui", "Released under investigation"
        CHARGED_BAILED = "charged_bailed", "Charged, bailed to court"
        REMANDED = "remanded", "Charged, remanded in custody"
        IN_PRISON = "in_prison", "In prison (sentenced)"
        RELEASED = "released", "Released from custody or prison"
        NO_FURTHER_ACTION = "nfa", "Released, no further action"

    # Kinds that carry bail conditions, and those that hold the suspect with a release date ahead.
    BAIL = ("pre_charge_bail", "charged_bailed")
    HELD = ("remanded", "in_prison")

    incident = models.ForeignKey("incidents.Incident", on_delete=models.PROTECT, related_name="custody_statuses")
    suspect = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="custody_statuses")
    arrest = models.ForeignKey("incidents.Arrest", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    decided_at = models.DateTimeField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    rationale = models.TextField(help_text="Why this decision (and these conditions).")
    bail_end_date = models.DateField(null=True, blank=True, help_text="Pre-charge bail: the day it ends.")
    answer_at = models.DateTimeField(null=True, blank=True, help_text="When the suspect must answer bail.")
    court_date = models.DateField(null=True, blank=True, help_text="Charged: the first hearing.")
    release_date = models.DateField(null=True, blank=True, help_text="Remanded or in prison: the expected release.")
    victim_views = models.ForeignKey(
        VictimViews, on_delete=models.PROTECT, null=True, blank=True, related_name="bail_decisions"
    )
    ended_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(db_default=Now(), editable=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = CustodyQuerySet.as_manager()

    class Meta:
        ordering = ["-decided_at", "-id"]
        verbose_name_plural = "custody statuses"
        indexes = [
            models.Index(fields=["suspect"], condition=Q(ended_at__isnull=True), name="custody_current_by_suspect"),
            models.Index(fields=["bail_end_date"], condition=Q(ended_at__isnull=True), name="custody_bail_ends"),
            models.Index(fields=["release_date"], condition=Q(ended_at__isnull=True), name="custody_release"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["incident", "suspect"],
                condition=Q(ended_at__isnull=True),
                name="custody_one_current",
                violation_error_message="The suspect already has a current status on this incident.",
            ),
            FieldCheckConstraint(
                condition=~Q(kind="pre_charge_bail") | Q(bail_end_date__isnull=False),
                name="custody_bail_has_end",
                field="bail_end_date",
                violation_error_message="Pre-charge bail needs the day it ends.",
            ),
            FieldCheckConstraint(
                condition=~Q(kind__in=["remanded", "in_prison"]) | Q(release_date__isnull=False),
                name="custody_held_has_release_date",
                field="release_date",
                violation_error_message="Give the expected release date.",
            ),
            FieldCheckConstraint(
                condition=~Q(rationale=""),
                name="custody_has_rationale",
                field="rationale",
                violation_error_message="Give the reason for the decision.",
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=models.F("decided_at")),
                name="custody_ends_after_start",
                violation_error_message="A status cannot end before it began.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.suspect}"

    @property
    def is_bail(self) -> bool:
        return self.kind in self.BAIL

    @property
    def due_date(self) -> date | None:
        """The date the case owner must look ahead to: the bail's end or the release."""
        return self.bail_end_date if self.kind == self.Kind.PRE_CHARGE_BAIL else self.release_date

    def summary(self) -> str:
        """One line: the status, its date and its conditions (what a call handler needs to know)."""
        text = self.get_kind_display()
        if self.kind == self.Kind.PRE_CHARGE_BAIL and self.bail_end_date:
            text += f" until {self.bail_end_date:%d/%m/%Y}"
        if self.court_date:
            text += f", court {self.court_date:%d/%m/%Y}"
        if self.release_date and self.kind in self.HELD:
            text += f", release expected {self.release_date:%d/%m/%Y}"
        conditions = [c.summary() for c in self.conditions.all()]
        if conditions:
            text += ". Conditions: " + "; ".join(conditions)
        return text


@track_changes()
@personal_data("protected_person")
class BailCondition(models.Model):
    """A condition of bail: no contact with a named person, keep away from a place, live at, curfew..."""

    class Kind(models.TextChoices):
        NO_CONTACT = "no_contact", "Not to contact, directly or indirectly"
        EXCLUSION = "exclusion", "Not to enter an area or go to an address"
        RESIDENCE = "residence", "To live and sleep at an address"
        CURFEW = "curfew", "Curfew"
        REPORTING = "reporting", "To report to a police station"
        OTHER = "other", "Other"

    status = models.ForeignKey(CustodyStatus, on_delete=models.CASCADE, related_name="conditions")
    kind = models.CharField(max_length=15, choices=Kind.choices)
    protected_person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="protecting_conditions"
    )
    detail = models.CharField(max_length=300, help_text="The condition as the custody record words it.")

    objects = models.Manager()

    class Meta:
        ordering = ["id"]
        constraints = [
            FieldCheckConstraint(
                condition=~Q(kind="no_contact") | Q(protected_person__isnull=False),
                name="bail_no_contact_names_person",
                field="protected_person",
                violation_error_message="Name the person the suspect must not contact.",
            ),
            FieldCheckConstraint(
                condition=~Q(detail=""),
                name="bail_condition_has_detail",
                field="detail",
                violation_error_message="Word the condition.",
            ),
        ]

    def __str__(self) -> str:
        return self.summary()

    def summary(self) -> str:
        who = f" {self.protected_person.full_name}" if self.protected_person_id and self.kind == "no_contact" else ""
        return f"{self.get_kind_display()}{who}: {self.detail}"


class ReviewTaskQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ReviewTaskQuerySet":
        return visible(self, user, VIEW_CUSTODY, area="status__incident__area")

    def open(self) -> "ReviewTaskQuerySet":
        return self.filter(done_at__isnull=True)


@track_changes()
@personal_data("victim")
class RiskReviewTask(models.Model):
    """Review the victim's risk (and their plan) because the suspect's bail or custody changed."""

    status = models.ForeignKey(CustodyStatus, on_delete=models.CASCADE, related_name="review_tasks")
    victim = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="risk_review_tasks")
    due_date = models.DateField()
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.TextField(blank=True, help_text="What the review found and what was done.")
    created_at = models.DateTimeField(db_default=Now(), editable=False)

    objects = ReviewTaskQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "id"]
        permissions = [("complete_riskreviewtask", "Can complete risk-review tasks given to them")]
        indexes = [models.Index(fields=["assignee", "due_date"], condition=Q(done_at__isnull=True), name="rrt_open")]
        constraints = [
            models.UniqueConstraint(
                fields=["status", "victim"],
                name="rrt_once_per_status_victim",
                violation_error_message="This review task has already been raised.",
            ),
            FieldCheckConstraint(
                condition=Q(done_at__isnull=True) | ~Q(note=""),
                name="rrt_done_has_note",
                field="note",
                violation_error_message="Say what the review found and what was done.",
            ),
        ]

    def __str__(self) -> str:
        return f"Risk review after {self.status.get_kind_display().lower()}"

    def is_overdue(self, today: date | None = None) -> bool:
        return self.done_at is None and self.due_date < (today or timezone.localdate())
