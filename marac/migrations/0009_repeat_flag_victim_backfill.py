from django.db import migrations
from django.db.models import OuterRef, Subquery


def backfill(apps, schema_editor):
    """Each flag names its referral's victim; where one incident was flagged more than once for a victim (against
    several referrals of the past year), the flag of the latest referral is the one the rule gives and stays."""
    MaracRepeat = apps.get_model("marac", "MaracRepeat")
    MaracReferral = apps.get_model("marac", "MaracReferral")
    MaracRepeat.objects.filter(victim__isnull=True).update(
        victim_id=Subquery(MaracReferral.objects.filter(pk=OuterRef("referral_id")).values("victim_id")[:1])
    )
    kept = set()
    for flag in MaracRepeat.objects.order_by("incident_id", "victim_id", "-referral__referred_at", "-referral_id"):
        key = (flag.incident_id, flag.victim_id)
        if key in kept:
            flag.delete()
        else:
            kept.add(key)


class Migration(migrations.Migration):
    dependencies = [("marac", "0008_repeat_flag_victim")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
