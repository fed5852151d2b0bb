"""Each force's own person index: a person belongs to a force, and so do their match keys (the search reads
one force's part of the index alone).

Existing records take the force of whoever created them, else of the latest incident, MARAC referral,
assessment or plan they are in, else the first force (a deployment of one force, as every one was before).
"""

import django.contrib.postgres.indexes
import django.db.models.deletion
from django.db import migrations, models

# (table, person column, area column, order): where a person's force can be read from, in order of preference.
SOURCES = [
    (
        "incidents_party pa JOIN incidents_incident i ON i.id = pa.incident_id",
        "pa.person_id",
        "i.area_id",
        "i.received_at",
    ),
    ("marac_maracreferral r", "r.victim_id", "r.area_id", "r.referred_at"),
    ("risk_assessment s", "s.victim_id", "s.area_id", "s.started_at"),
    ("plans_riskmanagementplan p", "p.victim_id", "p.area_id", "p.created_at"),
]


def _exists(cursor, table: str) -> bool:
    cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [table])
    return cursor.fetchone()[0]


def assign_forces(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM people_person")
        if not cursor.fetchone()[0]:
            return
        cursor.execute(
            """UPDATE people_person p SET force_id = u.force_id
            FROM (SELECT ua.user_id, min(a.force_id) AS force_id FROM accounts_user_areas ua
                  JOIN accounts_area a ON a.id = ua.area_id GROUP BY ua.user_id) u
            WHERE p.force_id IS NULL AND u.user_id = p.created_by_id"""
        )
        for source, person, area, order in SOURCES:
            if not _exists(cursor, source.split()[0]):
                continue
            cursor.execute(
                f"""UPDATE people_person p SET force_id = x.force_id
                FROM (SELECT DISTINCT ON ({person}) {person} AS person_id, a.force_id FROM {source}
                      JOIN accounts_area a ON a.id = {area} ORDER BY {person}, {order} DESC) x
                WHERE p.force_id IS NULL AND x.person_id = p.id"""  # noqa: S608 - names from SOURCES only
            )
        cursor.execute(
            "UPDATE people_person SET force_id = (SELECT min(id) FROM accounts_force) WHERE force_id IS NULL"
        )
        cursor.execute("SELECT count(*) FROM people_person WHERE force_id IS NULL")
        if cursor.fetchone()[0]:
            raise RuntimeError("People exist but no force does: add the force (accounts.Force) and migrate again.")
        cursor.execute(
            "UPDATE people_matchkey m SET force_id = p.force_id FROM people_person p WHERE p.id = m.person_id"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0009_force_wide_permission"),
        ("people", "0002_address_rules"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="force",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.PROTECT, related_name="people", to="accounts.force"
            ),
        ),
        migrations.AddField(
            model_name="matchkey",
            name="force",
            field=models.ForeignKey(
                null=True,
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.force",
            ),
        ),
        migrations.RunPython(assign_forces, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="person",
            name="force",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="people", to="accounts.force"
            ),
        ),
        migrations.AlterField(
            model_name="matchkey",
            name="force",
            field=models.ForeignKey(
                db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="accounts.force"
            ),
        ),
        migrations.RemoveIndex(
            model_name="matchkey",
            name="matchkey_lookup",
        ),
        migrations.AddIndex(
            model_name="matchkey",
            index=models.Index(
                models.F("force"),
                models.F("kind"),
                django.contrib.postgres.indexes.OpClass(models.F("value"), name="varchar_pattern_ops"),
                models.F("person"),
                name="matchkey_lookup",
            ),
        ),
    ]
