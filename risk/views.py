"""DASH on a phone (one section at a time, saved as it goes), the sergeant's queue and the PVP queue."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.models import AccessLog
from audit.services import access_record
from core.access import get_allowed_or_404, require_perm
from core.forms import apply_service_errors
from core.views.records import PageForm, RecordPage, record_action
from incidents.models import Incident, Party
from incidents.safety import incident_warnings
from incidents.selectors import person_history
from plans.selectors import plan_offer

from . import selectors
from .forms import AnswerForm, ChildForm, DeclineForm, PvpReviewForm, ReviewForm, SectionForm, StartForm, SubmitForm
from .grading import suggested_grade
from .models import Assessment, AssessmentAnswer, PvpQueueItem, Review
from .policies import can_change_assessment, can_review_assessment, can_start_assessment, can_view_assessment
from .services import assessments as svc
from .services import offline, reviews


def _warnings(assessment: Assessment) -> list:
    """The warnings and flags of everyone on the DASH's incident (officer safety first)."""
    return incident_warnings(assessment.incident, force=assessment.area.force)


def _history(assessment: Assessment):
    """The victim's history panel, as on the intake screen; the assessed incident is already in the count."""
    return person_history(assessment.victim, force=assessment.area.force, new_call=False)


def _tally(assessment: Assessment) -> dict:
    return {
        "yes_count": assessment.yes_count,
        "suggested": suggested_grade(assessment.yes_count, assessment.questionnaire),
        "threshold": assessment.questionnaire.high_risk_threshold,
    }


@login_required
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest, incident_pk: int) -> HttpResponse:
    """Start (or continue) a DASH for a victim of the incident."""
    incident = get_allowed_or_404(
        Incident.objects.select_related("area__force"), request.user, can_start_assessment, pk=incident_pk
    )
    victims = list(incident.parties.filter(role=Party.Role.VICTIM).select_related("person"))
    draft = Assessment.objects.open_drafts(incident=incident, officer=request.user).first()
    if draft is not None:
        # Resuming: the draft's victim and the supplements it already asks, so that ticking one more adds it.
        initial = {
            "victim": draft.victim_id,
            "supplements": list(draft.sections.filter(is_supplement=True).values_list("code", flat=True)),
        }
    else:
        initial = {"victim": victims[0].person_id if victims else None}
    form = StartForm(request.POST or None, victims=victims, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            assessment = svc.assessment_start(
                incident=incident,
                victim_id=form.cleaned_data["victim"],
                officer=request.user,
                supplements=form.cleaned_data["supplements"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            return redirect("risk:section", pk=assessment.pk, number=1)
    context = {"incident": incident, "form": form, "draft": draft, "warnings": incident_warnings(incident)}
    return render(request, "risk/start.html", context, status=400 if form.errors else 200)


def _sections(assessment: Assessment):
    return list(assessment.sections.order_by("order"))


def _offline(assessment: Assessment, sections: list) -> dict:
    """The draft's pages the phone keeps to go on without a signal (static/js/offline.js)."""
    pages = [reverse("risk:section", args=[assessment.pk, n]) for n in range(1, len(sections) + 1)]
    pages += [reverse("risk:children", args=[assessment.pk]), reverse("risk:submit", args=[assessment.pk])]
    return {"offline_pages": json.dumps(pages)}


@login_required
@require_http_methods(["GET", "POST"])
def section(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """One section of the questionnaire; saving moves to the next. Each answer is also saved as it is given."""
    assessment = _own_draft(request, pk)
    sections = _sections(assessment)
    if not 1 <= number <= len(sections):
        return redirect("risk:section", pk=pk, number=1)
    current = sections[number - 1]
    questions = list(current.questions.order_by("number"))
    answers = {a.question_id: a for a in assessment.answers.filter(question__section=current)}
    form = SectionForm(
        request.POST or None, questions=questions, answers=answers, abuser=selectors.abuser_names(assessment)
    )
    if request.method == "POST" and form.is_valid():
        try:
            svc.assessment_answer_many(assessment=assessment, user=request.user, answers=form.answers())
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            if number < len(sections):
                return redirect("risk:section", pk=pk, number=number + 1)
            return redirect("risk:children", pk=pk)
    assessment.refresh_from_db(fields=["yes_count"])
    context = {
        "assessment": assessment,
        "section": current,
        "number": number,
        "sections": sections,
        "progress": svc.section_progress(assessment=assessment),
        "current_section_id": current.pk,
        "form": form,
        "warnings": _warnings(assessment),
        "next_url": reverse("risk:section", args=[pk, number + 1])
        if number < len(sections)
        else reverse("risk:children", args=[pk]),
        "two_devices": offline.answered_on_two_devices(assessment=assessment),
        **_offline(assessment, sections),
        **_tally(assessment),
    }
    return render(request, "risk/section.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    """Save one answer (htmx); answers with the new yes count."""
    assessment = _own_draft(request, pk)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return render(request, "risk/_saved.html", {"error": "That answer could not be saved."}, status=400)
    try:
        saved = svc.assessment_answer(
            assessment=assessment,
            user=request.user,
            question_id=form.cleaned_data["question"],
            value=form.cleaned_data["value"],
            comment=form.cleaned_data["comment"],
            source=form.cleaned_data["source"],
        )
    except ValidationError as exc:
        return render(request, "risk/_saved.html", {"error": " ".join(exc.messages)}, status=400)
    assessment.refresh_from_db(fields=["yes_count"])
    context = {
        "assessment": assessment,
        "saved_at": timezone.now(),
        # The page's progress and tally follow each saved answer (swapped out of band).
        "progress": svc.section_progress(assessment=assessment),
        "current_section_id": saved.question.section_id,
        **_tally(assessment),
    }
    return render(request, "risk/_saved.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def children(request: HttpRequest, pk: int) -> HttpResponse:
    """Children in the household or affected, and whether the victim declined to answer."""
    assessment = _own_draft(request, pk)
    child_form = ChildForm(request.POST if "add_child" in request.POST else None, prefix="child")
    decline_form = DeclineForm(
        request.POST if "decline" in request.POST else None,
        initial={"declined": assessment.victim_declined, "declined_detail": assessment.declined_detail},
    )
    if request.method == "POST":
        form = child_form if "add_child" in request.POST else decline_form
        if form.is_valid():
            try:
                if form is child_form:
                    svc.assessment_child_add(assessment=assessment, user=request.user, **form.cleaned_data)
                else:
                    svc.assessment_decline(assessment=assessment, user=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                return redirect("risk:children", pk=pk)
    context = {
        "assessment": assessment,
        "child_form": child_form,
        "decline_form": decline_form,
        "children": assessment.children.all(),
        "sections": _sections(assessment),
        "warnings": _warnings(assessment),
        **_offline(assessment, _sections(assessment)),
    }
    status = 400 if child_form.errors or decline_form.errors else 200
    return render(request, "risk/children.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    """Grade and submit for the sergeant's review."""
    assessment = _own_draft(request, pk)
    tally = _tally(assessment)
    form = SubmitForm(request.POST or None, initial={"grade": tally["suggested"]})
    if request.method == "POST" and form.is_valid():
        try:
            svc.assessment_submit(assessment=assessment, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Assessment submitted: it is now with your sergeant.")
            return redirect(assessment)
    assessment.refresh_from_db(fields=["yes_count"])
    context = {
        "assessment": assessment,
        "form": form,
        "missing": svc.unanswered(assessment=assessment),
        "warnings": _warnings(assessment),
        **_offline(assessment, _sections(assessment)),
        **_tally(assessment),
    }
    return render(request, "risk/submit.html", context, status=400 if form.errors else 200)


def _context(request: HttpRequest, assessment: Assessment) -> dict:
    may_review = bool(can_review_assessment(request.user, assessment))
    return {
        "assessment": assessment,
        "answers": AssessmentAnswer.objects.filter(assessment=assessment)
        .select_related("question__section")
        .order_by("question__section__order", "question__number"),
        "reviews": Review.objects.filter(assessment=assessment).select_related("reviewer"),
        "pvp_item": PvpQueueItem.objects.filter(assessment=assessment).select_related("claimed_by").first(),
        "children": assessment.children.all(),
        "can_sergeant_review": may_review,
        "warnings": _warnings(assessment),
        # The sergeant reviews with the victim's history in view, as the call handler saw it.
        "history": _history(assessment) if may_review else None,
        **_tally(assessment),
    }


ASSESSMENT = RecordPage(
    name="assessment",
    queryset=Assessment.objects.select_related("questionnaire", "victim", "officer", "area__force", "incident"),
    template="risk/detail.html",
    context=_context,
    permission="risk.view_assessment",
    policy=can_view_assessment,
    forms={"review": PageForm(ReviewForm, initial=lambda a: {"grade": a.grade})},
)


def _own_draft(request: HttpRequest, pk: int) -> Assessment:
    return ASSESSMENT.get(request, pk, permission="risk.change_assessment", policy=can_change_assessment)


detail = ASSESSMENT.detail_view("The assessment as answered, in the wording of the version it used, with its reviews.")


QUEUE_PAGE = 50


@login_required
@require_GET
def sergeant_queue(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "risk.review_as_sergeant")
    now = timezone.now()
    page = Paginator(selectors.sergeant_queue(request.user), QUEUE_PAGE).get_page(request.GET.get("page"))
    rows = [(a, selectors.is_overdue_for_sergeant(a, now)) for a in page.object_list]
    access_record(
        user=request.user,
        persons=[a.victim_id for a, _ in rows],
        reason="Sergeant review queue",
        action=AccessLog.Action.SEARCH,
        request=request,
    )
    return render(request, "risk/sergeant_queue.html", {"rows": rows, "page": page, "now": now})


sergeant_review = record_action(
    ASSESSMENT,
    "review",
    permission="risk.review_as_sergeant",
    policy=can_review_assessment,
    run=lambda user, assessment, d: reviews.sergeant_review(assessment=assessment, sergeant=user, **d),
    done=lambda assessment: f"Review of {assessment} recorded.",
    success_url=lambda assessment: reverse("risk:sergeant_queue"),
)


@login_required
@require_GET
def pvp_queue(request: HttpRequest) -> HttpResponse:
    """The area's PVP queue: counts, ages and who holds what."""
    require_perm(request.user, "risk.view_pvp_queue")
    page = Paginator(selectors.pvp_pending(request.user), QUEUE_PAGE).get_page(request.GET.get("page"))
    access_record(
        user=request.user,
        persons=[i.assessment.victim_id for i in page.object_list],
        reason="PVP queue",
        action=AccessLog.Action.SEARCH,
        request=request,
    )
    context = {
        "items": page.object_list,
        "page": page,
        "counts": selectors.pvp_counts(request.user),
        "now": timezone.now(),
    }
    return render(request, "risk/pvp_queue.html", context)


def _get_item(request: HttpRequest, pk: int) -> PvpQueueItem:
    require_perm(request.user, "risk.review_in_pvp_queue")
    return get_object_or_404(
        PvpQueueItem.objects.visible_to(request.user).select_related(
            "assessment__questionnaire", "assessment__victim", "assessment__area__force", "assessment__incident"
        ),
        pk=pk,
    )


@login_required
@require_POST
def pvp_claim(request: HttpRequest, pk: int) -> HttpResponse:
    item = _get_item(request, pk)
    try:
        reviews.pvp_claim(item=item, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("risk:pvp_queue")
    return redirect("risk:pvp_review", pk=item.pk)


@login_required
@require_POST
def pvp_claim_next(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, "risk.review_in_pvp_queue")
    item = reviews.pvp_claim_next(user=request.user)
    if item is None:
        messages.info(request, "Nothing is waiting in your areas' queue.")
        return redirect("risk:pvp_queue")
    return redirect("risk:pvp_review", pk=item.pk)


@login_required
@require_POST
def pvp_release(request: HttpRequest, pk: int) -> HttpResponse:
    item = _get_item(request, pk)
    try:
        reviews.pvp_release(item=item, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("risk:pvp_queue")


@login_required
@require_http_methods(["GET", "POST"])
def pvp_review(request: HttpRequest, pk: int) -> HttpResponse:
    """Review a claimed item: confirm or regrade, refer, and go on to start a plan."""
    item = _get_item(request, pk)
    assessment = item.assessment
    if item.claimed_by_id != request.user.pk and item.completed_at is None:
        messages.error(request, "Claim the item before reviewing it.")
        return redirect("risk:pvp_queue")
    form = PvpReviewForm(request.POST or None, initial={"grade": assessment.grade})
    if request.method == "POST" and form.is_valid():
        try:
            reviews.pvp_complete(item=item, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Review recorded.")
            return redirect(reverse("risk:pvp_review", args=[item.pk]))
    answers = AssessmentAnswer.objects.filter(assessment=assessment).select_related("question__section")
    item.refresh_from_db()
    can_plan = bool(item.completed_at) and request.user.has_perm("plans.add_riskmanagementplan")
    offer = plan_offer(assessment, request.user) if can_plan else None
    context = {
        "item": item,
        "assessment": assessment,
        "answers": answers,
        "form": form,
        "reviews": Review.objects.filter(assessment=assessment).select_related("reviewer"),
        # With an open plan (or this DASH already on one) the page offers that plan, never a second.
        "offer": offer if offer and (offer.open_plan or offer.added) else None,
        "plan_start_url": reverse("plans:start", args=[assessment.pk])
        if offer and not (offer.open_plan or offer.added)
        else "",
        "warnings": _warnings(assessment),
        "history": _history(assessment),
        **_tally(assessment),
    }
    return render(request, "risk/pvp_review.html", context, status=400 if form.errors else 200)
