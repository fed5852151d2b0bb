"""Every response that shows someone's data leaves a consultation row naming them.

The log is kept by structure (audit.consultation): models holding personal data
are declared once and every instance loaded during a request is collected. This
walks every GET in the access table (pages and API operations) that is not
declared as showing no one, every admin page of a declared model, and the holes
found in the log before it was structural (issue 9).
"""

from urllib.parse import urlencode

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from audit.consultation import declared_models
from audit.models import AccessLog
from audit.services import access_record
from incidents.models import Incident, Party
from marac.models import MaracMeeting, MaracReferral
from people.models import DuplicateSuggestion, Person
from plans.models import RiskManagementPlan
from risk.models import Assessment, PvpQueueItem
from risk.services.reviews import pvp_claim
from sampling.models import DipSampleItem

from .access_table import ACCESS, NO_PERSONAL_DATA, PUBLIC, SIGNED_IN
from .factories import make_person
from .marac.factories import refer
from .risk import factories as risk_factories
from .test_access_table import objects  # noqa: F401  (the fixture: one of everything, in area A)

R = Role
# The walk signs in as the first allowed role in this order: those who see the most first.
ORDER = [
    R.PVP_SUPERVISOR,
    R.PVP_OFFICER,
    R.SERGEANT,
    R.RESPONSE_OFFICER,
    R.CONTROL_ROOM_SUPERVISOR,
    R.CALL_HANDLER,
    R.MARAC_CHAIR,
    R.MARAC_COORDINATOR,
    R.IDVA,
    R.PARTNER_AGENCY,
    R.SENIOR_OFFICER,
    R.ANALYST,
    R.AUDITOR,
    R.ADMINISTRATOR,
]
# Where the first role sees no one: the home page's work lists, one's own tasks, the cases waiting for a meeting.
WALK_AS = {"core:home": R.SERGEANT, "plans:my_tasks": R.RESPONSE_OFFICER, "marac:meetings": R.MARAC_COORDINATOR}
# Where a URL shows people only when asked: the query the walk sends.
WALK_QUERY = {
    "people:search": lambda o: {"surname": "Lee"},
    "person-search": lambda o: {"surname": "Lee"},
    "people:merge": lambda o: {"survivor": o["dup_a"], "merged": o["dup_b"], "reason": "Compare"},
    "marac:refer": lambda o: {"victim": o["person"]},
    "audit:search": lambda o: {"person": o["person"]},
}


def _profile_day(o) -> dict:
    """The problem profile of the day of the objects' incident: it lists its victim and suspect by pseudonym."""
    day = f"{timezone.localtime(Incident.objects.get(pk=o['incident']).received_at):%Y-%m-%d}"
    return {"start": day, "end": day, "area": Incident.objects.get(pk=o["incident"]).area.code}


WALK_QUERY |= {
    name: _profile_day
    for name in (
        "reports:problem_profile",
        "reports:problem_profile_pdf",
        "reports:problem_profile_csv",
        "reports:problem_profile_xlsx",
        "report-problem-profile",
    )
}


def _victim(model, path="victim_id"):
    return lambda pk: {model.objects.values_list(path, flat=True).get(pk=pk)}


def _referral_people(pk: int) -> set[int]:
    return set(MaracReferral.objects.get(pk=pk).audit_person_ids())


# Whom each object of the fixture shows: a URL built from it must log (at least) them.
SHOWS = {
    "person": lambda pk: {pk},
    # Its victims: every page about an incident names them (the DASH start page names no suspect).
    "incident": lambda pk: set(
        Party.objects.filter(incident_id=pk, role=Party.Role.VICTIM).values_list("person_id", flat=True)
    ),
    "draft": _victim(Assessment),
    "submitted": _victim(Assessment),
    "high_assessment": _victim(Assessment),
    "pvp_item": _victim(PvpQueueItem, "assessment__victim_id"),
    "dip_item": _victim(DipSampleItem, "assessment__victim_id"),
    "dip_issue": _victim(DipSampleItem, "assessment__victim_id"),
    "plan": _victim(RiskManagementPlan),
    "referral": _referral_people,
    "meeting": lambda pk: {p for r in MaracMeeting.objects.get(pk=pk).referrals.all() for p in r.audit_person_ids()},
}


class _Used(dict):
    """The fixture's objects, noting which ones a URL is built from."""

    def __init__(self, built):
        super().__init__(built)
        self.used: set[str] = set()

    def __getitem__(self, key):
        self.used.add(key)
        return super().__getitem__(key)


@pytest.fixture
def walk_objects(objects, personas, world):  # noqa: F811
    suggestion = DuplicateSuggestion.objects.get(pk=objects["suggestion"])
    victim = Person.objects.get(pk=objects["person"])
    suspect = Party.objects.get(incident_id=objects["incident"], role=Party.Role.SUSPECT).person_id
    # Something for the auditor to find: an earlier read naming the victim and the suspect.
    access_record(user=personas[R.PVP_OFFICER], obj=victim, persons=[victim.pk, suspect])
    # The PVP review page opens for the one who claimed the item.
    pvp_claim(item=PvpQueueItem.objects.get(pk=objects["pvp_item"]), user=personas[R.PVP_SUPERVISOR])
    # A case waiting for a meeting, which the meetings page lists.
    waiting = refer(world, personas[R.PVP_OFFICER], victim=make_person(given_name="Wendy", surname="Wait"))
    waiting.meeting = None
    waiting.save(update_fields=["meeting"])
    return {**objects, "dup_a": suggestion.person_a_id, "dup_b": suggestion.person_b_id}


def _walk_role(name: str) -> Role:
    allowed = ACCESS[name][0]
    if name in WALK_AS:
        return WALK_AS[name]
    if allowed in (PUBLIC, SIGNED_IN):
        return ORDER[0]
    return next(r for r in ORDER if r in allowed)


def _logged(user, url: str) -> set[int]:
    return {p for log in AccessLog.objects.filter(user=user, path=url) for p in log.person_ids}


WALKED = sorted(n for n, (_, method, __) in ACCESS.items() if method == "get" and n not in NO_PERSONAL_DATA)


def test_the_walk_covers_every_read():
    assert ACCESS.keys() >= NO_PERSONAL_DATA, "NO_PERSONAL_DATA names URLs the access table does not have"
    assert WALKED, "nothing to walk"


@pytest.mark.parametrize("name", WALKED)
def test_each_url_that_shows_people_logs_them(client, personas, walk_objects, name):
    _, __, kwargs = ACCESS[name]
    keys = _Used(walk_objects)
    url = reverse(name, kwargs=kwargs(keys) if kwargs else None)
    if name in WALK_QUERY:
        url += "?" + urlencode(WALK_QUERY[name](keys))
    user = personas[_walk_role(name)]
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, f"{name} answered {response.status_code}"
    expected = {p for key in keys.used if key in SHOWS for p in SHOWS[key](walk_objects[key])}
    logged = _logged(user, url)
    assert logged, f"{name} showed a page and left no consultation row (or declare it in NO_PERSONAL_DATA)"
    assert expected <= logged, f"{name} did not log {expected - logged}"


# The holes of issue 9: each read was shown and not logged.


def test_the_assessments_api_list_logs_every_victim_whose_answers_it_shows(as_user, personas, walk_objects):
    user = personas[R.SERGEANT]
    response = as_user(user).get(reverse("assessment-list"))
    assert response.status_code == 200 and response.json()["results"]
    victims = {a.victim_id for a in Assessment.objects.visible_to(user)}
    assert victims and victims <= _logged(user, reverse("assessment-list"))


def test_the_pvp_queue_api_logs_the_victims_queued(as_user, personas, walk_objects):
    user = personas[R.PVP_OFFICER]
    response = as_user(user).get(reverse("pvp-queue"))
    assert response.status_code == 200 and response.json()["results"]
    victim = PvpQueueItem.objects.get(pk=walk_objects["pvp_item"]).assessment.victim_id
    assert victim in _logged(user, reverse("pvp-queue"))


def test_a_sergeants_home_page_logs_the_victims_awaiting_review(client, personas, walk_objects):
    user = personas[R.SERGEANT]
    client.force_login(user)
    page = client.get(reverse("core:home")).content.decode()
    waiting = Assessment.objects.get(pk=walk_objects["submitted"])
    assert waiting.victim.full_name in page
    assert waiting.victim_id in _logged(user, reverse("core:home"))


def test_an_officers_home_page_logs_the_victims_of_their_drafts(client, personas, walk_objects):
    user = personas[R.RESPONSE_OFFICER]
    client.force_login(user)
    page = client.get(reverse("core:home")).content.decode()
    draft = Assessment.objects.get(pk=walk_objects["draft"])
    assert draft.victim.full_name in page
    assert draft.victim_id in _logged(user, reverse("core:home"))


@pytest.mark.parametrize("page", ["risk:section", "risk:children"])
def test_the_dash_section_and_children_pages_log_the_victim(client, personas, world, page):
    officer = personas[R.RESPONSE_OFFICER]
    draft = risk_factories.draft(officer=officer, handler=personas[R.CALL_HANDLER], area=world.area)
    url = reverse(page, kwargs={"pk": draft.pk, "number": 1} if page == "risk:section" else {"pk": draft.pk})
    client.force_login(officer)
    assert client.get(url).status_code == 200
    log = AccessLog.objects.get(user=officer, path=url)
    assert draft.victim_id in log.person_ids and log.action == AccessLog.Action.VIEW
    assert log.object_id == str(draft.pk), "the page's record is named"


def _superuser(personas):
    """The administrator role reads no personal data in the admin; a superuser reads it all."""
    user = personas[R.ADMINISTRATOR]
    user.is_superuser = True
    user.save(update_fields=["is_superuser"])
    return user


def _admin_pages(model, obj) -> list[str]:
    info = (model._meta.app_label, model._meta.model_name)
    return [reverse("admin:{}_{}_changelist".format(*info)), reverse("admin:{}_{}_change".format(*info), args=[obj.pk])]


@pytest.mark.parametrize("model", [Person, AccessLog], ids=["person", "accesslog"])
def test_the_admin_pages_of_people_and_of_the_access_log_are_logged(client, personas, walk_objects, model):
    admin_user = _superuser(personas)
    obj = model.objects.filter(pk=walk_objects["person"]).first() if model is Person else model.objects.first()
    named = {obj.pk} if model is Person else set(obj.person_ids)
    client.force_login(admin_user)
    for url in _admin_pages(model, obj):
        assert client.get(url).status_code == 200
        assert named <= _logged(admin_user, url), f"{url} left no row naming {named}"


def test_every_admin_page_of_a_declared_model_is_logged(client, personas, walk_objects):
    admin_user = _superuser(personas)
    client.force_login(admin_user)
    walked = 0
    for model in admin.site._registry:
        if model not in declared_models() or not model.objects.exists():
            continue
        for url in _admin_pages(model, model.objects.first()):
            assert client.get(url).status_code == 200
            assert _logged(admin_user, url), f"{url} left no consultation row"
            walked += 1
    assert walked >= 4


# How the log behaves.


def test_one_row_per_request_and_none_twice_for_people_a_specific_row_names(client, personas, walk_objects):
    user = personas[R.PVP_SUPERVISOR]
    client.force_login(user)
    url = reverse("incidents:list")
    client.get(url)
    rows = AccessLog.objects.filter(user=user, path=url)
    # The list's own SEARCH row names everyone it shows: no VIEW row repeats them.
    assert [r.action for r in rows] == [AccessLog.Action.SEARCH]


def test_a_detail_page_writes_one_view_row_with_its_record(client, personas, walk_objects):
    user = personas[R.PVP_OFFICER]
    client.force_login(user)
    url = reverse("people:detail", args=[walk_objects["person"]])
    client.get(url)
    log = AccessLog.objects.get(user=user, path=url)
    assert (log.action, log.object_id, log.username) == (
        AccessLog.Action.VIEW,
        str(walk_objects["person"]),
        user.username,
    )
    assert log.request_id and log.ip_address == "127.0.0.1"


def test_a_token_signed_api_call_is_logged_for_its_user(personas, walk_objects):
    from knox.models import AuthToken
    from rest_framework.test import APIClient

    user = personas[R.PVP_OFFICER]
    api = APIClient()
    _, token = AuthToken.objects.create(user=user)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    url = reverse("person-detail", args=[walk_objects["person"]])
    assert api.get(url).status_code == 200
    assert walk_objects["person"] in _logged(user, url)


def test_refused_and_anonymous_requests_leave_no_row(client, personas, walk_objects):
    url = reverse("people:detail", args=[walk_objects["person"]])
    client.get(url)
    client.force_login(personas[R.ANALYST])
    assert client.get(url).status_code in (403, 404)
    assert not AccessLog.objects.filter(path=url).exists()


def test_a_redirect_after_a_change_logs_no_view(client, personas, walk_objects):
    user = personas[R.SERGEANT]
    client.force_login(user)
    url = reverse("people:add_detail", kwargs={"pk": walk_objects["person"], "kind": "alias"})
    response = client.post(url, {"alias-given_name": "Annie", "alias-surname": "Lee", "alias-kind": "nickname"})
    assert response.status_code == 302
    assert not AccessLog.objects.filter(user=user, path=url).exists()
    # The form sent back beside the record is a read of it.
    assert client.post(url, {"alias-kind": "nickname"}).status_code == 400
    assert walk_objects["person"] in _logged(user, url)


def test_reads_outside_a_request_are_not_collected(walk_objects):
    before = AccessLog.objects.count()
    list(Person.objects.all())
    assert AccessLog.objects.count() == before


def test_collecting_reads_only_what_was_loaded(walk_objects, django_assert_num_queries):
    from audit.consultation import consultation_close, consultation_open

    consultation, token = consultation_open(path="/x/")
    try:
        with django_assert_num_queries(1):
            list(Assessment.objects.only("pk"))  # the victim is deferred: skipped, never fetched
        assert consultation.persons == set()
        with django_assert_num_queries(1):
            plan = RiskManagementPlan.objects.select_related("victim").get(pk=walk_objects["plan"])
        # The plan names its victim, and so does the joined person row.
        assert consultation.persons == {plan.victim_id}
    finally:
        consultation_close(token)
