"""DRF's authtoken app is gone (API tokens are django-rest-knox's, stored hashed): drop its table,
which held every token in plain text."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_remove_force_insert_insert_and_more")]

    operations = [
        migrations.RunSQL("DROP TABLE IF EXISTS authtoken_token", reverse_sql=migrations.RunSQL.noop),
    ]
