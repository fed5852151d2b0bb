"""Answers sent by the officer's phone after a lost signal: a batch of events, each accepted once, in order.

Per question the later answer wins by the device's clock (the time it was tapped), whichever arrives last:
a phone that was offline for an hour must not overwrite what a second device answered since. Every event is
kept (AnswerEvent), and every change of the answer is in its history (pghistory), so both answers of two
devices remain; the one that lost is marked with the other device, and the officer is told.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User

from ..models import AnswerEvent, Assessment, AssessmentAnswer, Question
from .assessments import _draft_for_update, _recount

MAX_EVENTS = 200
# A device's clock may be wrong by minutes, not days: a time outside this is refused as impossible.
CLOCK_SKEW = timedelta(minutes=10)
OLDEST = timedelta(days=2)


@dataclass(frozen=True)
class EventResult:
    key: str
    question_id: int
    status: str  # "applied", "superseded" (a later answer kept) or "duplicate" (already received)
    conflict_device: str = ""


def _check_time(client_time: datetime, *, assessment: Assessment, now: datetime, index: int) -> None:
    if timezone.is_naive(client_time):
        raise ValidationError({"events": f"Event {index + 1}: the time must carry its offset from UTC."})
    if client_time > now + CLOCK_SKEW or client_time < assessment.started_at - OLDEST:
        raise ValidationError(
            {"events": f"Event {index + 1}: the device's time {client_time.isoformat()} is impossible for this draft."}
        )


@transaction.atomic
def assessment_answer_events(
    *, assessment: Assessment, user: User, device: str, events: list[dict]
) -> list[EventResult]:
    """Apply a device's answer events in the order sent; a key already received is accepted once and skipped.

    All or nothing: any refused event (a question not asked, an impossible time, a key another officer
    used) refuses the batch, and the device sends its events one by one to find which.
    """
    if not device.strip():
        raise ValidationError({"device": "Name the device."})
    if len(events) > MAX_EVENTS:
        raise ValidationError({"events": f"Send at most {MAX_EVENTS} events at once."})
    assessment = _draft_for_update(assessment, user)  # locks the draft: two batches apply one after the other
    now = timezone.now()
    keys = [str(e["key"]) for e in events]
    if len(set(keys)) != len(keys):
        raise ValidationError({"events": "An idempotency key appears twice in the batch."})
    seen = {
        str(k): (a, o)
        for k, a, o in AnswerEvent.objects.filter(idempotency_key__in=keys).values_list(
            "idempotency_key", "assessment_id", "officer_id"
        )
    }
    asked = set(
        Question.objects.filter(
            pk__in={e["question_id"] for e in events}, section__in=assessment.sections.all()
        ).values_list("pk", flat=True)
    )
    for i, event in enumerate(events):
        key = str(event["key"])
        if key in seen and seen[key] != (assessment.pk, user.pk):
            raise ValidationError({"events": f"Event {i + 1}: that idempotency key belongs to another event."})
        if event["question_id"] not in asked:
            raise ValidationError({"events": f"Event {i + 1}: that question is not part of this assessment."})
        if event["value"] not in AssessmentAnswer.Value.values:
            raise ValidationError({"events": f"Event {i + 1}: answer yes, no or not known."})
        _check_time(event["client_time"], assessment=assessment, now=now, index=i)

    answers = {
        a.question_id: a
        for a in AssessmentAnswer.objects.select_for_update().filter(assessment=assessment, question_id__in=asked)
    }
    results = []
    for event in events:
        key, question_id = str(event["key"]), event["question_id"]
        if key in seen:
            results.append(EventResult(key=key, question_id=question_id, status="duplicate"))
            continue
        current = answers.get(question_id)
        current_time = current and (current.client_time or current.answered_at)
        later_kept = current is not None and current_time > event["client_time"]
        other = current.device if current is not None and current.device and current.device != device else ""
        AnswerEvent.objects.create(
            assessment=assessment,
            question_id=question_id,
            officer=user,
            idempotency_key=key,
            device=device,
            value=event["value"],
            comment=event.get("comment", "").strip(),
            source=event.get("source", "").strip(),
            client_time=event["client_time"],
            outcome=AnswerEvent.Outcome.SUPERSEDED if later_kept else AnswerEvent.Outcome.APPLIED,
            conflict_device=other,
        )
        seen[key] = (assessment.pk, user.pk)
        if later_kept:
            results.append(EventResult(key=key, question_id=question_id, status="superseded", conflict_device=other))
            continue
        fields = {
            "value": event["value"],
            "comment": event.get("comment", "").strip(),
            "source": event.get("source", "").strip(),
            "client_time": event["client_time"],
            "device": device,
        }
        if current is None:
            current = AssessmentAnswer.objects.create(assessment=assessment, question_id=question_id, **fields)
        else:
            for name, value in fields.items():
                setattr(current, name, value)
            current.save()
        answers[question_id] = current
        results.append(EventResult(key=key, question_id=question_id, status="applied", conflict_device=other))
    _recount(assessment)
    return results


def answered_on_two_devices(*, assessment: Assessment) -> set[int]:
    """The questions of the draft that two devices answered (the officer is shown which)."""
    return set(
        AnswerEvent.objects.filter(assessment=assessment)
        .exclude(conflict_device="")
        .values_list("question_id", flat=True)
    )
