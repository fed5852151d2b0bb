"""A person as matching sees them: the match data stored on the row and the keys search looks up.

Search and live matching use only the listable data; the confidential addresses are kept apart (PROTECTED_*),
for the nightly duplicate job alone. Services write these (people.services), selectors read them
(people.selectors): this module is what both share.
"""

from dataclasses import replace
from datetime import date

from .matching import MatchRecord, match_keys
from .models import MatchKey, Person

# Kind prefix of the keys that come only from confidential addresses. Search and live matching never look them
# up (people.selectors.person_search asks only for the kinds of people.matching); the duplicate job does.
PROTECTED_KIND = "c:"
# Fields of match_data that hold the confidential addresses, apart from what search scores against.
PROTECTED_DATA = "protected"


def _address_parts(addresses) -> dict[str, tuple[str, ...]]:
    addresses = list(addresses)
    return {
        "postcodes": tuple(a.postcode for a in addresses if a.postcode),
        "address_lines": tuple(a.line_1 for a in addresses if a.line_1),
        "towns": tuple(a.town for a in addresses if a.town),
    }


def match_record_of(person: Person, listable=None) -> MatchRecord:
    """The person as search and live matching see them: every name and phone, and only addresses that may be listed.

    ``listable`` may give those addresses already read (a bulk load prefetches them).
    """
    aliases = list(person.aliases.all())
    return MatchRecord(
        # A middle name follows the main given name: people often go by it.
        given_names=tuple(
            n for n in [person.given_name, *person.middle_names.split(), *(a.given_name for a in aliases)] if n
        ),
        surnames=tuple(n for n in [person.surname, *(a.surname for a in aliases)] if n),
        date_of_birth=person.date_of_birth,
        phones=tuple(p.number for p in person.phones.all()),
        **_address_parts(person.addresses.listable() if listable is None else listable),
    )


def with_protected(record: MatchRecord, protected: dict) -> MatchRecord:
    """The record with the confidential addresses added: for the duplicate job only."""
    if not protected:
        return record
    return replace(
        record,
        postcodes=(*record.postcodes, *protected.get("postcodes", ())),
        address_lines=(*record.address_lines, *protected.get("address_lines", ())),
        towns=(*record.towns, *protected.get("towns", ())),
    )


def match_data_of(record: MatchRecord, protected: dict | None = None) -> dict:
    data = {
        "given_names": list(record.given_names),
        "surnames": list(record.surnames),
        "date_of_birth": record.date_of_birth.isoformat() if record.date_of_birth else None,
        "postcodes": list(record.postcodes),
        "address_lines": list(record.address_lines),
        "towns": list(record.towns),
        "phones": list(record.phones),
    }
    if protected:
        data[PROTECTED_DATA] = {k: list(v) for k, v in protected.items() if v}
    return data


def match_record_from_data(data: dict) -> MatchRecord:
    """The record search scores against: never the confidential addresses."""
    dob = data.get("date_of_birth")
    return MatchRecord(
        given_names=tuple(data.get("given_names", ())),
        surnames=tuple(data.get("surnames", ())),
        date_of_birth=date.fromisoformat(dob) if dob else None,
        postcodes=tuple(data.get("postcodes", ())),
        address_lines=tuple(data.get("address_lines", ())),
        towns=tuple(data.get("towns", ())),
        phones=tuple(data.get("phones", ())),
    )


def person_match(person: Person, listable=None, protected=None) -> tuple[dict, list[MatchKey]]:
    """The person's match data and keys, as person_refresh_match and people_create store them.

    Keys that only a confidential address gives are stored under PROTECTED_KIND, for the duplicate job alone.
    ``listable`` and ``protected`` may give the two kinds of address already read.
    """
    record = match_record_of(person, listable)
    hidden_addresses = person.addresses.protected() if protected is None else protected
    protected = {k: v for k, v in _address_parts(hidden_addresses).items() if v}
    data = match_data_of(record, protected)
    keys = match_keys(record)
    hidden = match_keys(with_protected(record, protected)) - keys if protected else set()
    force = person.force_id
    return data, [MatchKey(person=person, force_id=force, kind=k, value=v) for k, v in sorted(keys)] + [
        MatchKey(person=person, force_id=force, kind=PROTECTED_KIND + k, value=v) for k, v in sorted(hidden)
    ]
