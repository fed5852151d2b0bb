"""The one way a domain model has its changes kept.

Every create, change and delete becomes an append-only pghistory event, with
the request's user and URL attached as context by pghistory's middleware.
"""

import pghistory


def track_changes(*, exclude: list[str] | None = None):
    """Class decorator for a model whose every create, change and delete is kept."""
    return pghistory.track(
        pghistory.InsertEvent(),
        pghistory.UpdateEvent(),
        pghistory.DeleteEvent(),
        exclude=exclude,
    )
