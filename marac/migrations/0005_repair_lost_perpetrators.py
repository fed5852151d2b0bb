"""Give back the perpetrators that police referrals lost.

The referral form's checkbox list of perpetrators was shown empty (a form helper froze its
choices before the suspects were set), so police referrals made from a DASH were saved with
none. Where a referral has no perpetrator and came from an assessment, the suspects of that
assessment's incident are the people the referrer was offered and ticked by default.
"""

from django.db import migrations


def repair(apps, schema_editor):
    MaracReferral = apps.get_model("marac", "MaracReferral")
    Party = apps.get_model("incidents", "Party")
    lost = MaracReferral.objects.filter(perpetrators__isnull=True, assessment__isnull=False).select_related(
        "assessment"
    )
    for referral in lost.iterator():
        suspects = Party.objects.filter(incident_id=referral.assessment.incident_id, role="suspect")
        suspect_ids = set(suspects.exclude(person_id=referral.victim_id).values_list("person_id", flat=True))
        if suspect_ids:
            referral.perpetrators.add(*suspect_ids)


class Migration(migrations.Migration):
    dependencies = [
        ("marac", "0004_meeting_version"),
        ("incidents", "0002_initial"),
        ("risk", "0004_pvp_queue_index"),
    ]

    operations = [migrations.RunPython(repair, migrations.RunPython.noop)]
