"""The Victims' Code: updates owed to a victim, and the log of contacts with them.

An event of the case (an arrest, a charge, bail, a release, the outcome) makes a ``VictimUpdate`` owed to each
victim of the incident, due by the end of ``due_on``: the event's local date plus the Code's working days (1 for
a victim with enhanced rights, as every domestic-abuse victim is; 5 otherwise; safeguarding/data/victims_code.json),
counted on the England-and-Wales working-day calendar (safeguarding/calendar.py). A ``VictimContact`` records how,
by whom and what was said; a contact that reached the victim gives the updates it names.
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

VIEW_VICTIMS_CODE = "safeguarding.view_victimupdate"


class VictimsCodeQuerySet(models.QuerySet):
    def visible_to(self, user) -> "VictimsCodeQuerySet":
        return visible(self, user, VIEW_VICTIMS_CODE, area="incident__area")


class VictimUpdateQuerySet(VictimsCodeQuerySet):
    def open(self) -> "VictimUpdateQuerySet":
        return self.filter(given_at__isnull=True)

    def overdue(self, today: date) -> "VictimUpdateQuerySet":
        return self.open().filter(due_on__lt=today)


@track_changes()
@personal_data("victim")
class VictimContact(models.Model):
    """One contact with a victim (or an attempt): how, by whom, and what was said."""

    class Method(models.TextChoices):
        PHONE = "phone", "Telephone"
        IN_PERSON = "in_person", "In person"
        EMAIL = "email", "E-mail"
        TEXT = "text", "Text message"
        LETTER = "letter", "Letter"
        VIA_IDVA = "via_idva", "Through the IDVA"

    incident = models.ForeignKey("incidents.Incident", on_delete=models.PROTECT, related_name="victim_contacts")
    victim = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="victim_contacts")
    contacted_at = models.DateTimeField()
    contacted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    method = models.CharField(max_length=15, choices=Method.choices)
    reached = models.BooleanField(help_text="Whether the victim was reached (a message left is not an update).")
    what_was_said = models.TextField()
    created_at = models.DateTimeField(db_default=Now(), editable=False)

    objects = VictimsCodeQuerySet.as_manager()

    class Meta:
        ordering = ["-contacted_at", "-id"]
        constraints = [
            FieldCheckConstraint(
                condition=~Q(what_was_said=""),
                name="victim_contact_says_what",
                field="what_was_said",
                violation_error_message="Record what was said (or what was tried).",
            ),
        ]

    def __str__(self) -> str:
        return f"Contact by {self.get_method_display().lower()} on {timezone.localtime(self.contacted_at):%d/%m/%Y}"


@track_changes()
@personal_data("victim")
class VictimUpdate(models.Model):
    """An update the Code owes a victim about one event of their case, and when it was given."""

    class Event(models.TextChoices):
        ARREST = "arrest", "Arrest"
        CHARGE = "charge", "Charge"
        BAIL = "bail", "Bail and its conditions"
        RELEASE = "release", "Release from custody"
        OUTCOME = "outcome", "Outcome of the case"

    incident = models.ForeignKey("incidents.Incident", on_delete=models.PROTECT, related_name="victim_updates")
    victim = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="victim_updates")
    event = models.CharField(max_length=10, choices=Event.choices)
    source = models.CharField(max_length=60, help_text="What the update is about: 'arrest:12', 'custody:4'...")
    event_at = models.DateTimeField()
    description = models.CharField(max_length=300)
    enhanced = models.BooleanField(help_text="Whether the victim has enhanced rights under the Code.")
    rules_version = models.CharField(max_length=30)
    working_days = models.PositiveSmallIntegerField()
    due_on = models.DateField(help_text="Give the update by the end of this day.")
    responsible = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="victim_updates")
    given_at = models.DateTimeField(null=True, blank=True)
    contact = models.ForeignKey(VictimContact, on_delete=models.PROTECT, null=True, blank=True, related_name="updates")
    created_at = models.DateTimeField(db_default=Now(), editable=False)

    objects = VictimUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["due_on", "id"], condition=Q(given_at__isnull=True), name="vc_update_open_due"),
            models.Index(fields=["responsible", "due_on"], condition=Q(given_at__isnull=True), name="vc_update_mine"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["victim", "source"],
                name="vc_update_once_per_event",
                violation_error_message="This update is already owed.",
            ),
            models.CheckConstraint(
                condition=Q(given_at__isnull=True, contact__isnull=True)
                | Q(given_at__isnull=False, contact__isnull=False),
                name="vc_update_given_by_contact",
                violation_error_message="An update is given by a contact that reached the victim.",
            ),
        ]

    def __str__(self) -> str:
        return f"Victims' Code update: {self.get_event_display().lower()}"

    def is_overdue(self, today: date | None = None) -> bool:
        return self.given_at is None and self.due_on < (today or timezone.localdate())

    def given_on_time(self) -> bool | None:
        if self.given_at is None:
            return None
        return timezone.localdate(self.given_at) <= self.due_on
