"""Person index pages: search (live while typing), a person's record, duplicates and merges."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.models import AccessLog
from audit.services import access_record
from core.access import get_visible_or_404, require_perm
from core.forms import apply_service_errors
from incidents.selectors import person_history

from . import services
from .chosen import chosen_person
from .forms import AddressForm, AliasForm, EmailForm, MarkerForm, MergeForm, PersonSearchForm, PhoneForm, RevealForm
from .models import Address, DuplicateSuggestion, Person, PersonMerge
from .selectors import GIVEN_NAME_ONLY_LIMIT, is_given_name_only, person_search


def _get_person(request: HttpRequest, pk: int, permission: str = "people.view_person") -> Person:
    return get_visible_or_404(Person.objects.all(), request.user, permission=permission, pk=pk)


@login_required
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """Search the index by any of name, date of birth, address, postcode and phone.

    An htmx request (the intake form, typing) gets only the candidate list;
    ``pick=<prefix>`` renders each candidate as a button that fills that party row.
    """
    require_perm(request.user, "people.view_person")
    form = PersonSearchForm(request.GET or None)
    candidates, given_name_only = None, False
    if form.is_bound and form.is_valid():
        query = form.to_query()
        given_name_only = is_given_name_only(query)
        candidates = person_search(query, user=request.user, limit=GIVEN_NAME_ONLY_LIMIT if given_name_only else 10)
        access_record(
            user=request.user,
            action=AccessLog.Action.SEARCH,
            persons=[c.person_id for c in candidates],
            reason="Person search",
            request=request,
        )
    context = {
        "form": form,
        "candidates": candidates,
        "given_name_only": given_name_only,
        "pick": request.GET.get("pick", ""),
    }
    if request.htmx:
        return render(request, "people/_candidates.html", context)
    return render(request, "people/search.html", context)


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A person's record: details, names, addresses, contacts, markers and history."""
    person = _get_person(request, pk)
    person = (
        Person.objects.select_related("merged_into", "force")
        .prefetch_related(
            "aliases",
            "phones",
            "emails",
            "markers",
            Prefetch("addresses", queryset=Address.objects.order_by("valid_to", "-valid_from")),
        )
        .get(pk=person.pk)
    )
    history = person_history(person, force=person.force)
    merges = PersonMerge.objects.filter(survivor=person).select_related("merged", "merged_by")
    can_reveal = (
        request.user.has_perm("people.view_confidential_address")
        and Person.objects.within_reach_of(request.user).filter(pk=person.pk).exists()
    )
    context = {
        "person": person,
        "history": history,
        "merges": merges,
        "can_change": request.user.has_perm("people.change_person"),
        "can_reveal": can_reveal,
        "can_merge": request.user.has_perm("people.merge_person"),
        "forms": {
            "alias": AliasForm(prefix="alias"),
            "address": AddressForm(prefix="address"),
            "phone": PhoneForm(prefix="phone"),
            "email": EmailForm(prefix="email"),
            "marker": MarkerForm(prefix="marker"),
            "reveal": RevealForm(request=request),
        },
    }
    return render(request, "people/detail.html", context)


@login_required
@require_GET
def history(request: HttpRequest, pk: int) -> HttpResponse:
    """The history panel shown on the intake screen as soon as a person is chosen (htmx)."""
    person = _get_person(request, pk)
    return render(request, "people/_history.html", {"history": person_history(person, force=person.force)})


@login_required
@require_GET
def chosen(request: HttpRequest, pk: int) -> HttpResponse:
    """The person just picked on the intake form (htmx): who, how well they match what was typed, their history."""
    person = _get_person(request, pk)
    return render(
        request, "people/_chosen.html", {"chosen": chosen_person(user=request.user, person=person, typed=request.GET)}
    )


_ADD_FORMS = {
    "alias": (AliasForm, lambda p, d, u: services.alias_add(person=p, **d)),
    "address": (
        AddressForm,
        lambda p, d, u: services.address_add(person=p, data=services.AddressInput(**d)),
    ),
    "phone": (PhoneForm, lambda p, d, u: services.phone_add(person=p, **d)),
    "email": (EmailForm, lambda p, d, u: services.email_add(person=p, **d)),
    "marker": (MarkerForm, lambda p, d, u: services.marker_add(person=p, user=u, **d)),
}


@login_required
@require_POST
def add_detail(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """Add an alias, address, phone or marker to a person."""
    if kind not in _ADD_FORMS:
        return HttpResponse(status=404)
    person = _get_person(request, pk, permission="people.change_person")
    form_class, add = _ADD_FORMS[kind]
    form = form_class(request.POST, prefix=kind)
    if form.is_valid():
        try:
            add(person, form.cleaned_data, request.user)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"{kind.capitalize()} added.")
            return redirect(person)
    return render(request, "people/add_detail.html", {"person": person, "form": form, "kind": kind}, status=400)


@never_cache
@login_required
@require_POST
def reveal_address(request: HttpRequest, pk: int, address_pk: int) -> HttpResponse:
    """Show a confidential address to a role that needs it, for a person within the user's reach, after a reason
    that is audited and the user's password or code again (step-up)."""
    person = get_visible_or_404(
        Person.objects.within_reach_of(request.user), request.user, permission="people.view_confidential_address", pk=pk
    )
    address = get_object_or_404(Address.objects.protected(), pk=address_pk, person=person)
    form = RevealForm(request.POST, request=request)
    if not form.is_valid():
        return render(request, "people/_reveal.html", {"person": person, "address": address, "form": form}, status=400)
    access_record(
        user=request.user,
        obj=address,
        persons=[person.pk],
        action=AccessLog.Action.REVEAL,
        reason=form.cleaned_data["reason"],
        request=request,
    )
    return render(request, "people/_revealed.html", {"address": address})


@login_required
@require_GET
def duplicates(request: HttpRequest) -> HttpResponse:
    """Suggested duplicate records for review, most likely first."""
    require_perm(request.user, "people.merge_person")
    suggestions = DuplicateSuggestion.objects.visible_to(request.user).open().select_related("person_a", "person_b")
    page = Paginator(suggestions, 25).get_page(request.GET.get("page"))
    return render(request, "people/duplicates.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def merge(request: HttpRequest) -> HttpResponse:
    """Compare two records side by side and merge one into the other."""
    require_perm(request.user, "people.merge_person")
    source = request.POST if request.method == "POST" else request.GET
    form = MergeForm(source)
    if not form.is_valid() and {"survivor", "merged"} & form.errors.keys():
        return render(request, "errors/400.html", status=400)
    survivor = _get_person(request, form.cleaned_data["survivor"])
    merged = _get_person(request, form.cleaned_data["merged"])
    if request.method == "POST" and form.is_valid():
        try:
            services.person_merge(
                survivor=survivor, merged=merged, user=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"{merged} was merged into this record. The merge can be undone below.")
            return redirect(survivor)
    elif request.method == "GET":
        # The comparison page: the reason is asked for on it, not in the link to it.
        form = MergeForm(initial={"survivor": survivor.pk, "merged": merged.pk})
    status = 400 if request.method == "POST" else 200
    return render(request, "people/merge.html", {"survivor": survivor, "merged": merged, "form": form}, status=status)


@login_required
@require_POST
def merge_undo(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request.user, "people.merge_person")
    merge_record = get_object_or_404(PersonMerge.objects.visible_to(request.user), pk=pk)
    _get_person(request, merge_record.survivor_id)
    try:
        services.person_merge_undo(merge=merge_record, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "The merge was undone: both records stand again.")
    return redirect(merge_record.survivor)


@login_required
@require_POST
def not_duplicate(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request.user, "people.merge_person")
    try:
        services.duplicate_dismiss(
            suggestion=get_object_or_404(DuplicateSuggestion.objects.visible_to(request.user), pk=pk), user=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Marked as different people.")
    return redirect("people:duplicates")
