"""The consultation log, kept by structure rather than by each view.

A model that holds a person's data is declared once with ``@personal_data(...)``,
naming the fields that carry the person's id. Declaring wraps the model's
``from_db``, which Django calls for every instance it loads from the database
(querysets, ``select_related`` rows, prefetches, related managers, the admin), so
each instance loaded while a request is served adds the people it names to that
request's ``Consultation``. ``ConsultationMiddleware`` opens one for each request
and, when a signed-in user is shown a page or an API answer, writes one
``AccessLog`` row naming them.

The cost is a set update per loaded row and one INSERT per request that read
someone. Only values already loaded are read (a deferred field is skipped, never
fetched), so declaring a model adds no query.

What it cannot see: ``values()`` / ``values_list()`` rows and raw SQL, which make
no model instance. A view that shows names read that way records them itself with
``access_record`` (as person search and the MARAC 12-month flags do).
Celery tasks and management commands have no request, so nothing is collected.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.db import models

# Statuses whose body shows what the view read: success, and a form sent back with
# its errors beside the record. Redirects, refusals and errors show nothing.
SHOWN_STATUSES = frozenset({*range(200, 300), 400, 409, 422})

_current: ContextVar[Consultation | None] = ContextVar("audit_consultation", default=None)
_declared: dict[type[models.Model], tuple[str, ...]] = {}


@dataclass(eq=False)
class Consultation:
    """What one request read: the people named, those already logged, and its main record."""

    persons: set[int] = field(default_factory=set)
    logged: set[int] = field(default_factory=set)
    main: models.Model | None = None
    path: str = ""
    ip_address: str | None = None

    def saw(self, values: dict, attnames: tuple[str, ...]) -> None:
        for attname in attnames:
            value = values.get(attname)
            if value is None:
                continue
            if isinstance(value, list | tuple | set):
                self.persons.update(int(v) for v in value)
            else:
                self.persons.add(int(value))

    @property
    def unlogged(self) -> set[int]:
        return self.persons - self.logged


def personal_data(*fields: str):
    """Class decorator for a model holding people's data; ``fields`` carry their ids.

    ``"id"`` for the person record itself, a foreign key's name (``"victim"``) for a
    record about someone, an array field of ids (``"person_ids"``) for a list.
    """

    def declare(model: type[models.Model]) -> type[models.Model]:
        by_name = {f.name: f for f in model._meta.local_fields}
        attnames = tuple(by_name[name].attname for name in fields)
        load = model.from_db.__func__

        def from_db(cls, db, field_names, values):
            instance = load(cls, db, field_names, values)
            consultation = _current.get()
            if consultation is not None:
                # __dict__ holds only loaded fields: a deferred one is skipped, never fetched.
                consultation.saw(instance.__dict__, attnames)
            return instance

        model.from_db = classmethod(from_db)
        _declared[model] = attnames
        return model

    return declare


def declared_models() -> dict[type[models.Model], tuple[str, ...]]:
    """Every model declared as holding personal data, with the attributes naming the people."""
    return dict(_declared)


def current() -> Consultation | None:
    """The consultation of the request being served, if any."""
    return _current.get()


def consultation_open(*, path: str = "", ip_address: str | None = None) -> tuple[Consultation, object]:
    """Start collecting for one request; give the token back to ``consultation_close``."""
    consultation = Consultation(path=path[:500], ip_address=ip_address or None)
    return consultation, _current.set(consultation)


def consultation_close(token) -> None:
    _current.reset(token)


def consultation_mark(obj: models.Model) -> None:
    """Name ``obj`` as the record the request is about (the first one named wins)."""
    consultation = _current.get()
    if consultation is not None and consultation.main is None:
        consultation.main = obj


def consultation_logged(persons: Iterable[int]) -> None:
    """These people's reading is already logged by a more specific row (a search, a reveal, a download)."""
    consultation = _current.get()
    if consultation is not None:
        consultation.logged.update(persons)
