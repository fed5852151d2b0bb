"""A record's page and the actions posted from it, declared once per model.

``RecordPage`` is a model's page: how a view fetches the record (the role's permission, else 403; the record's
policy or ``visible_to``, else 403 / 404), its template, the forms on it and the rest of what it shows. Its
``render`` is the one context of that page, so the page shown again after a refused action is the page itself.

``record_action`` is an action on the page, declared: which of the page's forms it posts, the policy it asks,
the service it calls, what it says when done and where it goes. Done: the message, then back to the record (at
``anchor``). Refused by the form or the service: the record's page again, with the form's errors in place (400).
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from ..access import get_allowed_or_404, get_visible_or_404, require_perm
from ..forms import form_action
from ..policies import Policy, require


@dataclass(frozen=True)
class PageForm:
    """One form on a record's page: unbound when the page is shown, bound to the POST when its action runs."""

    form_class: type[forms.BaseForm]
    prefix: str | None = None
    kwargs: Callable[[Model], dict] | None = None  # what the form needs of the record (its plan, its meeting...)
    initial: Callable[[Model], dict] | None = None

    def build(self, record: Model, request: HttpRequest | None = None) -> forms.BaseForm:
        kwargs = self.kwargs(record) if self.kwargs else {}
        initial = self.initial(record) if self.initial else None
        data = (request.POST, request.FILES) if request is not None else ()
        return self.form_class(*data, prefix=self.prefix, initial=initial, **kwargs)


@dataclass(frozen=True)
class RecordPage:
    """A model's page: the record as its views fetch it, the template, the forms on it and the rest it shows."""

    name: str  # what the model's services call the record: ``service(<name>=record, user=..., ...)``
    queryset: QuerySet
    template: str
    context: Callable[[HttpRequest, Model], dict]  # everything the page shows but its forms
    permission: str  # the role's permission to see the page
    policy: Policy | None = None  # may this user see this record; None: the model's ``visible_to(user)``
    forms: Mapping[str, PageForm] = field(default_factory=dict)

    def get(self, request: HttpRequest, pk: int, *, permission: str | None = None, policy: Policy | None = None):
        """The record, if the role holds ``permission`` (else 403; without it, the page's own), the user may see
        the record (else 404, or 403 from the page's policy) and ``policy``, when given, allows them (else 403/404).
        """
        require_perm(request.user, permission or self.permission)
        if self.policy is None:
            record = get_visible_or_404(self.queryset, request.user, pk=pk)
        else:
            record = get_allowed_or_404(self.queryset, request.user, self.policy, pk=pk)
        if policy is not None:
            require(policy(request.user, record))
        return record

    def render(self, request: HttpRequest, record: Model, bound: dict | None = None, status: int = 200):
        """The page; ``bound`` replaces the page's forms of those names (a refused form, with its errors)."""
        page_forms = {name: form.build(record) for name, form in self.forms.items()}
        page_forms.update(bound or {})
        return render(request, self.template, {**self.context(request, record), "forms": page_forms}, status=status)

    def detail_view(self, doc: str = "") -> Callable[..., HttpResponse]:
        """The view that shows the page."""

        @login_required
        @require_GET
        def detail(request: HttpRequest, pk: int) -> HttpResponse:
            return self.render(request, self.get(request, pk))

        detail.__doc__ = doc or None
        return detail


@dataclass(frozen=True)
class Part:
    """What an action on a part of the record is about (a crime of the incident, a task of the plan): found by the
    URL's ``kwarg`` among the record's own parts (``parent`` is the part's foreign key to the record)."""

    name: str  # what the model's services call the part
    model: type[Model]
    kwarg: str
    parent: str
    policy: Policy | None = None  # more than the record's rule: may this user act on this part

    def get(self, request: HttpRequest, record: Model, pk: int) -> Model:
        part = get_object_or_404(self.model, pk=pk, **{self.parent: record})
        setattr(part, self.parent, record)
        if self.policy is not None:
            require(self.policy(request.user, part))
        return part


def safe_next(request: HttpRequest, url: str) -> str:
    """``url`` when it is a page of this site (a form's "next"), else ""."""
    if url and url_has_allowed_host_and_scheme(url, {request.get_host()}, require_https=request.is_secure()):
        return url
    return ""


Run = Callable[[object, Model, dict], object]


def record_action(
    page: RecordPage,
    form: str,
    *,
    done: str | Callable[[Model], str],
    service: Callable[..., object] | None = None,
    run: Run | None = None,
    permission: str | None = None,
    policy: Policy | None = None,
    part: Part | None = None,
    anchor: str = "",
    success_url: Callable[[Model], str] | None = None,
) -> Callable[..., HttpResponse]:
    """The view of one action: it posts the page's form ``form`` and calls the service with the form's data.

    ``service`` is called the house way, ``service(<name>=target, user=user, **cleaned_data)``, the target being
    the part when the action has one, else the record; an action whose service takes other arguments gives
    ``run(user, target, cleaned_data)`` instead. ``done`` is the message (or makes it from the target).

    The record is fetched with ``permission`` and ``policy`` (else the page's own). After success the user goes
    to ``success_url(record)``, else the form's same-site ``next``, else the record at ``anchor``.
    """
    if (service is None) == (run is None):
        raise TypeError("record_action needs either service or run")
    name = part.name if part is not None else page.name
    call = run or (lambda user, target, data: service(**{name: target}, user=user, **data))

    @login_required
    @require_POST
    def action(request: HttpRequest, pk: int, **kwargs) -> HttpResponse:
        record = page.get(request, pk, permission=permission, policy=policy)
        target = record if part is None else part.get(request, record, kwargs[part.kwarg])
        bound = page.forms[form].build(record, request)
        if part is not None:
            bound.part_pk = target.pk  # the page reopens this part's form with the errors beside it
        if not form_action(bound, lambda data: call(request.user, target, data)):
            return page.render(request, record, {form: bound}, status=400)
        messages.success(request, done if isinstance(done, str) else done(target))
        if success_url is not None:
            return redirect(success_url(record))
        next_url = safe_next(request, bound.cleaned_data.get("next", ""))
        return redirect(next_url or record.get_absolute_url() + (f"#{anchor}" if anchor else ""))

    return action
