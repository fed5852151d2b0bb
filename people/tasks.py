from celery import shared_task
from django.db import connection
from django.utils import timezone

from .models import DuplicateScan
from .services import duplicates_suggest


@shared_task
def suggest_duplicates() -> int:
    """Nightly: suggest duplicates among people changed since the last scan."""
    # One scan at a time across all workers; a second one finds the lock taken and stops.
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(hashtext('people.suggest_duplicates'))")
        if not cursor.fetchone()[0]:
            return 0
    try:
        started = timezone.now()
        last = DuplicateScan.objects.order_by("-scanned_up_to").first()
        created = duplicates_suggest(since=last.scanned_up_to if last else None)
        DuplicateScan.objects.create(scanned_up_to=started, suggestions=created)
        return created
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(hashtext('people.suggest_duplicates'))")
