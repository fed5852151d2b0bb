"""people_create: many people at once, each as person_create would add them (the demo seed's batch)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from people.models import MatchKey, Person
from people.selectors import person_search
from people.services import AddressInput, PersonInput, match_record_of, people_create, person_create


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


def test_a_batch_writes_what_person_create_writes_in_a_few_queries(db, django_assert_max_num_queries):
    one = person_create(data=_input(1), user=None)
    with django_assert_max_num_queries(15):  # however many people
        batch = people_create(data=[_input(n) for n in range(1, 31)], user=None)
    assert len(batch) == 30 and all(p.pk for p in batch)
    assert _stored(batch[0]) == _stored(one)
    assert batch[4].pk in [c.person_id for c in person_search(match_record_of(batch[4]), limit=40)]


@pytest.mark.parametrize(
    "bad, error",
    [
        (PersonInput(surname="x" * 101), ValidationError),  # a field's own rule, checked before writing
        (PersonInput(surname="Smith", date_of_birth=date(2999, 1, 1)), ValidationError),
        (  # a table's check constraint: the database refuses it
            PersonInput(surname="Smith", address=AddressInput(line_1="Refuge", confidential=True)),
            IntegrityError,
        ),
    ],
)
def test_one_bad_person_refuses_the_whole_batch(db, bad, error):
    with pytest.raises(error):
        people_create(data=[_input(1), bad], user=None)
    assert not Person.objects.exists() and not MatchKey.objects.exists()
