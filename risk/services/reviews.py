"""Sergeant review, then the PVP queue for medium and high assessments."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User

from ..grading import validate_grade
from ..models import Assessment, Grade, PvpQueueItem, Review


def _record_review(*, assessment: Assessment, stage: str, reviewer: User, grade: str, rationale: str) -> Review:
    validate_grade(
        grade=grade,
        rationale=rationale,
        yes_count=assessment.yes_count,
        questionnaire=assessment.questionnaire,
        previous=assessment.grade,
    )
    review = Review.objects.create(
        assessment=assessment,
        stage=stage,
        reviewer=reviewer,
        decision=Review.Decision.CONFIRM if grade == assessment.grade else Review.Decision.REGRADE,
        grade_before=assessment.grade,
        grade=grade,
        rationale=rationale.strip(),
    )
    assessment.grade = grade
    return review


@transaction.atomic
def sergeant_review(*, assessment: Assessment, sergeant: User, grade: str, rationale: str = "") -> Review:
    """Confirm or regrade a submitted assessment; medium and high go straight to the area's PVP queue."""
    # of=("self",): lock the assessment row only, not the questionnaire every review in the force shares.
    assessment = (
        Assessment.objects.select_for_update(of=("self",)).select_related("questionnaire").get(pk=assessment.pk)
    )
    if assessment.status != Assessment.Status.SUBMITTED:
        raise ValidationError("This assessment is not awaiting a sergeant's review (someone may have reviewed it).")
    if assessment.officer_id == sergeant.pk:
        raise ValidationError("You cannot review an assessment you completed yourself.")
    review = _record_review(
        assessment=assessment, stage=Review.Stage.SERGEANT, reviewer=sergeant, grade=grade, rationale=rationale
    )
    assessment.sergeant_reviewed_at = review.reviewed_at or timezone.now()
    if grade in (Grade.MEDIUM, Grade.HIGH):
        assessment.status = Assessment.Status.PVP_REVIEW
        PvpQueueItem.objects.create(assessment=assessment, area_id=assessment.area_id)
    else:
        assessment.status = Assessment.Status.COMPLETE
    assessment.save(update_fields=["grade", "status", "sergeant_reviewed_at", "updated_at"])
    return review


@transaction.atomic
def pvp_claim_next(*, user: User) -> PvpQueueItem | None:
    """Claim the oldest unclaimed item of the user's queue; two people never get the same one (SKIP LOCKED)."""
    item = (
        PvpQueueItem.objects.visible_to(user)
        .select_for_update(skip_locked=True)
        .filter(claimed_by__isnull=True, completed_at__isnull=True)
        .order_by("entered_at", "pk")
        .first()
    )
    if item is None:
        return None
    item.claimed_by, item.claimed_at = user, timezone.now()
    item.save(update_fields=["claimed_by", "claimed_at"])
    return item


@transaction.atomic
def pvp_claim(*, item: PvpQueueItem, user: User) -> PvpQueueItem:
    """Claim this item; refused if someone holds it (the row lock makes two claims at once safe)."""
    item = PvpQueueItem.objects.select_for_update().get(pk=item.pk)
    if item.completed_at is not None:
        raise ValidationError("This item has already been reviewed.")
    if item.claimed_by_id and item.claimed_by_id != user.pk:
        raise ValidationError(f"{item.claimed_by} is already reviewing this item.")
    item.claimed_by, item.claimed_at = user, item.claimed_at or timezone.now()
    item.save(update_fields=["claimed_by", "claimed_at"])
    return item


@transaction.atomic
def pvp_release(*, item: PvpQueueItem, user: User) -> PvpQueueItem:
    item = PvpQueueItem.objects.select_for_update().get(pk=item.pk)
    if item.claimed_by_id != user.pk or item.completed_at is not None:
        raise ValidationError("You do not hold this item.")
    item.claimed_by = item.claimed_at = None
    item.save(update_fields=["claimed_by", "claimed_at"])
    return item


@transaction.atomic
def pvp_complete(
    *,
    item: PvpQueueItem,
    user: User,
    grade: str,
    rationale: str = "",
    refer_to_marac: bool = False,
    refer_to_idva: bool = False,
    notify_childrens_services: bool = False,
    notes: str = "",
) -> PvpQueueItem:
    """Review the claimed assessment: confirm or regrade, and record the referrals decided."""
    item = PvpQueueItem.objects.select_for_update().get(pk=item.pk)
    if item.completed_at is not None:
        raise ValidationError("This item has already been reviewed.")
    if item.claimed_by_id != user.pk:
        raise ValidationError("Claim the item before reviewing it.")
    assessment = (
        Assessment.objects.select_for_update(of=("self",)).select_related("questionnaire").get(pk=item.assessment_id)
    )
    _record_review(assessment=assessment, stage=Review.Stage.PVP, reviewer=user, grade=grade, rationale=rationale)
    if grade == Grade.HIGH and not (refer_to_marac and refer_to_idva):
        # PRODUCT.md: every high-risk victim is referred to MARAC and offered an IDVA.
        raise ValidationError({"refer_to_marac": "High risk: refer to MARAC and offer an IDVA."})
    assessment.status = Assessment.Status.COMPLETE
    assessment.save(update_fields=["grade", "status", "updated_at"])
    item.refer_to_marac, item.refer_to_idva = refer_to_marac, refer_to_idva
    item.notify_childrens_services, item.notes = notify_childrens_services, notes.strip()
    item.completed_at = timezone.now()
    item.save()
    return item
