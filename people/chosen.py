"""A person chosen from the index on the intake form: who they are, how well they match what was typed, and
their history. One function builds it for the live pick (people:chosen) and for the intake form shown again
after a validation error, so both show the same thing."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from .forms import PersonSearchForm
from .match_data import match_record_from_data
from .matching import score
from .models import Person
from .selectors import Banded

# The party-row fields that describe the person, named as the person search names them.
SEARCH_FIELDS = ("given_name", "surname", "date_of_birth", "phone", "postcode")


@dataclass
class ChosenMatch(Banded):
    score: float
    reasons: list[str]


@dataclass
class Chosen:
    person: Person
    name: str
    date_of_birth: date | None
    match: ChosenMatch | None  # None when nothing was typed to compare with
    history: object  # incidents.selectors.PersonHistory


def chosen_person(*, user, person: Person, typed: Mapping[str, str]) -> Chosen:
    """The chosen person with the band and reasons of their match to what was typed, and their history.

    ``typed`` holds the row's search fields (SEARCH_FIELDS); it is read as the person search reads it, and
    scored on the person's listable data only, as the search scores (never a confidential address).
    """
    from incidents.selectors import person_history

    form = PersonSearchForm({name: typed.get(name) or "" for name in SEARCH_FIELDS})
    match = None
    if form.is_valid():
        result = score(form.to_query(), match_record_from_data(person.match_data or {}))
        match = ChosenMatch(result.score, result.reasons)
    return Chosen(
        person=person,
        name=person.full_name,
        date_of_birth=person.date_of_birth,
        match=match,
        history=person_history(person, force=person.force),
    )
