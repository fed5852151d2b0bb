"""The person index: adding people, keys kept in step, addresses with history, merges that can be undone."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from accounts.roles import Role
from incidents.models import Party
from people.models import Address, MatchKey, Person, PersonAlias, PersonMerge
from people.services import AddressInput, address_add, alias_add, person_merge, person_merge_undo, person_update

from ..factories import make_person
from ..incidents.helpers import log_incident


@pytest.mark.parametrize(
    "dob, message",
    [
        (date.today() + timedelta(days=1), "in the future"),
        (date(date.today().year - 121, 1, 1), "more than 120 years ago"),
    ],
)
def test_impossible_dates_of_birth_are_refused(db, dob, message):
    with pytest.raises(ValidationError, match=message):
        make_person(date_of_birth=dob)
    assert not Person.objects.exists()


def test_match_keys_follow_every_change(db):
    person = make_person(surname="Smith", given_name="William", date_of_birth=date(1980, 4, 3))
    keys = set(MatchKey.objects.filter(person=person).values_list("kind", "value"))
    assert keys and person.match_data["surnames"] == ["Smith"]
    alias_add(person=person, given_name="Bill", surname="Smyth")
    person.refresh_from_db()
    assert person.match_data["surnames"] == ["Smith", "Smyth"]
    person_update(person=person, user=None, date_of_birth=date(1980, 3, 4))
    assert set(MatchKey.objects.filter(person=person).values_list("kind", "value")) != keys


def test_a_new_address_ends_the_current_one(db):
    person = make_person(address={"line_1": "1 Old Road", "postcode": "WR1 1AA", "valid_from": date(2020, 1, 1)})
    address_add(person=person, data=AddressInput(line_1="9 New Road", postcode="WR2 2BB"), moved_on=date(2026, 5, 1))
    current, previous = person.addresses.current().get(), person.addresses.exclude(valid_to=None).get()
    assert current.line_1 == "9 New Road" and previous.valid_to == date(2026, 5, 1)


def test_confidential_address_needs_a_reason_and_never_lists(db):
    with pytest.raises(ValidationError):
        make_person(address={"line_1": "Refuge", "confidential": True})
    person = make_person(address={"line_1": "Refuge", "confidential": True, "confidential_reason": "Refuge"})
    assert not Address.objects.listable().filter(person=person).exists()
    assert str(person.addresses.get()) == "Confidential address"


@pytest.fixture
def supervisor(make_user):
    return make_user(Role.PVP_SUPERVISOR)


def test_merge_moves_every_link_keeps_the_name_and_is_audited(make_user, world, supervisor):
    handler = make_user(Role.CALL_HANDLER)
    keep = make_person(given_name="Joanne", surname="Price", date_of_birth=date(1990, 2, 3))
    dup = make_person(
        given_name="Jo",
        surname="Pryce",
        date_of_birth=date(1990, 2, 3),
        address={"line_1": "4 Elm Row", "postcode": "WR3 3CC"},
        phones=["07700 900123"],
    )
    incident = log_incident(user=handler, area=world.area, victim=dup)
    merge = person_merge(survivor=keep, merged=dup, user=supervisor, reason="Same DOB, phone and address")
    dup.refresh_from_db()
    assert dup.merged_into == keep
    assert Party.objects.get(incident=incident).person == keep
    assert keep.addresses.filter(line_1="4 Elm Row").exists() and keep.phones.exists()
    assert PersonAlias.objects.filter(person=keep, given_name="Jo", kind=PersonAlias.Kind.MERGED).exists()
    assert not MatchKey.objects.filter(person=dup).exists()
    assert merge.merged_by == supervisor and merge.reason.startswith("Same DOB")


def test_undo_puts_everything_back(make_user, world, supervisor):
    handler = make_user(Role.CALL_HANDLER)
    keep, dup = make_person(given_name="Anne"), make_person(given_name="Ann", phones=["07700 900456"])
    incident = log_incident(user=handler, area=world.area, victim=dup)
    merge = person_merge(survivor=keep, merged=dup, user=supervisor, reason="Looked the same")
    person_merge_undo(merge=merge, user=supervisor)
    dup.refresh_from_db()
    merge.refresh_from_db()
    assert dup.merged_into is None and merge.undone_by == supervisor
    assert Party.objects.get(incident=incident).person == dup
    assert dup.phones.count() == 1 and not keep.phones.exists()
    assert not PersonAlias.objects.filter(person=keep, kind=PersonAlias.Kind.MERGED).exists()
    assert MatchKey.objects.filter(person=dup).exists()
    with pytest.raises(ValidationError, match="already been undone"):
        person_merge_undo(merge=merge, user=supervisor)


@pytest.mark.parametrize("reason", ["", "   "])
def test_merge_needs_a_reason(db, supervisor, reason):
    with pytest.raises(ValidationError):
        person_merge(survivor=make_person(), merged=make_person(given_name="X"), user=supervisor, reason=reason)
    assert not PersonMerge.objects.exists()


def test_a_record_cannot_be_merged_twice_or_into_itself(db, supervisor):
    a, b, c = make_person(), make_person(given_name="B"), make_person(given_name="C")
    with pytest.raises(ValidationError, match="itself"):
        person_merge(survivor=a, merged=a, user=supervisor, reason="x")
    person_merge(survivor=a, merged=b, user=supervisor, reason="x")
    with pytest.raises(ValidationError, match="already been merged"):
        person_merge(survivor=c, merged=b, user=supervisor, reason="x")
