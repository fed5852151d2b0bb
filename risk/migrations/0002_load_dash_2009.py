"""Load DASH 2009 (police) from risk/data/dash-2009-police.json as the current DASH version."""

from pathlib import Path

from django.db import migrations

from risk.services.questionnaires import QuestionnaireModels, questionnaire_from_file, questionnaire_load_into

DASH_FILE = Path(__file__).resolve().parent.parent / "data" / "dash-2009-police.json"
# Every database must hold the same DASH 2009: once released, the file is frozen (a change is a new version,
# loaded with load_questionnaire). Before release, after editing the file, put its new checksum here.
DASH_SHA256 = "4fb2f100c3db1b923e54918c7769c97b05795394c5068035afb48a589f1f8b7e"


def _models(apps) -> QuestionnaireModels:
    return QuestionnaireModels(
        apps.get_model("risk", "Questionnaire"), apps.get_model("risk", "Section"), apps.get_model("risk", "Question")
    )


def load_dash(apps, schema_editor) -> None:
    data, sha256 = questionnaire_from_file(path=DASH_FILE)
    if sha256 != DASH_SHA256:
        raise RuntimeError(
            f"{DASH_FILE} has changed (checksum {sha256}, this migration loads {DASH_SHA256}). "
            "A changed questionnaire is a new version: give the file a new version and load it with "
            "load_questionnaire. Before release only, update DASH_SHA256 in this migration."
        )
    models = _models(apps)
    using = schema_editor.connection.alias
    # Already loaded (migrated back and forth): nothing to do. Another current DASH (a force's wording) stays current.
    has_current = models.questionnaire.objects.using(using).filter(code=data["code"], is_current=True).exists()
    questionnaire_load_into(models=models, data=data, source_sha256=sha256, make_current=not has_current, using=using)


def unload_dash(apps, schema_editor) -> None:
    """Delete DASH 2009 unless an assessment used it: assessments keep the version they used."""
    Questionnaire = apps.get_model("risk", "Questionnaire")
    Assessment = apps.get_model("risk", "Assessment")
    using = schema_editor.connection.alias
    dash = Questionnaire.objects.using(using).filter(code="dash", version="2009-police").first()
    if dash is not None and not Assessment.objects.using(using).filter(questionnaire=dash).exists():
        dash.delete()


class Migration(migrations.Migration):
    dependencies = [("risk", "0001_initial")]

    operations = [migrations.RunPython(load_dash, unload_dash, elidable=False)]
