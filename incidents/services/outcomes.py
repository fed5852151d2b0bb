"""What came of the incident: crimes, their allocation and outcome, arrests and evidence."""

import hashlib
import io
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageOps, UnidentifiedImageError

from accounts.models import User
from people.models import Person

from ..models import Arrest, Crime, Evidence, Incident
from ..signals import arrest_recorded, crime_outcome_recorded
from .response import _open_for_changes

ALLOWED_IMAGE_FORMATS = {"JPEG", "PNG", "WEBP", "HEIC"}


@transaction.atomic
def crime_record(*, incident: Incident, user: User, crime_number: str, offence: str) -> Crime:
    """Record a crime from the incident; the incident's decision becomes "crime"."""
    incident = _open_for_changes(incident)
    crime = Crime(incident=incident, crime_number=crime_number.strip().upper(), offence=offence, recorded_by=user)
    crime.full_clean(exclude=["recorded_by"])
    crime.save()
    if incident.crime_decision != Incident.CrimeDecision.CRIME:
        incident.crime_decision = Incident.CrimeDecision.CRIME
        incident.save(update_fields=["crime_decision"])
    return crime


@transaction.atomic
def incident_no_crime(*, incident: Incident, user: User) -> Incident:
    incident = _open_for_changes(incident)
    if incident.crimes.exists():
        raise ValidationError("Crimes are recorded for this incident; it cannot be marked no crime.")
    incident.crime_decision = Incident.CrimeDecision.NO_CRIME
    incident.save(update_fields=["crime_decision"])
    return incident


@transaction.atomic
def crime_allocate(*, crime: Crime, user: User, investigator: User, rule: str) -> Crime:
    """Allocate the crime to an investigator, recording the allocation rule applied (inspection finding 9)."""
    crime = Crime.objects.select_for_update().get(pk=crime.pk)
    if rule not in Crime.AllocationRule.values:
        raise ValidationError({"allocation_rule": "Choose the allocation rule that was applied."})
    crime.investigator, crime.allocation_rule, crime.allocated_at = investigator, rule, timezone.now()
    crime.full_clean(exclude=["recorded_by", "investigator"])
    crime.save(update_fields=["investigator", "allocation_rule", "allocated_at"])
    return crime


@transaction.atomic
def crime_outcome_record(*, crime: Crime, user: User, outcome: str, outcome_reason: str = "") -> Crime:
    crime = Crime.objects.select_for_update().get(pk=crime.pk)
    crime.outcome, crime.outcome_reason, crime.outcome_at = outcome, outcome_reason.strip(), timezone.now()
    crime.full_clean(exclude=["recorded_by", "investigator"])
    crime.save(update_fields=["outcome", "outcome_reason", "outcome_at"])
    crime_outcome_recorded.send(sender=Crime, crime=crime, user=user)
    return crime


@transaction.atomic
def arrest_record(*, incident: Incident, user: User, person: Person, arrested_at: datetime, offence: str) -> Arrest:
    incident = _open_for_changes(incident)
    if not incident.parties.filter(person=person).exists():
        raise ValidationError({"person": "The person arrested must be a party to the incident."})
    if arrested_at < incident.received_at:
        raise ValidationError({"arrested_at": "The arrest cannot be before the call was received."})
    arrest = Arrest(
        incident=incident,
        person=person,
        arrested_at=arrested_at,
        offence=offence.strip(),
        arrested_by=user,
        recorded_by=user,
    )
    arrest.full_clean(exclude=["arrested_by", "recorded_by"])
    arrest.save()
    arrest_recorded.send(sender=Arrest, arrest=arrest, user=user)
    return arrest


@transaction.atomic
def incident_positive_action(*, incident: Incident, user: User, rationale: str) -> Incident:
    """Record why no arrest was made where a suspect was identified."""
    incident = _open_for_changes(incident)
    if not rationale.strip():
        raise ValidationError({"positive_action_rationale": "Give the rationale."})
    incident.positive_action_rationale = rationale.strip()
    incident.save(update_fields=["positive_action_rationale"])
    return incident


def validate_photograph(*, upload: UploadedFile) -> None:
    """Only real images of an allowed format and size: the bytes are checked, not the file name."""
    if upload.size > settings.DACASE_MAX_PHOTO_BYTES:
        limit = settings.DACASE_MAX_PHOTO_BYTES // (1024 * 1024)
        raise ValidationError({"image": f"The photograph is too large: at most {limit} MB."})
    try:
        with Image.open(upload) as img:
            img.verify()
            image_format = img.format
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise ValidationError({"image": "That file is not an image."}) from exc
    finally:
        upload.seek(0)
    if image_format not in ALLOWED_IMAGE_FORMATS:
        raise ValidationError({"image": "Photographs must be JPEG, PNG or WebP."})


@transaction.atomic
def evidence_add(
    *,
    incident: Incident,
    user: User,
    kind: str,
    reference: str = "",
    description: str = "",
    image: UploadedFile | None = None,
    camera: str = "",
    clip_start: datetime | None = None,
    clip_end: datetime | None = None,
) -> Evidence:
    """Evidence of the incident: a photograph, a statement's reference, or a body-worn video clip (its reference in
    the force's video system, the camera and the clip's time range)."""
    incident = _open_for_changes(incident)
    if kind == Evidence.Kind.PHOTOGRAPH:
        if image is not None:
            validate_photograph(upload=image)  # none: the model's own rule says to attach one
    elif image is not None:
        raise ValidationError({"image": "Only photographs have a file; give a reference instead."})
    evidence = Evidence(
        incident=incident,
        kind=kind,
        reference=reference.strip(),
        description=description.strip(),
        captured_by=user,
        camera=camera.strip(),
        clip_start=clip_start,
        clip_end=clip_end,
    )
    if image is not None:
        evidence.image = image
    evidence.full_clean(exclude=["captured_by"])
    evidence.save()
    return evidence


def _display_copy(upload: UploadedFile) -> ContentFile:
    """What is shown of a photograph: turned upright, without its metadata (EXIF: GPS location, device)."""
    upload.seek(0)
    with Image.open(upload) as img:
        upright = ImageOps.exif_transpose(img).convert("RGB")
        upright.info = {}
        out = io.BytesIO()
        upright.save(out, format="JPEG", quality=88)  # no exif= given: none is written
    upload.seek(0)
    return ContentFile(out.getvalue(), name="display.jpg")


@transaction.atomic
def evidence_photograph_upload(
    *,
    incident: Incident,
    user: User,
    image: UploadedFile,
    sha256: str,
    taken_at: datetime,
    device: str,
    description: str = "",
) -> tuple[Evidence, bool]:
    """A photograph taken on the officer's phone, perhaps offline and uploaded later.

    The bytes must hash to the SHA-256 the phone recorded when it was taken, or nothing is stored. Sent twice
    (a lost reply), it is the one photograph: returns (evidence, created).
    """
    incident = _open_for_changes(incident)
    validate_photograph(upload=image)
    digest = hashlib.sha256()
    for chunk in image.chunks():
        digest.update(chunk)
    image.seek(0)
    sha256 = sha256.strip().lower()
    if digest.hexdigest() != sha256:
        raise ValidationError(
            {"sha256": "The photograph's bytes do not match the SHA-256 recorded when it was taken: not stored."}
        )
    if taken_at > timezone.now() + timedelta(minutes=10) or taken_at < incident.received_at - timedelta(days=2):
        raise ValidationError({"taken_at": "That time is impossible for this incident."})
    existing = Evidence.objects.filter(incident=incident, sha256=sha256).first()
    if existing is not None:
        return existing, False
    evidence = Evidence(
        incident=incident,
        kind=Evidence.Kind.PHOTOGRAPH,
        description=description.strip(),
        captured_by=user,
        sha256=sha256,
        device=device.strip(),
        taken_at=taken_at,
    )
    evidence.image = image
    evidence.display_image = _display_copy(image)
    evidence.full_clean(exclude=["captured_by"])
    evidence.save()
    return evidence, True
