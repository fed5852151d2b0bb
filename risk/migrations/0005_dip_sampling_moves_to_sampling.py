"""Dip sampling moves to its own app (sampling): its models leave the risk app's state, its tables stay.

Only the change-history triggers are dropped here: their names are derived from the app label, so
sampling 0001 installs the same triggers under their new names on the same tables. The tables, rows,
constraints and indexes are untouched (sampling 0001 takes them over with the same db_table).
"""

import pgtrigger.migrations
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("risk", "0004_pvp_queue_index"),
    ]

    operations = [
        pgtrigger.migrations.RemoveTrigger(model_name="dipsample", name="insert_insert"),
        pgtrigger.migrations.RemoveTrigger(model_name="dipsample", name="update_update"),
        pgtrigger.migrations.RemoveTrigger(model_name="dipsample", name="delete_delete"),
        pgtrigger.migrations.RemoveTrigger(model_name="dipsampleevent", name="append_only"),
        pgtrigger.migrations.RemoveTrigger(model_name="dipsampleitem", name="insert_insert"),
        pgtrigger.migrations.RemoveTrigger(model_name="dipsampleitem", name="update_update"),
        pgtrigger.migrations.RemoveTrigger(model_name="dipsampleitem", name="delete_delete"),
        pgtrigger.migrations.RemoveTrigger(model_name="dipsampleitemevent", name="append_only"),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="DipSampleItemEvent"),
                migrations.DeleteModel(name="DipSampleEvent"),
                migrations.DeleteModel(name="DipSampleItem"),
                migrations.DeleteModel(name="DipSample"),
            ],
            database_operations=[],
        ),
    ]
