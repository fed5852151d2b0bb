"""Searching the index: ranked candidates with reasons, found by any field, audited."""

from datetime import date

import pytest
from django.urls import reverse

from accounts.roles import Role
from audit.models import AccessLog
from people.matching import MatchRecord
from people.selectors import person_search

from ..factories import make_person


def Q(**fields) -> MatchRecord:  # noqa: N802 - reads like the record it builds
    """A partial query, as a searcher types it."""
    empty = dict(given_names=(), surnames=(), date_of_birth=None, postcodes=(), address_lines=(), phones=())
    return MatchRecord(**{**empty, **fields})


@pytest.fixture
def searcher(make_user):
    return make_user(Role.CALL_HANDLER)


@pytest.fixture
def index(db):
    return {
        "william": make_person(
            given_name="William",
            surname="Harris",
            date_of_birth=date(1979, 11, 4),
            address={"line_1": "3 Foregate Street", "postcode": "WR1 3QQ"},
            phones=["07700 900111"],
        ),
        "margaret": make_person(given_name="Margaret", surname="Evans", date_of_birth=date(1962, 6, 30)),
        "other": make_person(given_name="Wilma", surname="Harrison", date_of_birth=date(2001, 1, 1)),
    }


@pytest.mark.parametrize(
    "query, expected",
    [
        (Q(given_names=("Bill",), surnames=("Harris",)), "william"),
        (Q(surnames=("Haris",), date_of_birth=date(1979, 11, 4)), "william"),
        (Q(surnames=("Harris",), date_of_birth=date(1979, 4, 11)), "william"),  # day and month swapped
        (Q(phones=("+44 7700 900111",)), "william"),
        (Q(postcodes=("wr13qq",), surnames=("Harris",)), "william"),
        (Q(given_names=("Peggy",), surnames=("Evans",)), "margaret"),
    ],
)
def test_the_right_person_comes_first(index, searcher, query, expected):
    results = person_search(query, user=searcher)
    assert results and results[0].person_id == index[expected].pk
    assert results[0].reasons


def test_merged_records_are_not_offered(index, make_user, searcher):
    from people.services import person_merge

    person_merge(survivor=index["william"], merged=index["other"], user=make_user(Role.PVP_SUPERVISOR), reason="x")
    ids = [c.person_id for c in person_search(Q(surnames=("Harrison",)), user=searcher)]
    assert index["other"].pk not in ids


def test_search_page_answers_htmx_with_the_candidate_list_and_is_audited(client, make_user, index):
    user = make_user(Role.CALL_HANDLER)
    client.force_login(user)
    response = client.get(
        reverse("people:search"), {"surname": "Harris", "given_name": "Bill", "pick": "party-0"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert "<html" not in html and 'data-pick-row="party-0"' in html and "William HARRIS" in html
    log = AccessLog.objects.get(user=user)
    assert log.action == AccessLog.Action.SEARCH and index["william"].pk in log.person_ids


def test_empty_search_is_a_form_error(client, make_user):
    client.force_login(make_user(Role.CALL_HANDLER))
    response = client.get(reverse("people:search"), {"surname": ""})
    assert "Enter at least one of" in response.content.decode()


def test_script_in_a_name_is_shown_escaped(client, make_user):
    person = make_person(given_name="<script>alert(1)</script>", surname="Evil")
    client.force_login(make_user(Role.CALL_HANDLER))
    html = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
