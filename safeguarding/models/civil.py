"""Civil and other orders notified by courts or solicitors: non-molestation, occupation, restraining, forced
marriage and FGM protection orders, recorded against people and addresses, with conditions and expiry."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from audit.consultation import personal_data
from audit.tracking import track_changes
from core.constraints import FieldCheckConstraint

from .protection import AreaBoundQuerySet


@track_changes()
@personal_data("subject", "protected")
class CivilOrder(models.Model):
    class Kind(models.TextChoices):
        NON_MOLESTATION = "non_molestation", "Non-molestation order (Family Law Act 1996, s. 42)"
        OCCUPATION = "occupation", "Occupation order (Family Law Act 1996, ss. 33-38)"
        RESTRAINING = "restraining", "Restraining order (Sentencing Act 2020, ss. 359-360)"
        FORCED_MARRIAGE = "forced_marriage", "Forced marriage protection order (Family Law Act 1996, s. 63A)"
        FGM = "fgm", "FGM protection order (Female Genital Mutilation Act 2003, Sch. 2)"

    class NotifiedBy(models.TextChoices):
        COURT = "court", "Court"
        SOLICITOR = "solicitor", "Solicitor"
        OTHER = "other", "Other"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    area = models.ForeignKey("accounts.Area", on_delete=models.PROTECT, related_name="civil_orders")
    subject = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="civil_orders_against", help_text="The respondent."
    )
    protected = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="civil_orders_for", null=True, blank=True
    )
    address = models.ForeignKey(
        "people.Address",
        on_delete=models.PROTECT,
        related_name="civil_orders",
        null=True,
        blank=True,
        help_text="The premises the order protects, if any.",
    )
    court = models.CharField(max_length=150)
    case_number = models.CharField(max_length=60, blank=True)
    made_on = models.DateField()
    expires_on = models.DateField(null=True, blank=True, help_text="Empty: until further order.")
    power_of_arrest = models.BooleanField(default=False)
    notified_by = models.CharField(max_length=10, choices=NotifiedBy.choices)
    notified_on = models.DateField()
    officer_safety_warning = models.CharField(
        max_length=300, blank=True, help_text="What an officer attending must know (weapons, violence to police...)."
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = AreaBoundQuerySet.as_manager()

    class Meta:
        ordering = ["-made_on", "-pk"]
        constraints = [
            FieldCheckConstraint(
                field="expires_on",
                name="civilorder_expires_after_made",
                condition=Q(expires_on__isnull=True) | Q(expires_on__gte=F("made_on")),
                violation_error_message="An order cannot expire before the day it was made.",
            ),
            FieldCheckConstraint(
                field="notified_on",
                name="civilorder_notified_after_made",
                condition=Q(notified_on__gte=F("made_on")),
                violation_error_message="An order is notified on or after the day it was made.",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("safeguarding:civil_order", args=[self.pk])

    @property
    def reference(self) -> str:
        return f"CO-{self.pk}"

    def in_force_on(self, day) -> bool:
        return self.made_on <= day and (self.expires_on is None or day <= self.expires_on)
