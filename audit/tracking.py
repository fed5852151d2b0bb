"""The one way a domain model has its changes kept.

Every create, change and delete becomes an append-only pghistory event, with
the request's user and URL attached as context by pghistory's middleware.
Events that are no row change (an account's access revoked, say) are named in
``events`` and recorded with ``pghistory.create_event(obj, label=...)``.
"""

import pghistory


def track_changes(*, exclude: list[str] | None = None, events: tuple[str, ...] = (), event_table: str = ""):
    """Class decorator for a model whose every create, change and delete is kept.

    ``event_table`` names the events' table when it is not the default (a model moved from another app
    keeps its events where they are).
    """
    return pghistory.track(
        pghistory.InsertEvent(),
        pghistory.UpdateEvent(),
        pghistory.DeleteEvent(),
        *(pghistory.ManualEvent(label) for label in events),
        exclude=exclude,
        meta={"db_table": event_table} if event_table else None,
    )
