"""Where imported records came from: the old system of a force, each file imported, and each person's link.

A record imported from a force's old system carries ``import_source`` (its Source) and ``source_id`` (its id
there), unique together by a database constraint on each imported model. A Source belongs to one force, so a
source id is unique per force and source system. That pair is also the marker that the record was imported.
"""

from django.conf import settings
from django.db import models
from django.db.models.functions import Now

from audit.tracking import track_changes


class Source(models.Model):
    """A force's old system that history is imported from (``--source NAME``)."""

    force = models.ForeignKey("accounts.Force", on_delete=models.PROTECT, related_name="+")
    name = models.SlugField(max_length=40)
    created_at = models.DateTimeField(db_default=Now(), editable=False)

    class Meta:
        ordering = ["force", "name"]
        constraints = [models.UniqueConstraint(fields=["force", "name"], name="import_source_unique_in_force")]
        permissions = [("import_history", "Can import a force's history from its old system")]

    def __str__(self) -> str:
        return self.name


@track_changes()
class ImportedFile(models.Model):
    """One file of one kind imported (or found to hold nothing new): the audit entry of the file as a whole.

    Every record it wrote has its own insert event as well, under a pghistory context naming this file.
    """

    class Kind(models.TextChoices):
        PEOPLE = "people", "People"
        INCIDENTS = "incidents", "Incidents"
        CRIMES = "crimes", "Crimes"
        ARRESTS = "arrests", "Arrests"

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="files")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0, help_text="Records new to dacase.")
    matched = models.PositiveIntegerField(default=0, help_text="People matched to a person already in the index.")
    unchanged = models.PositiveIntegerField(default=0, help_text="Records imported before: left as they are.")
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    imported_at = models.DateTimeField(db_default=Now(), editable=False)

    class Meta:
        ordering = ["-imported_at", "-id"]

    def __str__(self) -> str:
        return f"{self.source} {self.kind} {self.file_name}"


class PersonLink(models.Model):
    """Which person of the index a source system's person is: one matched by the matcher, or one created."""

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="+")
    source_key = models.CharField(max_length=64, help_text="The person's id in the source system.")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    matched = models.BooleanField(help_text="True when the person was already in the index (found by the matcher).")
    score = models.FloatField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["source", "source_key"], name="person_link_unique")]

    def __str__(self) -> str:
        return f"{self.source}:{self.source_key} -> {self.person_id}"
