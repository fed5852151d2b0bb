import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("marac", "0009_repeat_flag_victim_backfill"),
        ("people", "0002_address_rules"),
    ]

    operations = [
        migrations.AlterField(
            model_name="maracrepeat",
            name="victim",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="marac_repeats", to="people.person"
            ),
        ),
        # The change history's copy stays nullable in the table: events from before this change name no victim.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="maracrepeatevent",
                    name="victim",
                    field=models.ForeignKey(
                        db_constraint=False,
                        default=None,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        related_query_name="+",
                        to="people.person",
                    ),
                    preserve_default=False,
                )
            ]
        ),
        migrations.RemoveConstraint(model_name="maracrepeat", name="one_repeat_flag_per_incident"),
        migrations.AddConstraint(
            model_name="maracrepeat",
            constraint=models.UniqueConstraint(
                fields=("incident", "victim"), name="one_repeat_flag_per_incident_and_victim"
            ),
        ),
    ]
