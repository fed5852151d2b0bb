"""The change history of what an import writes, set-based: the same event rows the triggers write, in one
statement per table instead of one trigger call per row.

While a file is written the row triggers of the tables it fills are skipped (pgtrigger.ignore, which any role
may use for its own transaction); record_inserts() then writes each new row's "insert" event, with every
tracked column, pgh_created_at = now() and the file's pghistory context, as the trigger would have. So an
imported record has its history like any other, and the auditor's page shows it with who imported it and from
which file. Updates and deletes later go through the triggers as usual.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db.backends.utils import CursorWrapper
from django.db.models import Model
from pghistory.runtime import Context

from incidents.models import Arrest, Crime, Incident, Party
from people.models import Address, Person, Phone

TRACKED = (Person, Address, Phone, Incident, Party, Crime, Arrest)
# The insert triggers skipped while a file is written; record_inserts() writes their events.
INSERT_TRIGGERS = tuple(f"{model._meta.label}:insert_insert" for model in TRACKED)


def attach_context(*, cursor: CursorWrapper, context: Context) -> None:
    """The context row the triggers would have made (pghistory's own upsert makes it the same row)."""
    cursor.execute(
        "INSERT INTO pghistory_context (id, metadata, created_at, updated_at) VALUES (%s, %s, now(), now())"
        " ON CONFLICT (id) DO NOTHING",
        [str(context.id), json.dumps(context.metadata, cls=DjangoJSONEncoder)],
    )


def record_inserts(*, cursor: CursorWrapper, model: type[Model], where: str, params: list, context: Context) -> None:
    """Write the insert event of each row of ``model`` that ``where`` selects (``t`` names the table)."""
    # pghistory.track sets pgh_event_model on a tracked model's class at run time (pghistory.models.PghEventModel):
    # no annotation of its own declares it, so Model's stub does not have it.
    events = model.pgh_event_model._meta  # type: ignore[attr-defined]
    columns = [f.column for f in events.concrete_fields if not f.column.startswith("pgh_")]
    cursor.execute(
        f"INSERT INTO {events.db_table} (pgh_created_at, pgh_label, pgh_obj_id, pgh_context_id, {', '.join(columns)})"  # noqa: S608
        f" SELECT now(), 'insert', t.id, %s, {', '.join('t.' + c for c in columns)}"
        f" FROM {model._meta.db_table} t WHERE {where}",
        [str(context.id), *params],
    )
