"""Demo force totals (make run): each area's calls and crimes for the 12 whole months past, invented around the
demo's own domestic-abuse records so that the force page's shares look like a force's (DA about a tenth of the
calls for assistance and a sixth of recorded crime)."""

import random
from datetime import timedelta

from django.db import transaction
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from accounts.models import Area, User
from incidents.models import Crime, Incident

from .filters import default_period
from .models import ForceTotals
from .selectors import CATEGORY_OFFENCES, day_start, months_between

SOURCE = "Demo data: invented figures"


@transaction.atomic
def seed() -> int:
    """Enter the demo force's totals once (running it again changes nothing); returns how many months were made."""
    areas = list(Area.objects.filter(force__code="demo").select_related("force"))
    if not areas or ForceTotals.objects.filter(force=areas[0].force).exists():
        return 0
    analyst = User.objects.get(username="analyst")
    start, end = default_period(timezone.localdate())
    since, until = day_start(start), day_start(end + timedelta(days=1))
    calls = {
        (r["area_id"], r["month"].date()): r["n"]
        for r in Incident.objects.domestic_abuse()
        .filter(area__force=areas[0].force, received_at__gte=since, received_at__lt=until)
        .annotate(month=TruncMonth("received_at"))
        .values("area_id", "month")
        .annotate(n=Count("pk"))
    }
    categories = {f"cat_{key}": Count("pk", filter=Q(offence=offence)) for key, offence in CATEGORY_OFFENCES.items()}
    crimes = {
        (r["incident__area_id"], r["month"].date()): r
        for r in Crime.objects.filter(
            incident__area__force=areas[0].force, recorded_at__gte=since, recorded_at__lt=until
        )
        .annotate(month=TruncMonth("recorded_at"))
        .values("incident__area_id", "month")
        .annotate(n=Count("pk"), **categories)
    }
    rng = random.Random(13)  # noqa: S311 - invented figures, the same on every machine
    rows = []
    for area in areas:
        for month in months_between(start, end):
            da = calls.get((area.pk, month), 0)
            c = crimes.get((area.pk, month), {})
            by_category = {key: 3 * c.get(f"cat_{key}", 0) + rng.randint(2, 12) for key in CATEGORY_OFFENCES}
            rows.append(
                ForceTotals(
                    force=area.force,
                    area=area,
                    month=month,
                    calls_for_assistance=10 * da + rng.randint(400, 700),
                    recorded_crimes=6 * c.get("n", 0) + sum(by_category.values()) + rng.randint(150, 300),
                    assault_with_intent_crimes=by_category["assault_with_intent"],
                    assault_with_injury_crimes=by_category["assault_with_injury"],
                    harassment_crimes=by_category["harassment"],
                    sexual_offence_crimes=by_category["sexual_offence"],
                    source=SOURCE,
                    entered_by=analyst,
                )
            )
    ForceTotals.objects.bulk_create(rows)
    return len(rows)
