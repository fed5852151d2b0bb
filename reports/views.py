"""The force page (as a page, a PDF and CSV) and the analyst's page of the force's totals."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.filters import bad_query
from core.forms import apply_service_errors

from . import services
from .exports import force_page_csv_response, force_page_pdf_response
from .figures import AREA_RULE, ROUNDING
from .filters import WHOLE_FORCE_BEYOND_REACH, ProfileQuery, TotalsChangeQuery, force_page_query
from .forms import ForceTotalsForm, ForceTotalsUploadForm, ReidentifyForm
from .models import COUNT_FIELDS, ForceTotals
from .policies import ENTER_TOTALS, REIDENTIFY, VIEW_FORCE_PAGE, VIEW_PROFILE, reach_of, scope_for
from .profile import exports as profile_exports
from .profile.figures import DEFINITIONS as PROFILE_DEFINITIONS
from .services import CSV_COLUMNS


def _reach(request: HttpRequest, permission: str = VIEW_FORCE_PAGE):
    reach = reach_of(request.user, permission)
    if not reach:
        raise PermissionDenied
    return reach


def _figures(request: HttpRequest, fmt: str):
    """(form, the figures or None when the parameters are wrong), the run logged."""
    form, scope = force_page_query(request.GET, _reach(request), api=False)
    if scope is None or form.errors:
        return form, None
    return form, services.force_page_run(
        user=request.user, scope=scope, query=form.cleaned_data, fmt=fmt, request=request
    )


@login_required
@require_GET
def force_page(request: HttpRequest) -> HttpResponse:
    """The inspection's force page for a period, an area or the whole force, and a snapshot day."""
    form, page = _figures(request, "page")
    context = {
        "form": form,
        "page": page,
        "query": request.GET.urlencode(),
        "rounding": ROUNDING,
        "area_rule": AREA_RULE,
        "can_enter_totals": request.user.has_perm(ENTER_TOTALS),
    }
    return render(request, "reports/force_page.html", context, status=400 if page is None else 200)


@login_required
@require_GET
def force_page_pdf(request: HttpRequest) -> HttpResponse:
    form, page = _figures(request, "pdf")
    return bad_query(request, form) if page is None else force_page_pdf_response(page)


@login_required
@require_GET
def force_page_csv(request: HttpRequest) -> HttpResponse:
    form, page = _figures(request, "csv")
    return bad_query(request, form) if page is None else force_page_csv_response(page)


def _visible_totals(reach):
    """The totals of the user's force that their reach covers (its areas, the whole force's rows if all)."""
    covered = reach.within.q("area")
    if reach.whole_forces:
        covered |= Q(area__isnull=True)
    return reach.within.of_force(ForceTotals.objects.filter(covered))


def _totals_context(request, reach, form, upload, problems=()):
    rows = _visible_totals(reach).select_related("area", "entered_by").order_by("-month", "area__name")
    return {
        "force": reach.areas[0].force,
        "form": form,
        "upload": upload,
        "problems": list(problems),
        "page": Paginator(rows, 50).get_page(request.GET.get("page")),
        "columns": CSV_COLUMNS,
    }


def _totals_form(reach, data=None, initial=None) -> ForceTotalsForm:
    force = reach.areas[0].force
    areas = [a for a in reach.areas if a.force_id == force.pk]
    return ForceTotalsForm(data, initial=initial, areas=areas, whole_force=force in reach.whole_forces)


@login_required
@require_http_methods(["GET", "POST"])
def totals(request: HttpRequest) -> HttpResponse:
    """Enter or change one month's totals; the months entered, newest first."""
    reach = _reach(request, ENTER_TOTALS)
    if request.method == "POST":
        form = _totals_form(reach, request.POST)
        if form.is_valid():
            try:
                row = services.force_totals_save(
                    force=reach.areas[0].force,
                    area=form.area,
                    month=form.cleaned_data["month"],
                    counts=form.counts(),
                    source=form.cleaned_data["source"],
                    user=request.user,
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, f"Saved the totals of {row}.")
                return redirect("reports:totals")
        context = _totals_context(request, reach, form, ForceTotalsUploadForm())
        return render(request, "reports/totals.html", context, status=400)
    query = TotalsChangeQuery(request.GET)
    if not query.is_valid():
        return bad_query(request, query)
    initial = None
    if query.cleaned_data["month"]:
        where = query.cleaned_data["where"]
        existing = _visible_totals(reach).filter(month=query.cleaned_data["month"])
        row = (existing.filter(area__code=where) if where else existing.filter(area__isnull=True)).first()
        if row is not None:
            initial = {"month": row.month, "where": row.area.code if row.area else "", "source": row.source}
            initial |= {name: getattr(row, name) for name in COUNT_FIELDS}
    context = _totals_context(request, reach, _totals_form(reach, initial=initial), ForceTotalsUploadForm())
    return render(request, "reports/totals.html", context)


@login_required
@require_POST
def totals_import(request: HttpRequest) -> HttpResponse:
    """Import a CSV file of totals: every row, or (with each bad row's line) none."""
    reach = _reach(request, ENTER_TOTALS)
    upload = ForceTotalsUploadForm(request.POST, request.FILES)
    problems: list[str] = []
    if upload.is_valid():
        force = reach.areas[0].force
        try:
            lines = services.decode_upload(data=upload.cleaned_data["file"].read())
            saved = services.force_totals_import(
                force=force,
                lines=lines,
                user=request.user,
                areas=[a for a in reach.areas if a.force_id == force.pk],
                whole_force=force in reach.whole_forces,
            )
        except ValidationError as exc:
            problems = exc.messages
        else:
            messages.success(request, f"Imported {saved.created} new months and replaced {saved.replaced}.")
            return redirect("reports:totals")
    context = _totals_context(request, reach, _totals_form(reach), upload, problems)
    return render(request, "reports/totals.html", context, status=400)


# -- the problem profile -------------------------------------------------------------------------------------------


def _profile(request: HttpRequest, fmt: str):
    """(form, the profile or None when the parameters are wrong), the run logged."""
    form, scope = force_page_query(request.GET, _reach(request, VIEW_PROFILE), api=False, form_class=ProfileQuery)
    if scope is None or form.errors:
        return form, None
    return form, services.problem_profile_run(
        user=request.user, scope=scope, query=form.cleaned_data, fmt=fmt, request=request
    )


@login_required
@require_GET
def problem_profile(request: HttpRequest) -> HttpResponse:
    """The force's domestic-abuse problem profile for a period and an area (or the whole force)."""
    form, profile = _profile(request, "page")
    context = {
        "form": form,
        "profile": profile,
        "query": request.GET.urlencode(),
        "rounding": ROUNDING,
        "scope_rule": PROFILE_DEFINITIONS["scope"],
        "can_reidentify": request.user.has_perm(REIDENTIFY),
        "reidentify_form": ReidentifyForm(initial={"area": request.GET.get("area", "")}),
    }
    return render(request, "reports/problem_profile.html", context, status=400 if profile is None else 200)


@login_required
@require_GET
def problem_profile_download(request: HttpRequest, fmt: str) -> HttpResponse:
    form, profile = _profile(request, fmt)
    if profile is None:
        return bad_query(request, form)
    if fmt == "pdf":
        content, kind = profile_exports.profile_pdf(profile), "application/pdf"
    elif fmt == "xlsx":
        content, kind = (
            profile_exports.profile_xlsx(profile),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        content, kind = profile_exports.profile_csv(profile), "text/csv; charset=utf-8"
    return HttpResponse(
        content,
        content_type=kind,
        headers={
            "Content-Disposition": f'attachment; filename="{profile_exports.file_name(profile, fmt)}"',
            "Cache-Control": "no-store",
        },
    )


@login_required
@require_POST
def reidentify(request: HttpRequest) -> HttpResponse:
    """Who is behind a pseudonym: the permission, the person within the user's reach and a reason; logged."""
    if not request.user.has_perm(REIDENTIFY):
        raise PermissionDenied
    reach = _reach(request, VIEW_PROFILE)
    form = ReidentifyForm(request.POST)
    person = None
    if form.is_valid():
        scope = scope_for(reach, form.cleaned_data["area"])
        if scope is None:
            form.add_error("area", WHOLE_FORCE_BEYOND_REACH)
        else:
            try:
                person = services.person_reidentify(
                    user=request.user,
                    scope=scope,
                    pseudonym=form.cleaned_data["pseudonym"],
                    reason=form.cleaned_data["reason"],
                    request=request,
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
    context = {"form": form, "person": person}
    return render(request, "reports/reidentify.html", context, status=200 if person else 400)
