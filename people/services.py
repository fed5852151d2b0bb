"""Writes to the person index. Every write refreshes the person's match keys in the same transaction."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, cast

import pghistory.models
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model, Prefetch
from django.db.models.fields.reverse_related import ForeignObjectRel
from django.utils import timezone

from accounts.models import Force, User
from accounts.reach import force_of

from .match_data import person_match
from .models import Address, DuplicateSuggestion, Email, Marker, MatchKey, Person, PersonAlias, PersonMerge, Phone


def person_refresh_match(*, person: Person) -> None:
    """Recompute the person's match data and keys (call inside the writing transaction)."""
    data, keys = person_match(person)
    Person.objects.filter(pk=person.pk).update(match_data=data)
    person.match_data = data
    MatchKey.objects.filter(person=person).delete()
    MatchKey.objects.bulk_create(keys)


@dataclass
class AddressInput:
    line_1: str
    line_2: str = ""
    town: str = ""
    postcode: str = ""
    valid_from: date | None = None
    valid_to: date | None = None
    confidential: bool = False
    confidential_reason: str = ""


@dataclass
class PersonInput:
    surname: str
    given_name: str = ""
    middle_names: str = ""
    date_of_birth: date | None = None
    estimated_age: int | None = None
    gender: str = Person.Gender.UNKNOWN
    language: str = ""
    interpreter_needed: bool = False
    aliases: list[tuple[str, str]] = field(default_factory=list)
    address: AddressInput | None = None
    phones: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)


# At most this many phone numbers, e-mail addresses and addresses (each) on one person: a real record has a
# handful; thousands would be a runaway client, and would slow every search that scores the person.
MAX_CONTACT_DETAILS = 20
_CONTACT_NOUNS = {"phones": "phone numbers", "emails": "e-mail addresses", "addresses": "addresses"}


def _check_room(person: Person | None, relation: str, *, adding: int = 1, field: str) -> None:
    """Refuse more than MAX_CONTACT_DETAILS of one kind; the person row is locked so that two adds cannot race."""
    have = 0
    if person is not None and person.pk:
        Person.objects.select_for_update().filter(pk=person.pk).first()
        have = getattr(person, relation).count()
    if have + adding > MAX_CONTACT_DETAILS:
        raise ValidationError(
            {field: f"A person can have at most {MAX_CONTACT_DETAILS} {_CONTACT_NOUNS[relation]}."}, code="too_many"
        )


def _force_id(user: User, force: Force | int | None) -> int:
    """The force whose index a new person joins: the one given (a Force or its id), else the user's own."""
    force_id = force_of(user) if force is None else force.pk if isinstance(force, Force) else force
    if force_id is None:
        raise ValidationError("People are added to one force's index: your account has no force (no area).")
    return force_id


def _new_person(data: "PersonInput", user: User, force_id: int) -> Person:
    """The Person a PersonInput describes, not yet saved (person_create and people_create)."""
    return Person(
        force_id=force_id,
        given_name=data.given_name.strip(),
        middle_names=data.middle_names.strip(),
        surname=data.surname.strip(),
        date_of_birth=data.date_of_birth,
        estimated_age=data.estimated_age,
        age_estimated_on=timezone.localdate() if data.estimated_age is not None else None,
        gender=data.gender,
        language=data.language.strip(),
        interpreter_needed=data.interpreter_needed,
        created_by=user,
    )


@transaction.atomic
def person_create(*, data: PersonInput, user: User, force: Force | int | None = None) -> Person:
    """Add a person to a force's index (``force``, else the user's) with their first address, phones and aliases."""
    _check_room(None, "phones", adding=len(data.phones), field="phones")
    _check_room(None, "emails", adding=len(data.emails), field="emails")
    person = _new_person(data, user, _force_id(user, force))
    person.full_clean(exclude=["match_data", "merged_into", "created_by", "force"])
    person.save()
    for given, surname in data.aliases:
        _full_save(PersonAlias(person=person, given_name=given.strip(), surname=surname.strip()))
    if data.address is not None:
        _full_save(Address(person=person, **vars(data.address)))
    for number in data.phones:
        _full_save(Phone(person=person, number=number.strip()))
    for email in data.emails:
        _full_save(Email(person=person, address=email.strip()))
    person_refresh_match(person=person)
    return person


def _full_save(obj: Any) -> None:
    obj.full_clean()
    obj.save()


@transaction.atomic
def person_update(*, person: Person, user: User, **fields: Any) -> Person:
    """Change the person's own details (names, date of birth, gender, language)."""
    allowed = {
        "given_name",
        "middle_names",
        "surname",
        "date_of_birth",
        "estimated_age",
        "gender",
        "language",
        "interpreter_needed",
    }
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"Not a person detail: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(person, name, value.strip() if isinstance(value, str) else value)
    if "estimated_age" in fields:
        person.age_estimated_on = timezone.localdate() if person.estimated_age is not None else None
    person.full_clean(exclude=["match_data", "merged_into", "created_by", "force"])
    person.save()
    person_refresh_match(person=person)
    return person


@transaction.atomic
def alias_add(*, person: Person, given_name: str, surname: str, kind: str = PersonAlias.Kind.ALIAS) -> PersonAlias:
    alias = PersonAlias(person=person, given_name=given_name.strip(), surname=surname.strip(), kind=kind)
    _full_save(alias)
    person_refresh_match(person=person)
    return alias


@transaction.atomic
def address_add(*, person: Person, data: AddressInput, moved_on: date | None = None) -> Address:
    """Record an address.

    Without valid_to it is the new current address, from valid_from (or moved_on, or today), and the previous
    current address ends that day. With valid_to it is a past address and changes no other.
    """
    _check_room(person, "addresses", field="line_1")
    start = data.valid_from
    if start is None and data.valid_to is None:
        start = moved_on or timezone.localdate()
    address = Address(person=person, **{**vars(data), "valid_from": start})
    # Checked before the current address is ended: a refused date must not close it.
    address.full_clean()
    if address.valid_to is None:
        assert start is not None  # no end date: the start is today's at the latest
        for previous in person.addresses.current().select_for_update():
            previous.valid_to = max(start, previous.valid_from or start)
            previous.save(update_fields=["valid_to"])
    address.save()
    person_refresh_match(person=person)
    return address


@transaction.atomic
def phone_add(*, person: Person, number: str, kind: str = Phone.Kind.MOBILE, safe_to_call: bool = True) -> Phone:
    _check_room(person, "phones", field="number")
    phone = Phone(person=person, number=number.strip(), kind=kind, safe_to_call=safe_to_call)
    _full_save(phone)
    person_refresh_match(person=person)
    return phone


@transaction.atomic
def email_add(*, person: Person, address: str, safe_to_contact: bool = True) -> Email:
    _check_room(person, "emails", field="address")
    email = Email(person=person, address=address.strip(), safe_to_contact=safe_to_contact)
    _full_save(email)
    return email


@transaction.atomic
def marker_add(*, person: Person, kind: str, code: str, detail: str = "", user: User) -> Marker:
    marker = Marker(person=person, kind=kind, code=code, detail=detail.strip(), created_by=user)
    _full_save(marker)
    return marker


# Relations a merge must not move: they describe the records themselves.
_NOT_MOVED = {"match_keys", "merged_records", "merges_received", "merges_made"}


def _movable_relations() -> Iterator[ForeignObjectRel]:
    """Every one-to-many link to a person (parties, arrests, addresses...), present and future apps alike.

    The change history (pghistory events) stays with the record it describes.
    """
    for rel in Person._meta.related_objects:
        model = rel.related_model
        if (
            rel.one_to_many
            and rel.get_accessor_name() not in _NOT_MOVED
            and model is not DuplicateSuggestion
            and not (isinstance(model, type) and issubclass(model, pghistory.models.Event))
        ):
            yield rel


@transaction.atomic
def person_merge(*, survivor: Person, merged: Person, user: User, reason: str) -> PersonMerge:
    """Merge ``merged`` into ``survivor``: every link moves, the old name becomes an alias, nothing is deleted."""
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason for the merge."})
    # Lock both rows in id order so that two merges of the same pair cannot interleave.
    locked = {
        p.pk: p for p in Person.objects.select_for_update().filter(pk__in=[survivor.pk, merged.pk]).order_by("pk")
    }
    survivor, merged = locked[survivor.pk], locked[merged.pk]
    if survivor.pk == merged.pk:
        raise ValidationError("A record cannot be merged into itself.")
    if survivor.force_id != merged.force_id:
        raise ValidationError("These records belong to two forces' indexes: they cannot be merged.")
    if survivor.merged_into_id or merged.merged_into_id:
        raise ValidationError("One of these records has already been merged.")
    moved: dict[str, list[int]] = {}
    try:
        with transaction.atomic():
            for rel in _movable_relations():
                model = cast(type[Model], rel.related_model)  # resolved: never the string "self"
                qs = model._default_manager.filter(**{rel.field.name: merged})
                ids = list(qs.values_list("pk", flat=True))
                if ids:
                    qs.update(**{rel.field.name: survivor})
                    moved[f"{model._meta.label}.{rel.field.name}"] = ids
    except IntegrityError as exc:
        raise ValidationError("These records are linked to the same item in a way that cannot be combined.") from exc
    alias = PersonAlias.objects.create(
        person=survivor, given_name=merged.given_name, surname=merged.surname, kind=PersonAlias.Kind.MERGED
    )
    merged.merged_into = survivor
    merged.save(update_fields=["merged_into", "updated_at"])
    merge = PersonMerge.objects.create(
        survivor=survivor, merged=merged, reason=reason.strip(), moved={**moved, "alias": alias.pk}, merged_by=user
    )
    DuplicateSuggestion.objects.filter(
        person_a=min(survivor.pk, merged.pk), person_b=max(survivor.pk, merged.pk)
    ).update(status=DuplicateSuggestion.Status.MERGED, reviewed_at=timezone.now(), reviewed_by=user)
    person_refresh_match(person=survivor)
    MatchKey.objects.filter(person=merged).delete()
    return merge


@transaction.atomic
def person_merge_undo(*, merge: PersonMerge, user: User) -> None:
    """Undo a merge: the rows that moved go back and the merged record stands again."""
    merge = PersonMerge.objects.select_for_update().get(pk=merge.pk)
    if merge.undone_at is not None:
        raise ValidationError("This merge has already been undone.")
    if Person.objects.filter(merged_into=merge.merged).exists() or merge.survivor.merged_into_id:
        raise ValidationError("Later merges depend on this one; undo them first.")
    moved = dict(merge.moved)
    alias_id = moved.pop("alias", None)
    from django.apps import apps

    for key, ids in moved.items():
        label, field_name = key.rsplit(".", 1)
        apps.get_model(label).objects.filter(pk__in=ids).update(**{field_name: merge.merged})
    PersonAlias.objects.filter(pk=alias_id).delete()
    merged = merge.merged
    merged.merged_into = None
    merged.save(update_fields=["merged_into", "updated_at"])
    merge.undone_at, merge.undone_by = timezone.now(), user
    merge.save(update_fields=["undone_at", "undone_by"])
    person_refresh_match(person=merge.survivor)
    person_refresh_match(person=merged)


@transaction.atomic
def duplicate_dismiss(*, suggestion: DuplicateSuggestion, user: User) -> DuplicateSuggestion:
    """Record that a suggested pair are different people; the job will not suggest them again."""
    suggestion = DuplicateSuggestion.objects.select_for_update().get(pk=suggestion.pk)
    if suggestion.status != DuplicateSuggestion.Status.OPEN:
        raise ValidationError("This suggestion has already been reviewed.")
    suggestion.status = DuplicateSuggestion.Status.NOT_DUPLICATE
    suggestion.reviewed_at, suggestion.reviewed_by = timezone.now(), user
    suggestion.save(update_fields=["status", "reviewed_at", "reviewed_by"])
    return suggestion


def duplicates_suggest(*, since: datetime | None = None, batch_size: int = 500) -> int:
    """Suggest likely duplicates for people created or changed since ``since`` (all when None).

    Each pair is suggested once (a unique constraint), so running the job again,
    or twice at once, adds nothing new; a pair marked "not the same person" stays so.
    """
    created = 0
    after: int | None = 0
    while after is not None:
        with transaction.atomic():
            made, _, after = duplicates_suggest_chunk(since=since, after=after, size=batch_size)
        created += made
    return created


def duplicates_suggest_chunk(*, since: datetime | None, after: int, size: int) -> tuple[int, int, int | None]:
    """One chunk of ``duplicates_suggest``: up to ``size`` people changed since ``since`` with a key above
    ``after``. Returns the suggestions made, the people compared and the key to go on from (None at the end)."""
    from .matching import SAME_PERSON_THRESHOLD
    from .selectors import duplicate_candidates

    people = Person.objects.active().filter(pk__gt=after).order_by("pk")
    if since is not None:
        people = people.filter(updated_at__gte=since)
    rows = list(people.values_list("pk", "force_id", "match_data")[:size])
    created = 0
    for pk, force_id, match_data in rows:
        # Within the person's own force: a pair is never made of two forces' records.
        for candidate in duplicate_candidates(match_data, force_id=force_id, limit=5, exclude_ids=[pk]):
            if candidate.score < SAME_PERSON_THRESHOLD:
                break
            a, b = sorted((pk, candidate.person_id))
            _, was_created = DuplicateSuggestion.objects.get_or_create(
                person_a_id=a, person_b_id=b, defaults={"score": candidate.score, "reasons": candidate.reasons}
            )
            created += was_created
    return created, len(rows), (rows[-1][0] if len(rows) == size else None)


@transaction.atomic
def people_create(*, data: list[PersonInput], user: User, force: Force | int | None = None) -> list[Person]:
    """Add many people at once (a bulk load such as the demo data) in a fixed handful of queries.

    Each person and their first address, phones, emails and aliases are built and their fields checked as
    person_create does them; the tables' check constraints are left to the database, so one bad row refuses
    the whole batch. Match data and keys come from the functions person_refresh_match uses: everyone added
    is found by the search at once.
    """
    if not data:
        return []
    force_id = _force_id(user, force)
    people = [_new_person(item, user, force_id) for item in data]
    for person in people:
        person.full_clean(exclude=["match_data", "merged_into", "created_by", "force"], validate_constraints=False)
    Person.objects.bulk_create(people)
    rows: dict[type[Model], list] = {PersonAlias: [], Address: [], Phone: [], Email: []}
    for person, item in zip(people, data, strict=True):
        rows[PersonAlias] += [
            PersonAlias(person=person, given_name=g.strip(), surname=s.strip()) for g, s in item.aliases
        ]
        if item.address is not None:
            rows[Address].append(Address(person=person, **vars(item.address)))
        rows[Phone] += [Phone(person=person, number=n.strip()) for n in item.phones]
        rows[Email] += [Email(person=person, address=e.strip()) for e in item.emails]
    for model, objs in rows.items():
        for obj in objs:
            obj.full_clean(exclude=["person"], validate_constraints=False)  # the person was made just above
        model._default_manager.bulk_create(objs)
    keys = []
    stored = Person.objects.filter(pk__in=[p.pk for p in people]).prefetch_related(
        "aliases",
        "phones",
        Prefetch("addresses", queryset=Address.objects.listable(), to_attr="listable_addresses"),
        Prefetch("addresses", queryset=Address.objects.protected(), to_attr="protected_addresses"),
    )
    matched = {p.pk: person_match(p, p.listable_addresses, p.protected_addresses) for p in stored}
    for person in people:
        person.match_data, person_keys = matched[person.pk]
        keys += person_keys
    Person.objects.bulk_update(people, ["match_data"], batch_size=500)
    MatchKey.objects.bulk_create(keys, batch_size=2000)
    return people
