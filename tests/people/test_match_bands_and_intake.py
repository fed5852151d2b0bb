"""Matches say what they mean (a band in words, with the reasons); a first name alone finds people; after a
validation error on the intake form the chosen people read as they did when picked."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import Role
from people.matching import POSSIBLE_THRESHOLD, SAME_PERSON_THRESHOLD, band
from people.models import MatchKey
from people.selectors import GIVEN_NAME_ONLY_LIMIT, is_given_name_only, person_search

from ..factories import make_person
from ..incidents.helpers import log_incident
from ..incidents.test_intake_view import form_data
from .test_search import Q


@pytest.fixture
def handler(make_user):
    return make_user(Role.CALL_HANDLER)


@pytest.fixture
def kerry(db):
    return make_person(given_name="Kerry", surname="Bright", date_of_birth=date(1990, 3, 14), phones=["07700 900222"])


def test_bands_are_defined_by_the_matchers_thresholds():
    assert band(SAME_PERSON_THRESHOLD) == ("likely", "very likely the same person")
    assert band(0.97)[1] == "very likely the same person"
    assert band(POSSIBLE_THRESHOLD) == ("possible", "possibly the same person — check")
    assert band(POSSIBLE_THRESHOLD - 0.01) == ("unlikely", "unlikely to be the same person")
    assert band(0.0)[0] == "unlikely"


def test_live_search_shows_the_band_in_words_with_the_reasons(client, handler, kerry):
    client.force_login(handler)
    html = client.get(
        reverse("people:search"),
        {"given_name": "Kerry", "surname": "Bright", "date_of_birth": "1990-03-14", "pick": "party-0"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert "Very likely the same person" in html
    assert "Why: " in html and "same date of birth" in html


def test_the_person_search_api_gives_the_band(client, handler, kerry):
    client.force_login(handler)
    body = client.get(reverse("person-search"), {"given_name": "Kerry", "surname": "Bright"}).json()
    assert body[0]["band"] in {"very likely the same person", "possibly the same person — check"}


def test_a_first_name_alone_finds_people_of_that_name_and_says_the_list_is_partial(client, handler, kerry):
    jones = make_person(given_name="Kerry", surname="Jones")
    make_person(given_name="Margaret", surname="Evans")
    client.force_login(handler)
    html = client.get(reverse("people:search"), {"given_name": "Kerry"}, HTTP_HX_REQUEST="true").content.decode()
    assert "No one in the index matches" not in html
    assert "Kerry BRIGHT" in html and "Kerry JONES" in html and "Margaret" not in html
    assert "add a surname or date of birth to narrow" in html
    assert {kerry.pk, jones.pk} <= {c.person_id for c in person_search(Q(given_names=("Kerry",)), user=handler)}


def test_a_nickname_alone_finds_the_full_name(kerry, handler):
    bill = make_person(given_name="William", surname="Harris")
    assert bill.pk in [c.person_id for c in person_search(Q(given_names=("Bill",)), user=handler)]


def test_a_search_with_a_surname_is_not_a_first_name_only_search():
    assert is_given_name_only(Q(given_names=("Kerry",)))
    assert not is_given_name_only(Q(given_names=("Kerry",), surnames=("Br",)))
    assert not is_given_name_only(Q(surnames=("Bright",)))


def test_a_first_name_search_is_bounded(handler):
    for n in range(GIVEN_NAME_ONLY_LIMIT + 5):
        make_person(given_name="Kerry", surname=f"Surname{chr(65 + n)}")
    assert (
        len(person_search(Q(given_names=("Kerry",)), user=handler, limit=GIVEN_NAME_ONLY_LIMIT))
        == GIVEN_NAME_ONLY_LIMIT
    )


def test_a_first_name_search_reads_the_covering_index(handler, kerry):
    """The bounded prefix scan can use matchkey_lookup alone (the index the benchmark relies on)."""
    # With a handful of rows and no statistics every index costs the same and the planner may take any:
    # give it an index of some size, as a real one is, and its statistics.
    filler = make_person(given_name="Filler")
    MatchKey.objects.bulk_create(
        MatchKey(person=filler, force_id=filler.force_id, kind=f"k{n % 40}", value=f"V{n:05d}") for n in range(4000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE people_matchkey")
    with CaptureQueriesContext(connection) as ctx:
        person_search(Q(given_names=("Kerry",)), user=handler)
    lookup = next(q["sql"] for q in ctx.captured_queries if "people_matchkey" in q["sql"])
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("EXPLAIN " + lookup)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Index Only Scan using matchkey_lookup" in plan, plan


def test_a_first_name_search_never_uses_a_confidential_address(handler):
    hidden = make_person(
        given_name="Rosa",
        surname="Diaz",
        address={"line_1": "9 Refuge Row", "postcode": "SY9 9ZZ", "confidential": True, "confidential_reason": "x"},
    )
    found = person_search(Q(given_names=("Rosa",), postcodes=("SY9 9ZZ",)), user=handler)
    # Found by name alone at best, never by the refuge's postcode.
    assert all("postcode" not in " ".join(c.reasons) for c in found if c.person_id == hidden.pk)


def _after_error(client, world, person):
    data = form_data(world, **{"party-0-person": str(person.pk), "party-0-given_name": "Kery"})
    del data["checklist-weapons"]  # a checklist answer missing
    return client.post(reverse("incidents:create"), data)


def test_after_a_validation_error_the_chosen_victim_is_shown_by_name_with_band_and_history(
    client, handler, world, kerry
):
    log_incident(user=handler, area=world.area, victim=kerry)
    client.force_login(handler)
    response = _after_error(client, world, kerry)
    html = response.content.decode()
    assert response.status_code == 400
    assert "index record" not in html
    assert "Linked to Kerry BRIGHT, born 14/03/1990." in html
    assert "the same person" in html and "Why: " in html
    assert "History: Kerry BRIGHT" in html and "Repeat victim" in html
    assert f'value="{kerry.pk}"' in html  # still linked: the submission after the fix uses this person


def test_the_re_render_shows_what_the_live_pick_shows(client, handler, world, kerry):
    """One function builds both: the fragment the pick loads is the one the page shows after an error."""
    client.force_login(handler)
    typed = {"given_name": "Kery", "surname": "Bright"}
    fragment = client.get(reverse("people:chosen", args=[kerry.pk]), typed, HTTP_HX_REQUEST="true").content.decode()
    page = _after_error(client, world, kerry).content.decode()

    def squash(html: str) -> str:
        return re.sub(r"\s+", " ", html).strip()

    assert squash(fragment) in squash(page)


def test_a_person_outside_the_index_is_not_shown_after_an_error(client, handler, world):
    client.force_login(handler)
    data = form_data(world, **{"party-0-person": "999999"})
    html = client.post(reverse("incidents:create"), data).content.decode()
    assert "That person is not in the index" in html and "Linked to" not in html
