"""DASH as versioned data: the shipped file, its loader, the load_questionnaire command and the data migration."""

import copy
import importlib
import io
import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError
from django.db import connection

from accounts.roles import Role
from risk.models import Assessment, AssessmentAnswer, Question, Questionnaire, Section
from risk.services import assessments as svc
from risk.services.questionnaires import questionnaire_from_file, questionnaire_load, questionnaire_sha256

from .factories import draft

DATA = Path(settings.BASE_DIR) / "risk" / "data"
DASH_FILE = DATA / "dash-2009-police.json"
FORCE_FILE = DATA / "example-force-wording.json"

# PRODUCT.md, "Domain rules": the 27 DASH 2009 topics in order.
PRODUCT_TOPICS = [
    "current injury",
    "very frightened",
    "what they fear",
    "isolated from family and friends",
    "depressed or suicidal",
    "separation in the past year",
    "conflict over child contact",
    "constant contact, texts, stalking",
    "pregnant or recent baby (18 months)",
    "children not the abuser's or other dependants in the home",
    "abuser has hurt the children/dependants",
    "abuser has threatened the children/dependants",
    "abuse happening more often",
    "abuse getting worse",
    "controlling or excessively jealous",
    "weapons or objects used",
    "believed threats to kill",
    "strangling, choking, suffocating or drowning",
    "sexual abuse",
    "another person threatening the victim",
    "abuser has hurt others",
    "abuse of animals or pets",
    "financial problems or job loss",
    "drugs, alcohol or mental health problems",
    "abuser threatened or attempted suicide",
    "breach of bail, injunction or agreement",
    "criminal history",
]


@pytest.fixture
def dash(db) -> Questionnaire:
    """DASH 2009 as the data migration loaded it into the test database."""
    return Questionnaire.objects.get(code="dash", version="2009-police")


@pytest.fixture
def dash_data() -> dict:
    data, _ = questionnaire_from_file(path=DASH_FILE)
    return data


def snapshot() -> list[tuple]:
    """Every questionnaire, section and question as stored, to show that a load changed nothing."""
    return [
        list(Questionnaire.objects.order_by("pk").values_list()),
        list(Section.objects.order_by("pk").values_list()),
        list(Question.objects.order_by("pk").values_list()),
    ]


def load(data: dict, **kwargs) -> tuple[Questionnaire, bool]:
    return questionnaire_load(data=data, source_sha256=questionnaire_sha256(data=data), **kwargs)


def test_the_migration_loads_the_shipped_dash_as_the_current_version(dash):
    _, sha256 = questionnaire_from_file(path=DASH_FILE)
    assert dash.is_current
    assert dash.source_sha256 == sha256
    assert dash.name == "DASH 2009 risk identification checklist (police)"
    assert (dash.high_risk_threshold, dash.medium_risk_threshold) == (14, 10)


def test_dash_has_27_scored_questions_in_product_order_and_two_unscored_supplements(dash):
    sections = list(dash.sections.order_by("order"))
    assert [(s.code, s.is_supplement) for s in sections] == [("main", False), ("stalking", True), ("honour", True)]
    main, stalking, honour = (list(s.questions.order_by("number")) for s in sections)
    assert [q.number for q in main] == list(range(1, 28))
    assert [q.topic.lower() for q in main] == PRODUCT_TOPICS
    assert all(q.counts_to_score for q in main)
    assert [q.number for q in stalking] == list(range(1, 12))
    assert [q.number for q in honour] == list(range(1, 11))
    assert not any(q.counts_to_score for q in stalking + honour)
    for question in main + stalking + honour:
        assert "?" in question.wording, question
        assert question.guidance, question
    assert "do not count towards the score" in dash.description


def test_strangulation_guidance_tells_the_officer_signs_may_not_be_visible(dash):
    question = Question.objects.get(section__questionnaire=dash, section__code="main", number=18)
    assert question.wording == "Has (name of abuser) ever attempted to strangle, choke, suffocate or drown you?"
    assert "not be visible" in question.guidance
    assert "loss of consciousness" in question.guidance


def test_loading_the_same_file_again_changes_nothing(dash, dash_data):
    before = snapshot()
    questionnaire, created = load(dash_data, make_current=False)
    assert (questionnaire, created) == (dash, False)
    assert snapshot() == before


def test_reformatting_the_file_is_not_a_change(dash, dash_data, tmp_path):
    path = tmp_path / "dash.json"
    path.write_text(json.dumps(dash_data, indent=4).replace("\n", "\r\n"), encoding="utf-8")
    data, sha256 = questionnaire_from_file(path=path)
    assert sha256 == dash.source_sha256
    assert questionnaire_load(data=data, source_sha256=sha256) == (dash, False)


def test_a_changed_file_under_the_same_version_is_refused(dash, dash_data):
    dash_data["sections"][0]["questions"][17]["wording"] = "Has (name of abuser) ever choked you?"
    before = snapshot()
    with pytest.raises(ValidationError, match="version already loaded with different content: give it a new version"):
        load(dash_data)
    assert snapshot() == before


def _question(data: dict, section: int, number: int) -> dict:
    return data["sections"][section]["questions"][number - 1]


BAD_FILES = [
    ("missing name", lambda d: d.pop("name"), "questionnaire: missing name."),
    ("unknown field", lambda d: d.update(treshold=14), "questionnaire: unknown field(s) treshold."),
    ("sections not a list", lambda d: d.update(sections={}), "questionnaire: sections must be a list."),
    ("no sections", lambda d: d.update(sections=[]), "questionnaire: has no sections."),
    ("bad code", lambda d: d.update(code="DASH 2009"), "questionnaire: code 'DASH 2009' may only have letters"),
    ("version too long", lambda d: d.update(version="v" * 31), "questionnaire: version is 31 characters long"),
    (
        "thresholds not ordered",
        lambda d: d.update(medium_risk_threshold=14),
        "questionnaire: medium_risk_threshold (14) must be lower than high_risk_threshold (14).",
    ),
    (
        "threshold out of reach",
        lambda d: d.update(high_risk_threshold=28),
        "questionnaire: high_risk_threshold (28) is more than the 27 scored questions",
    ),
    (
        "threshold above the national 14",
        lambda d: d.update(high_risk_threshold=15),
        "questionnaire: high_risk_threshold (15) is above the national 14: a force may mark high risk at fewer",
    ),
    ("threshold not a number", lambda d: d.update(high_risk_threshold="14"), "high_risk_threshold must be a whole"),
    ("threshold true", lambda d: d.update(medium_risk_threshold=True), "medium_risk_threshold must be a whole number"),
    (
        "no scored questions",
        lambda d: [q.update(counts_to_score=False) for q in d["sections"][0]["questions"]],
        "questionnaire: no question counts towards the score",
    ),
    (
        "duplicate section code",
        lambda d: d["sections"][2].update(code="stalking"),
        'section "stalking": section code "stalking" is used twice.',
    ),
    ("duplicate section order", lambda d: d["sections"][2].update(order=1), "section order 1 is used twice."),
    ("section without title", lambda d: d["sections"][1].pop("title"), 'section "stalking": missing title.'),
    (
        "section without questions",
        lambda d: d["sections"][2].update(questions=[]),
        'section "honour": has no questions.',
    ),
    (
        "missing wording",
        lambda d: _question(d, 0, 18).pop("wording"),
        'section "main", question 18: missing wording.',
    ),
    (
        "empty wording",
        lambda d: _question(d, 0, 18).update(wording="   "),
        'section "main", question 18: wording is empty.',
    ),
    (
        "duplicate question number",
        lambda d: _question(d, 1, 2).update(number=1),
        'section "stalking": question number 1 is used twice.',
    ),
    (
        "question without number",
        lambda d: _question(d, 2, 4).pop("number"),
        'section "honour", question 4 in the list: missing number.',
    ),
    (
        "question number zero",
        lambda d: _question(d, 0, 1).update(number=0),
        'section "main", question 0: number must be between 1 and 32767.',
    ),
    (
        "counts_to_score not true or false",
        lambda d: _question(d, 0, 3).update(counts_to_score="yes"),
        'section "main", question 3: counts_to_score must be true or false.',
    ),
    (
        "missing counts_to_score",
        lambda d: _question(d, 1, 5).pop("counts_to_score"),
        'section "stalking", question 5: missing counts_to_score.',
    ),
    (
        "topic too long",
        lambda d: _question(d, 0, 2).update(topic="t" * 101),
        'section "main", question 2: topic is 101 characters long; at most 100 fit.',
    ),
]


@pytest.mark.parametrize("mutate, message", [case[1:] for case in BAD_FILES], ids=[case[0] for case in BAD_FILES])
def test_a_bad_file_is_refused_naming_the_problem_and_writes_nothing(dash, dash_data, mutate, message):
    data = copy.deepcopy(dash_data)
    data["version"] = "2009-police-bad"
    mutate(data)
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        load(data, make_current=True)
    assert any(message in problem for problem in error.value.messages), error.value.messages
    assert snapshot() == before


def test_every_problem_in_a_file_is_reported_at_once(dash_data):
    data = copy.deepcopy(dash_data)
    data["version"] = "2009-police-bad"
    _question(data, 0, 5).update(wording="")
    _question(data, 2, 7).pop("topic")
    with pytest.raises(ValidationError) as error:
        load(data)
    assert error.value.messages == [
        'section "main", question 5: wording is empty.',
        'section "honour", question 7: missing topic.',
    ]


def test_a_file_that_is_not_a_questionnaire_is_refused(db):
    with pytest.raises(ValidationError, match="questionnaire: expected an object"):
        load(["not", "a", "questionnaire"])


@pytest.mark.parametrize(
    "content, message",
    [
        (b"{", "not valid JSON (Expecting property name enclosed in double quotes at line 1, column 2)"),
        (b"[1, 2]", "expected a JSON object"),
        (b'{"code": "dash", "code": "dara"}', "the key 'code' appears twice"),
        (b"\xff\xfe", "not UTF-8 text"),
    ],
)
def test_an_unreadable_file_is_refused(tmp_path, content, message):
    path = tmp_path / "questionnaire.json"
    path.write_bytes(content)
    with pytest.raises(ValidationError, match=message.replace("(", r"\(").replace(")", r"\)")):
        questionnaire_from_file(path=path)


def test_a_new_version_is_not_current_unless_asked(dash):
    data, sha256 = questionnaire_from_file(path=FORCE_FILE)
    force, created = questionnaire_load(data=data, source_sha256=sha256)
    assert created and not force.is_current
    dash.refresh_from_db()
    assert dash.is_current


def test_make_current_switches_the_current_version_of_the_code(dash):
    data, sha256 = questionnaire_from_file(path=FORCE_FILE)
    force, _ = questionnaire_load(data=data, source_sha256=sha256, make_current=True)
    assert list(Questionnaire.objects.filter(code="dash", is_current=True)) == [force]
    # Loading DASH again, current, switches back without touching its content.
    dash_data, dash_sha256 = questionnaire_from_file(path=DASH_FILE)
    assert questionnaire_load(data=dash_data, source_sha256=dash_sha256, make_current=True) == (dash, False)
    assert list(Questionnaire.objects.filter(code="dash", is_current=True)) == [dash]


def test_the_force_version_loads_beside_dash_and_dash_assessments_keep_their_questions(dash, make_user, world):
    officer, handler = make_user(Role.RESPONSE_OFFICER), make_user(Role.CALL_HANDLER)
    before = draft(officer=officer, handler=handler, area=world.area)
    strangulation = Question.objects.get(section__questionnaire=dash, section__code="main", number=18)
    svc.assessment_answer(assessment=before, user=officer, question_id=strangulation.pk, value="yes")

    data, sha256 = questionnaire_from_file(path=FORCE_FILE)
    force, created = questionnaire_load(data=data, source_sha256=sha256, make_current=True)

    assert created
    force_questions = Question.objects.filter(section__questionnaire=force)
    assert force_questions.count() == Question.objects.filter(section__questionnaire=dash).count() == 48
    assert force_questions.get(section__code="main", number=18).wording != strangulation.wording
    # The assessment made with DASH still shows DASH's question, worded as it was asked.
    answer = AssessmentAnswer.objects.select_related("question").get(assessment=before)
    assert Assessment.objects.get(pk=before.pk).questionnaire == dash
    assert answer.question.wording == "Has (name of abuser) ever attempted to strangle, choke, suffocate or drown you?"
    # A new assessment uses the force's version; DASH can still be chosen for one.
    after = draft(officer=officer, handler=handler, area=world.area)
    assert after.questionnaire == force
    assert svc.current_questionnaire() == force
    dash.refresh_from_db()
    assert not dash.is_current
    assert Section.objects.filter(questionnaire=dash).count() == 3


def test_the_command_loads_a_file_and_says_so(dash):
    out = io.StringIO()
    call_command("load_questionnaire", str(FORCE_FILE), stdout=out)
    assert "Loaded dash 2009-police-example-force" in out.getvalue()
    assert "3 sections, 48 questions, 27 scored." in out.getvalue()
    assert "not the current version" in out.getvalue()

    out = io.StringIO()
    call_command("load_questionnaire", str(FORCE_FILE), stdout=out)
    assert "Already loaded with the same content: dash 2009-police-example-force" in out.getvalue()
    assert Questionnaire.objects.filter(version="2009-police-example-force").count() == 1


def test_the_command_with_current_switches_the_current_version(dash):
    out = io.StringIO()
    call_command("load_questionnaire", str(FORCE_FILE), "--current", stdout=out)
    assert "It is the current dash version." in out.getvalue()
    assert Questionnaire.objects.get(code="dash", is_current=True).version == "2009-police-example-force"

    out = io.StringIO()
    call_command("load_questionnaire", str(DASH_FILE), "--current", stdout=out)
    assert "Already loaded with the same content: dash 2009-police" in out.getvalue()
    assert Questionnaire.objects.get(code="dash", is_current=True) == dash


def test_the_command_turns_problems_into_a_command_error(dash, dash_data, tmp_path):
    _question(dash_data, 0, 18)["wording"] = ""
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(dash_data), encoding="utf-8")
    with pytest.raises(CommandError, match="question 18: wording is empty"):
        call_command("load_questionnaire", str(path))
    with pytest.raises(CommandError, match="cannot read the file"):
        call_command("load_questionnaire", str(tmp_path / "missing.json"))


def test_the_command_line_prints_the_error_without_a_traceback(dash, dash_data, tmp_path, capsys):
    dash_data["sections"][1]["questions"][0]["wording"] = "Are you frightened?"
    path = tmp_path / "changed.json"
    path.write_text(json.dumps(dash_data), encoding="utf-8")
    with pytest.raises(SystemExit) as exit_:
        execute_from_command_line(["manage.py", "load_questionnaire", str(path), "--skip-checks"])
    assert exit_.value.code == 1
    err = capsys.readouterr().err
    assert "CommandError:" in err
    assert "version already loaded with different content: give it a new version" in err
    assert "Traceback" not in err


def _migration():
    return importlib.import_module("risk.migrations.0002_load_dash_2009")


def test_the_migration_reverse_deletes_dash_only_when_no_assessment_used_it(dash, make_user, world):
    migration, editor = _migration(), SimpleNamespace(connection=connection)
    draft(officer=make_user(Role.RESPONSE_OFFICER), handler=make_user(Role.CALL_HANDLER), area=world.area)
    migration.unload_dash(apps, editor)
    assert Questionnaire.objects.filter(pk=dash.pk).exists()

    Assessment.objects.all().delete()
    migration.unload_dash(apps, editor)
    assert not Questionnaire.objects.filter(code="dash").exists()
    assert not Question.objects.filter(section__questionnaire_id=dash.pk).exists()


def test_the_migration_is_idempotent_and_leaves_a_force_version_current(dash):
    migration, editor = _migration(), SimpleNamespace(connection=connection)
    before = snapshot()
    migration.load_dash(apps, editor)
    assert snapshot() == before

    force_data, force_sha256 = questionnaire_from_file(path=FORCE_FILE)
    force, _ = questionnaire_load(data=force_data, source_sha256=force_sha256, make_current=True)
    dash.delete()
    migration.load_dash(apps, editor)
    reloaded = Questionnaire.objects.get(code="dash", version="2009-police")
    assert not reloaded.is_current
    assert Questionnaire.objects.get(code="dash", is_current=True) == force
    assert Question.objects.filter(section__questionnaire=reloaded).count() == 48


def test_a_force_may_mark_high_risk_at_fewer_yes_answers_than_the_national_14(db, dash_data):
    data = copy.deepcopy(dash_data)
    data.update(version="2009-police-strict", high_risk_threshold=12, medium_risk_threshold=8)
    questionnaire, created = load(data)
    assert created and (questionnaire.high_risk_threshold, questionnaire.medium_risk_threshold) == (12, 8)


@pytest.mark.parametrize("threshold", [0, 15, 27])
def test_the_database_refuses_a_high_risk_threshold_outside_the_national_figure(dash, threshold):
    from django.db import IntegrityError, transaction

    refused = pytest.raises(IntegrityError, match="questionnaire_high_risk_within_national")
    with refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE risk_questionnaire SET high_risk_threshold = %s WHERE id = %s", [threshold, dash.pk])
    dash.high_risk_threshold = threshold
    with pytest.raises(ValidationError) as caught:
        dash.full_clean()
    assert caught.value.message_dict["high_risk_threshold"] == [
        "High risk must be marked at 14 'yes' answers (the national figure) or fewer, and at least 1."
    ]


def test_the_shipped_dash_is_ensured_once_per_migrate(db, monkeypatch):
    """After migrate (or a flush) the current DASH is made sure of once, by risk itself, not again by core."""
    from django.core.management.sql import emit_post_migrate_signal

    from risk.services import questionnaires

    calls = []
    ensure = questionnaires.questionnaire_ensure_default
    monkeypatch.setattr(questionnaires, "questionnaire_ensure_default", lambda: calls.append(1) or ensure())
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert len(calls) == 1
    assert Questionnaire.objects.filter(code="dash", is_current=True).count() == 1
