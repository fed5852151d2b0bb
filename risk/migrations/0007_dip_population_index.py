"""The dip sample's population read from one partial, covering index (index-only), built without locking
writes out (CONCURRENTLY: a live force's assessments table is large)."""

from django.contrib.postgres.operations import AddIndexConcurrently, RemoveIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("risk", "0006_questionnaire_high_risk_national"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="assessment",
            index=models.Index(
                condition=models.Q(("grade", "standard"), ("status", "complete")),
                fields=["area", "sergeant_reviewed_at"],
                include=("id",),
                name="assessment_dip_population",
            ),
        ),
        RemoveIndexConcurrently(model_name="assessment", name="assessment_dip_pool"),
    ]
