"""Protection notices and orders (DVPN/DVPO, Crime and Security Act 2010; DAPN/DAPO, Domestic Abuse Act 2021).

The rules (who authorises, the minimum age, the hearing clock, an order's term and notification requirements)
are data (safeguarding/rules.py); a notice keeps the version it was drafted under. What a row must always be
is a named database constraint: a notice is never authorised by its drafter, never served before it is
authorised, an order never ends before it is made.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from accounts.reach import reach
from audit.consultation import personal_data
from audit.tracking import track_changes
from core.constraints import FieldCheckConstraint


class NoticeKind(models.TextChoices):
    DVPN = "dvpn", "DVPN (Crime and Security Act 2010)"
    DAPN = "dapn", "DAPN (Domestic Abuse Act 2021)"


class OrderKind(models.TextChoices):
    DVPO = "dvpo", "DVPO (Crime and Security Act 2010)"
    DAPO = "dapo", "DAPO (Domestic Abuse Act 2021)"


def safeguarding_reach(user):
    """Police users holding the notice permission: their areas (force-wide roles their force); partners never."""
    return reach(user, "safeguarding.view_protectionnotice")


class AreaBoundQuerySet(models.QuerySet):
    def visible_to(self, user):
        found = safeguarding_reach(user)
        return self.none() if found is None else found.filter(self)


@track_changes()
@personal_data("subject", "protected")
class ProtectionNotice(models.Model):
    """A DVPN or DAPN: drafted by an officer, authorised by the rank the rules name, served on the subject."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft: awaiting authorisation"
        AUTHORISED = "authorised", "Authorised: to be served"
        SERVED = "served", "Served: order application to be heard"
        HEARD = "heard", "Heard"
        REFUSED = "refused", "Authorisation refused"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class Outcome(models.TextChoices):
        ORDER_MADE = "order_made", "Order made"
        ORDER_REFUSED = "order_refused", "Order refused by the court"
        ADJOURNED = "adjourned", "Adjourned (the notice continues)"
        APPLICATION_WITHDRAWN = "application_withdrawn", "Application withdrawn"

    kind = models.CharField(max_length=10, choices=NoticeKind.choices)
    rules_version = models.CharField(max_length=20, editable=False)
    area = models.ForeignKey("accounts.Area", on_delete=models.PROTECT, related_name="protection_notices")
    incident = models.ForeignKey(
        "incidents.Incident", on_delete=models.PROTECT, related_name="protection_notices", null=True, blank=True
    )
    subject = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="protection_notices_against",
        help_text="The person the notice is given to.",
    )
    protected = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="protection_notices_for",
        help_text="The person it protects.",
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    grounds = models.TextField(
        help_text="The reasonable grounds for believing the subject has been violent or abusive."
    )
    victim_views = models.TextField(help_text="The views of the person to be protected, or why they are not known.")
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    drafted_at = models.DateTimeField(auto_now_add=True)
    authorised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    authorised_at = models.DateTimeField(null=True, blank=True)
    authorised_rank = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    decision_rationale = models.TextField(blank=True)
    served_at = models.DateTimeField(null=True, blank=True)
    served_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    hearing_notice_address = models.CharField(
        max_length=300, blank=True, help_text="The address the subject gave for notice of the hearing."
    )
    hearing_due_by = models.DateTimeField(null=True, blank=True, editable=False)
    hearing_at = models.DateTimeField(null=True, blank=True)
    court = models.CharField(max_length=150, blank=True)
    outcome = models.CharField(max_length=24, choices=Outcome.choices, blank=True)
    outcome_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    version = models.PositiveIntegerField(default=1)

    objects = AreaBoundQuerySet.as_manager()

    class Meta:
        ordering = ["-drafted_at", "-pk"]
        permissions = [
            ("authorise_protectionnotice", "Can authorise a protection notice (at the rank the rules name)"),
            ("serve_protectionnotice", "Can record the service of a protection notice"),
            ("record_hearing", "Can record a protection order hearing and its outcome"),
        ]
        constraints = [
            FieldCheckConstraint(
                field="authorised_by",
                name="protectionnotice_not_authorised_by_drafter",
                condition=Q(authorised_by__isnull=True) | ~Q(authorised_by=F("drafted_by")),
                violation_error_message="A notice is never authorised by the officer who drafted it.",
            ),
            FieldCheckConstraint(
                field="authorised_at",
                name="protectionnotice_authorised_with_who_and_when",
                condition=Q(authorised_by__isnull=True, authorised_at__isnull=True)
                | Q(authorised_by__isnull=False, authorised_at__isnull=False),
                violation_error_message="An authorisation records who gave it and when.",
            ),
            FieldCheckConstraint(
                field="served_at",
                name="protectionnotice_served_after_authorised",
                condition=Q(served_at__isnull=True)
                | Q(authorised_at__isnull=False, served_by__isnull=False, served_at__gte=F("authorised_at")),
                violation_error_message="A notice is served by a named officer, after it was authorised.",
            ),
            FieldCheckConstraint(
                field="outcome",
                name="protectionnotice_outcome_after_service",
                condition=Q(outcome="") | Q(served_at__isnull=False, hearing_at__isnull=False),
                violation_error_message="A hearing's outcome needs the notice served and the hearing's time.",
            ),
        ]
        indexes = [models.Index(fields=["status", "hearing_due_by"], name="sg_notice_status_due")]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("safeguarding:notice", args=[self.pk])

    @property
    def reference(self) -> str:
        return f"{self.kind.upper()}-{self.pk}"


@track_changes()
@personal_data("subject", "protected")
class ProtectionOrder(models.Model):
    """A DVPO or DAPO made by a magistrates' court on the police application."""

    kind = models.CharField(max_length=10, choices=OrderKind.choices)
    rules_version = models.CharField(max_length=20, editable=False)
    notice = models.OneToOneField(
        ProtectionNotice, on_delete=models.PROTECT, related_name="order", null=True, blank=True
    )
    area = models.ForeignKey("accounts.Area", on_delete=models.PROTECT, related_name="protection_orders")
    subject = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="protection_orders_against")
    protected = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="protection_orders_for")
    court = models.CharField(max_length=150)
    made_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True, help_text="Empty: no fixed end (a DAPO may have none).")
    notification_due_by = models.DateTimeField(
        null=True, blank=True, help_text="DAPO: the subject must notify their name and address by then."
    )
    notification_received_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    discharged_on = models.DateField(null=True, blank=True)

    objects = AreaBoundQuerySet.as_manager()

    class Meta:
        ordering = ["-made_on", "-pk"]
        constraints = [
            FieldCheckConstraint(
                field="ends_on",
                name="protectionorder_ends_after_made",
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("made_on")),
                violation_error_message="An order cannot end before the day it was made.",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("safeguarding:order", args=[self.pk])

    @property
    def reference(self) -> str:
        return f"{self.kind.upper()}-{self.pk}"

    def in_force_on(self, day) -> bool:
        return (
            self.made_on <= day
            and (self.ends_on is None or day <= self.ends_on)
            and (self.discharged_on is None or day < self.discharged_on)
        )


class Condition(models.Model):
    """One condition of a notice, an order or a civil order (no contact, a distance, leave or not enter)."""

    class Kind(models.TextChoices):
        NO_CONTACT = "no_contact", "No contact, direct or indirect, with the protected person"
        NOT_WITHIN = "not_within", "Not to come within a distance of premises"
        LEAVE_PREMISES = "leave_premises", "To leave premises"
        NOT_ENTER = "not_enter", "Not to enter premises"
        OTHER = "other", "Other"

    notice = models.ForeignKey(
        ProtectionNotice, on_delete=models.CASCADE, related_name="conditions", null=True, blank=True
    )
    order = models.ForeignKey(
        ProtectionOrder, on_delete=models.CASCADE, related_name="conditions", null=True, blank=True
    )
    civil_order = models.ForeignKey(
        "safeguarding.CivilOrder", on_delete=models.CASCADE, related_name="conditions", null=True, blank=True
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    premises = models.CharField(max_length=300, blank=True)
    distance_metres = models.PositiveIntegerField(null=True, blank=True)
    detail = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                name="condition_belongs_to_one_record",
                condition=Q(notice__isnull=False, order__isnull=True, civil_order__isnull=True)
                | Q(notice__isnull=True, order__isnull=False, civil_order__isnull=True)
                | Q(notice__isnull=True, order__isnull=True, civil_order__isnull=False),
                violation_error_message="A condition belongs to one notice or order.",
            ),
            FieldCheckConstraint(
                field="premises",
                name="condition_premises_named",
                condition=~Q(kind__in=["not_within", "leave_premises", "not_enter"]) | ~Q(premises=""),
                violation_error_message="Name the premises.",
            ),
            FieldCheckConstraint(
                field="distance_metres",
                name="condition_distance_given",
                condition=~Q(kind="not_within") | Q(distance_metres__gte=1, distance_metres__lte=100000),
                violation_error_message="Give the distance in metres (1 to 100,000).",
            ),
            FieldCheckConstraint(
                field="detail",
                name="condition_other_described",
                condition=~Q(kind="other") | ~Q(detail=""),
                violation_error_message="Describe the condition.",
            ),
        ]

    def __str__(self) -> str:
        text = self.get_kind_display()
        if self.kind == self.Kind.NOT_WITHIN:
            text = f"Not to come within {self.distance_metres} m of {self.premises}"
        elif self.premises:
            text = f"{text}: {self.premises}"
        return f"{text} ({self.detail})" if self.detail and self.kind != self.Kind.OTHER else (self.detail or text)


@track_changes()
class OrderVariation(models.Model):
    """A court's variation of an order: what changed, and a new end if it moved."""

    order = models.ForeignKey(ProtectionOrder, on_delete=models.PROTECT, related_name="variations")
    varied_on = models.DateField()
    change = models.TextField()
    new_ends_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["varied_on", "pk"]

    def __str__(self) -> str:
        return f"Variation of {self.order} on {self.varied_on:%d/%m/%Y}"


@track_changes()
class Breach(models.Model):
    """A breach of a notice, an order or a civil order, linked to the incident that recorded it."""

    notice = models.ForeignKey(
        ProtectionNotice, on_delete=models.PROTECT, related_name="breaches", null=True, blank=True
    )
    order = models.ForeignKey(ProtectionOrder, on_delete=models.PROTECT, related_name="breaches", null=True, blank=True)
    civil_order = models.ForeignKey(
        "safeguarding.CivilOrder", on_delete=models.PROTECT, related_name="breaches", null=True, blank=True
    )
    incident = models.ForeignKey("incidents.Incident", on_delete=models.PROTECT, related_name="protection_breaches")
    occurred_at = models.DateTimeField()
    detail = models.TextField()
    arrested = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="breach_of_one_record",
                condition=Q(notice__isnull=False, order__isnull=True, civil_order__isnull=True)
                | Q(notice__isnull=True, order__isnull=False, civil_order__isnull=True)
                | Q(notice__isnull=True, order__isnull=True, civil_order__isnull=False),
                violation_error_message="A breach is of one notice or order.",
            ),
        ]

    def __str__(self) -> str:
        return f"Breach on {self.occurred_at:%d/%m/%Y}"
