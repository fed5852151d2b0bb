"""Demo dip samples (make run): the last eight weeks, as the Monday job would have drawn them."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from .models import DipSample
from .services import dip_sample_run


@transaction.atomic
def seed() -> int:
    """Draw every area's samples for the last eight weeks, once; returns how many were drawn."""
    if DipSample.objects.exists():
        return 0
    today = timezone.localdate()
    for weeks in range(8):
        dip_sample_run(today=today - timedelta(weeks=weeks))
    return DipSample.objects.count()
