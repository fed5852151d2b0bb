"""The access table covers every URL, and each URL lets in exactly the roles it lists."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from PIL import Image

from accounts.reach import FORCE_WIDE
from accounts.roles import ROLE_PERMISSIONS, Role
from incidents import services as incident_services
from incidents.models import CallAudit
from incidents.services.outcomes import incident_no_crime
from people.models import DuplicateSuggestion
from people.services import person_merge

from .access_table import ACCESS, BOUND, EXCLUDED_NAMESPACES, FORCE, FORCE_BOUND, PUBLIC, SIGNED_IN, TOKEN
from .factories import make_person
from .incidents.helpers import log_incident
from .marac.factories import marac_for_access_table
from .plans.factories import plans_for_access_table
from .risk import factories as risk_factories
from .safeguarding.cases.factories import cases_for_access_table
from .safeguarding.factories import safeguarding_for_access_table
from .sampling.factories import dip_sample_for_access_table


def _url_names(patterns, namespace: str | None = None):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace or namespace
            if ns in EXCLUDED_NAMESPACES:
                continue
            yield from _url_names(p.url_patterns, f"{namespace}:{p.namespace}" if namespace and p.namespace else ns)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{namespace}:{p.name}" if namespace else p.name


def png_upload(name: str = "injury.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def objects(personas, world, settings, tmp_path, make_user):
    """One of everything the URLs take, in area A (the personas' area)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {**settings.STORAGES["evidence"], "OPTIONS": {"location": tmp_path, "base_url": None}},
    }
    handler = personas[Role.CALL_HANDLER]
    victim = make_person(
        given_name="Ann",
        surname="Lee",
        address={"line_1": "Refuge", "postcode": "WR1 1AA", "confidential": True, "confidential_reason": "Refuge"},
    )
    incident = log_incident(user=handler, area=world.area, victim=victim, suspect=make_person(given_name="Ian"))
    awaiting = _awaiting_sign_off(log_incident(user=handler, area=world.area, victim=make_person()), handler)
    crime = incident_services.crime_record(incident=incident, user=handler, crime_number="22/9/26", offence="other")
    photo = incident_services.evidence_add(
        incident=incident, user=personas[Role.RESPONSE_OFFICER], kind="photo", image=png_upload()
    )
    audit = CallAudit.objects.create(
        incident=incident, handler=handler, auditor=personas[Role.CONTROL_ROOM_SUPERVISOR], month=world_month()
    )
    a, b = make_person(given_name="Dup"), make_person(given_name="Dupe")
    suggestion = DuplicateSuggestion.objects.create(person_a=a, person_b=b, score=0.9, reasons=[])
    merge = person_merge(
        survivor=make_person(given_name="Keep"),
        merged=make_person(given_name="Old"),
        user=personas[Role.PVP_SUPERVISOR],
        reason="Same person",
    )
    team = {"officer": personas[Role.RESPONSE_OFFICER], "handler": handler, "sergeant": personas[Role.SERGEANT]}
    draft = risk_factories.draft(officer=team["officer"], handler=handler, area=world.area)
    submitted = risk_factories.submitted(
        officer=make_user(Role.RESPONSE_OFFICER), handler=handler, area=world.area, yes=2, grade="standard"
    )
    pvp_item = risk_factories.in_pvp_queue(
        officer=make_user(Role.RESPONSE_OFFICER), handler=handler, sergeant=team["sergeant"], area=world.area
    )
    dip_sample, dip_item, dip_issue = dip_sample_for_access_table(
        area=world.area, handler=handler, officer=make_user(Role.RESPONSE_OFFICER), pvp=personas[Role.PVP_SUPERVISOR]
    )
    return {
        **plans_for_access_table(personas=personas, world=world),
        **marac_for_access_table(personas=personas, world=world),
        **cases_for_access_table(personas=personas, world=world),
        **safeguarding_for_access_table(personas=personas, world=world, make_user=make_user),
        "dip_sample": dip_sample.pk,
        "dip_item": dip_item.pk,
        "dip_issue": dip_issue.pk,
        "draft": draft.pk,
        "submitted": submitted.pk,
        "pvp_item": pvp_item.pk,
        "person": victim.pk,
        "address": victim.addresses.get().pk,
        "incident": incident.pk,
        "awaiting_incident": awaiting.pk,
        "crime": crime.pk,
        "photo": photo.pk,
        "call_audit": audit.pk,
        "suggestion": suggestion.pk,
        "merge": merge.pk,
    }


def _awaiting_sign_off(incident, handler):
    """An incident with everything closure needs, sent for sign-off (what the sign-off and return forms act on)."""
    incident_services.intelligence_check_record(
        incident=incident, user=handler, systems=["pnc"], findings="None.", responsible="call_handler"
    )
    incident_services.incident_grade(incident=incident, user=handler, grade="immediate")
    incident_no_crime(incident=incident, user=handler)
    return incident_services.incident_submit_for_sign_off(incident=incident, user=handler)


class _Ones(dict):
    """Any object name maps to 1: enough to build a URL for an anonymous request."""

    def __missing__(self, key):
        return 1


KEYS_AS_ONE = _Ones()


def world_month():
    from django.utils import timezone

    return timezone.localdate().replace(day=1)


def test_every_url_is_in_the_access_table():
    names = set(_url_names(get_resolver().url_patterns))
    assert names - ACCESS.keys() == set(), "URLs missing from tests/access_table.py"
    assert ACCESS.keys() - names == set(), "The access table lists URLs that no longer exist"


def _url(name, objects=None):
    allowed, method, kwargs = ACCESS[name]
    return reverse(name, kwargs=kwargs(objects) if kwargs else None), method


def _is_api(url: str) -> bool:
    return url.startswith(("/api/v1/", "/api/schema/"))


@pytest.mark.parametrize("name", sorted(n for n, (allowed, _, __) in ACCESS.items() if allowed not in (PUBLIC, TOKEN)))
def test_anonymous_is_sent_to_login(client, db, name):
    url, method = _url(name, KEYS_AS_ONE)
    response = getattr(client, method)(url)
    if _is_api(url):
        assert response.status_code == 401
    else:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("name", sorted(ACCESS))
def test_each_role_is_let_in_or_refused_as_the_table_says(client, personas, objects, name):
    allowed = ACCESS[name][0]
    url, method = _url(name, objects)
    # Open URLs need one signed-in check; role-limited ones are tried with every role.
    roles = [Role.CALL_HANDLER, Role.IDVA] if allowed in (PUBLIC, SIGNED_IN) else list(Role)
    for role in roles:
        client.force_login(personas[role])
        status = getattr(client, method)(url).status_code
        if allowed == TOKEN:
            assert status in (401, 404), f"{role} let in at {name} without the token ({status})"
        elif allowed in (PUBLIC, SIGNED_IN) or role in allowed:
            assert status not in (401, 403, 404, 500), f"{role} refused at {name} ({status})"
        else:
            assert status in (403, 404), f"{role} let in at {name} ({status})"
        client.logout()


def test_every_url_about_one_record_says_what_binds_it():
    assert BOUND.keys() >= FORCE_BOUND, "FORCE_BOUND names a URL that takes no record"
    assert all(bool(kwargs) == (name in BOUND) for name, (_, __, kwargs) in ACCESS.items())


def _holds_force_wide(role) -> bool:
    return FORCE_WIDE in ROLE_PERMISSIONS[role]


@pytest.mark.parametrize("name", sorted(BOUND))
def test_each_allowed_role_elsewhere_gets_exactly_404(client, personas, objects, name):
    """Every role the URL lets in, placed in another force, gets 404; placed in another area of the force, 404
    too for an area-bound record, unless the role sees its whole force (then it is let in)."""
    allowed = ACCESS[name][0]
    url, method = _url(name, objects)
    roles = sorted(allowed if allowed not in (PUBLIC, SIGNED_IN) else Role, key=str)
    wrong = []
    for role in roles:
        for where, user in (("another force", personas.other_force(role)), ("another area", personas.other_area(role))):
            client.force_login(user)
            status = getattr(client, method)(url).status_code
            client.logout()
            let_in = where == "another area" and (BOUND[name] == FORCE or _holds_force_wide(role))
            if let_in and status in (401, 403, 404, 500):
                wrong.append(f"{role} in {where} refused ({status})")
            elif not let_in and status != 404:
                wrong.append(f"{role} in {where} got {status}, not 404")
    assert not wrong, f"{name}: " + "; ".join(wrong)
