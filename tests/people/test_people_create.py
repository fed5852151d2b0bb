"""people_create: many people at once, each as person_create would add them (the demo seed's batch)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from accounts.roles import Role
from people.match_data import match_record_of
from people.matching import MatchRecord
from people.models import MatchKey, Person
from people.selectors import person_search
from people.services import AddressInput, PersonInput, people_create, person_create


def _input(n: int) -> PersonInput:
    return PersonInput(
        given_name=f" Jane{n} ",
        surname="Ashworth",
        middle_names="Mary",
        date_of_birth=date(1990, 1, 1 + n),
        aliases=[("Janey", "Smith")],
        address=AddressInput(line_1=f"{n} Mill Lane", town="Worcester", postcode="WR1 2AB"),
        phones=["07700 900123"],
        emails=["jane@example.invalid"],
    )


def _stored(person: Person) -> tuple:
    person = Person.objects.get(pk=person.pk)
    keys = set(MatchKey.objects.filter(person=person).values_list("kind", "value"))
    return person.given_name, person.match_data, keys, person.addresses.count(), person.emails.count()


def test_a_batch_writes_what_person_create_writes_in_a_few_queries(world, make_user, django_assert_max_num_queries):
    one = person_create(data=_input(1), user=None, force=world.force)
    with django_assert_max_num_queries(15):  # however many people
        batch = people_create(data=[_input(n) for n in range(1, 31)], user=None, force=world.force)
    assert len(batch) == 30 and all(p.pk for p in batch)
    assert _stored(batch[0]) == _stored(one)
    assert batch[4].pk in [
        c.person_id for c in person_search(match_record_of(batch[4]), user=make_user(Role.CALL_HANDLER), limit=40)
    ]


@pytest.mark.parametrize(
    "bad, error",
    [
        (PersonInput(surname="x" * 101), ValidationError),  # a field's own rule, checked before writing
        (PersonInput(surname="Smith", date_of_birth=date(2999, 1, 1)), ValidationError),
        (  # the address's own clean(): a confidential address needs its reason
            PersonInput(surname="Smith", address=AddressInput(line_1="Refuge", confidential=True)),
            ValidationError,
        ),
    ],
)
def test_one_bad_person_refuses_the_whole_batch(world, bad, error):
    with pytest.raises(error):
        people_create(data=[_input(1), bad], user=None, force=world.force)
    assert not Person.objects.exists() and not MatchKey.objects.exists()


def test_a_refuge_loaded_in_bulk_is_kept_out_of_search_like_one_added_alone(world, make_user):
    """A bulk load stores the same keys as person_create: a confidential address only under the protected kind."""
    refuge = AddressInput(
        line_1="1 Safe Street", town="Worcester", postcode="WR1 9ZZ", confidential=True, confidential_reason="Refuge"
    )
    bulk = people_create(
        data=[PersonInput(given_name="Rae", surname="Hidden", address=refuge)], user=None, force=world.force
    )[0]
    alone = person_create(
        data=PersonInput(given_name="Rae", surname="Hidden", address=refuge), user=None, force=world.force
    )
    keys = {p: sorted(MatchKey.objects.filter(person=p).values_list("kind", "value")) for p in (bulk, alone)}
    assert [k for k, _ in keys[bulk]] == [k for k, _ in keys[alone]] and any(k.startswith("c:") for k, _ in keys[bulk])
    assert bulk.match_data == alone.match_data and "WR1 9ZZ" not in str(bulk.match_data.get("postcodes"))
    query = MatchRecord(
        given_names=(),
        surnames=("Hidden",),
        date_of_birth=None,
        postcodes=("WR1 9ZZ",),
        address_lines=(),
        towns=(),
        phones=(),
    )
    found = person_search(query, user=make_user(Role.CALL_HANDLER), limit=40)
    assert all("postcode" not in " ".join(c.reasons).lower() for c in found)
