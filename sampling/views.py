"""Dip sampling pages: compliance, a sample's assessments, the review of one, and the supervisor's practice issue."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.reach import areas_within
from core.access import get_visible_or_404, require_perm
from core.forms import apply_service_errors
from risk.models import AssessmentAnswer, Question

from . import selectors
from .forms import ComplianceFilterForm, DrawForm, IssueAddressForm, ResultForm
from .models import DipSample, DipSampleItem
from .policies import can_review_dipsampleitem
from .services import (
    dip_sample_draw,
    dip_sample_issue_address,
    dip_sample_record_result,
    last_complete_period,
)

DEFAULT_WEEKS = 13


def _drawable_areas(user):
    return areas_within(user, "sampling.draw_dipsample", own=True).select_related("force")


@login_required
@require_GET
def compliance(request: HttpRequest) -> HttpResponse:
    """Per area and period: the population, the sample drawn, how much of it is reviewed, and the results."""
    user = request.user
    require_perm(user, "sampling.view_dipsample")
    today = timezone.localdate()
    form = ComplianceFilterForm(request.GET or None, areas=selectors.compliance_areas(user).order_by("name"))
    filters = form.cleaned_data if form.is_valid() else {}
    first = filters.get("first") or today - timedelta(weeks=DEFAULT_WEEKS)
    last = filters.get("last") or today
    area = filters.get("area")
    rows, totals = selectors.compliance(
        user, first=first, last=last, area_id=area.pk if area else None, status=filters.get("status", "")
    )
    page = Paginator(rows, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    can_draw = user.has_perm("sampling.draw_dipsample")
    context = {
        "form": form,
        "page": page,
        "totals": totals,
        "first": first,
        "last": last,
        "query": query.urlencode(),
        "draw_form": DrawForm(areas=_drawable_areas(user)) if can_draw else None,
    }
    return render(request, "sampling/compliance.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def draw(request: HttpRequest) -> HttpResponse:
    """Draw the area's sample for its last whole period now, as the Monday job would (or open the one drawn)."""
    require_perm(request.user, "sampling.draw_dipsample")
    form = DrawForm(request.POST, areas=_drawable_areas(request.user))
    if not form.is_valid():
        messages.error(request, "Choose one of your areas to draw its sample.")
        return redirect("sampling:compliance")
    area = form.cleaned_data["area"]
    force = area.force
    period = last_complete_period(kind=force.dip_sample_period, today=timezone.localdate())
    already = DipSample.objects.filter(area=area, period_start=period.start).exists()
    sample = dip_sample_draw(
        area=area,
        period_start=period.start,
        period_end=period.end,
        percent=force.dip_sample_percent,
        user=request.user,
    )
    if already:
        messages.info(request, "The sample for this period was already drawn; here it is.")
    else:
        messages.success(
            request, f"Drew {sample.sample_size} of {sample.population} standard assessments for {area.name}."
        )
    return redirect(sample)


@login_required
@require_GET
def sample(request: HttpRequest, pk: int) -> HttpResponse:
    """The assessments drawn in one sample, with each one's result."""
    sample = get_visible_or_404(
        selectors.samples_with_counts(DipSample.objects.select_related("area__force")),
        request.user,
        permission="sampling.view_dipsample",
        pk=pk,
    )
    items = sample.items.select_related(
        "assessment__victim", "assessment__officer", "assessment__incident", "reviewed_by"
    ).order_by("pk")
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    context = {
        "sample": sample,
        "page": page,
        "can_review": bool(can_review_dipsampleitem(request.user, DipSampleItem(sample=sample))),
    }
    return render(request, "sampling/sample.html", context)


def _answers_by_section(assessment) -> list[tuple]:
    """Each section asked, with every question as worded in the version used and its answer (or none)."""
    sections = list(assessment.sections.order_by("order"))
    questions = Question.objects.filter(section__in=sections).order_by("section__order", "number")
    answers = {a.question_id: a for a in AssessmentAnswer.objects.filter(assessment=assessment)}
    grouped = {s.pk: [] for s in sections}
    for q in questions:
        grouped[q.section_id].append((q, answers.get(q.pk)))
    return [(s, grouped[s.pk]) for s in sections]


@login_required
@require_http_methods(["GET", "POST"])
def item(request: HttpRequest, pk: int) -> HttpResponse:
    """Review one sampled assessment: its answers, read-only, and the finding."""
    item = get_visible_or_404(
        DipSampleItem.objects.select_related(
            "sample__area",
            "assessment__victim",
            "assessment__officer__supervisor",
            "assessment__incident",
            "assessment__questionnaire",
            "reviewed_by",
            "review",
            "issue_for",
        ),
        request.user,
        permission="sampling.review_dipsample",
        pk=pk,
    )
    assessment = item.assessment
    form = ResultForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            dip_sample_record_result(item=item, reviewer=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            item.refresh_from_db()
            messages.success(request, f"Result recorded for DASH {assessment.pk}.")
            if item.result == DipSampleItem.Result.PRACTICE_ISSUE and item.issue_for_id is None:
                messages.warning(
                    request,
                    f"{assessment.officer} has no supervisor recorded, so no one was sent the practice issue: "
                    "ask an administrator to record the supervisor, and tell the officer's line manager yourself.",
                )
            following = (
                DipSampleItem.objects.filter(sample_id=item.sample_id, reviewed_at__isnull=True).order_by("pk").first()
            )
            return redirect(following or item.sample)
    context = {
        "item": item,
        "assessment": assessment,
        "sections": _answers_by_section(assessment),
        "reviews": assessment.reviews.select_related("reviewer").order_by("reviewed_at"),
        "form": form if not item.is_reviewed or request.method == "POST" else None,
    }
    return render(request, "sampling/item.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def issue(request: HttpRequest, pk: int) -> HttpResponse:
    """A practice issue from the dip sample, for the officer's supervisor to take up and record as dealt with."""
    require_perm(request.user, "sampling.acknowledge_practice_issue")
    item = get_object_or_404(
        DipSampleItem.objects.practice_issues_visible_to(request.user).select_related(
            "sample__area", "assessment__officer", "reviewed_by", "issue_for", "issue_addressed_by"
        ),
        pk=pk,
    )
    form = IssueAddressForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            dip_sample_issue_address(item=item, user=request.user, response=form.cleaned_data["response"])
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Recorded as dealt with.")
            return redirect("core:home")
    context = {"item": item, "form": form if item.issue_addressed_at is None or request.method == "POST" else None}
    return render(request, "sampling/issue.html", context, status=400 if form.errors else 200)
