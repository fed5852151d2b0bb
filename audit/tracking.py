"""The one way a domain model has its changes kept.

Every create, change and delete becomes an append-only pghistory event, with
the request's user and URL attached as context by pghistory's middleware.
Events that are no row change (an account's access revoked, say) are named in
``events`` and recorded with ``pghistory.create_event(obj, label=...)``.
"""

import pghistory


def track_changes(*, exclude: list[str] | None = None, events: tuple[str, ...] = ()):
    """Class decorator for a model whose every create, change and delete is kept."""
    return pghistory.track(
        pghistory.InsertEvent(),
        pghistory.UpdateEvent(),
        pghistory.DeleteEvent(),
        *(pghistory.ManualEvent(label) for label in events),
        exclude=exclude,
    )
