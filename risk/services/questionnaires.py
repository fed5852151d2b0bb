"""Loading a risk questionnaire (DASH, a force's own wording, DARA) from its JSON file as a new version.

A version, once loaded, never changes: assessments keep the version they used and must always show the
questions exactly as they were asked. A changed file is loaded under a new version and made current.

The file's shape (see risk/data/dash-2009-police.json)::

    {"code", "version", "name", "description"?, "high_risk_threshold", "medium_risk_threshold",
     "sections": [{"code", "title", "introduction"?, "is_supplement"?, "order",
                   "questions": [{"number", "topic", "wording", "guidance"?, "counts_to_score"}]}]}

``questionnaire_load_into`` takes the model classes as arguments so that the data migration can load DASH
with its historical models.
"""

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from accounts.models import User

from ..models import Question, Questionnaire, Section
from ..models.questionnaire import VISIBLE_HIGH_RISK_YES

SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")
SHA256 = re.compile(r"^[0-9a-f]{64}$")
SMALLINT_MAX = 32767


class QuestionnaireModels(NamedTuple):
    """The three model classes a questionnaire is written to: the real ones, or a migration's historical ones."""

    questionnaire: Any
    section: Any
    question: Any


@dataclass(frozen=True)
class _Field:
    kind: str  # "text", "slug", "int", "bool" or "list"
    required: bool = True
    max_length_of: str | None = None  # "questionnaire.name": the model field whose max_length bounds the text
    minimum: int = 0


# The fields of each level of the file.
_QUESTIONNAIRE_FIELDS = {
    "code": _Field("slug", max_length_of="questionnaire.code"),
    "version": _Field("text", max_length_of="questionnaire.version"),
    "name": _Field("text", max_length_of="questionnaire.name"),
    "description": _Field("text", required=False),
    "high_risk_threshold": _Field("int", minimum=1),
    "medium_risk_threshold": _Field("int", minimum=1),
    "sections": _Field("list"),
}
_SECTION_FIELDS = {
    "code": _Field("slug", max_length_of="section.code"),
    "title": _Field("text", max_length_of="section.title"),
    "introduction": _Field("text", required=False),
    "is_supplement": _Field("bool", required=False),
    "order": _Field("int"),
    "questions": _Field("list"),
}
_QUESTION_FIELDS = {
    "number": _Field("int", minimum=1),
    "topic": _Field("text", max_length_of="question.topic"),
    "wording": _Field("text"),
    "guidance": _Field("text", required=False),
    "counts_to_score": _Field("bool"),
}
_DEFAULTS = {"text": "", "bool": False}


def questionnaire_sha256(*, data: dict) -> str:
    """The SHA-256 of the content in canonical form: re-indenting the file or changing its line endings is no change."""
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict:
    keys = [key for key, _ in pairs]
    duplicates = sorted({key for key in keys if keys.count(key) > 1})
    if duplicates:
        raise ValueError(f"the key {duplicates[0]!r} appears twice in one object")
    return dict(pairs)


def questionnaire_from_file(*, path: str | Path) -> tuple[dict, str]:
    """Read a questionnaire file: its data and the SHA-256 to load it with. Raises ValidationError if unreadable."""
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as error:
        raise ValidationError(f"{path}: cannot read the file ({error.strerror}).") from error
    except UnicodeDecodeError as error:
        raise ValidationError(f"{path}: not UTF-8 text ({error.reason} at byte {error.start}).") from error
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicate_keys)
    except json.JSONDecodeError as error:
        raise ValidationError(
            f"{path}: not valid JSON ({error.msg} at line {error.lineno}, column {error.colno})."
        ) from error
    except ValueError as error:
        raise ValidationError(f"{path}: {error}.") from error
    if not isinstance(data, dict):
        raise ValidationError(f"{path}: expected a JSON object with code, version, name and sections.")
    return data, questionnaire_sha256(data=data)


def _max_length(models: QuestionnaireModels, spec: str) -> int | None:
    model_key, field_name = spec.split(".")
    return getattr(models, model_key)._meta.get_field(field_name).max_length


def _read(obj: Any, where: str, fields: dict[str, _Field], models: QuestionnaireModels, errors: list[str]) -> dict:
    """The cleaned fields of one level of the file; each problem is added to ``errors`` naming ``where``."""
    if not isinstance(obj, dict):
        errors.append(f"{where}: expected an object with {', '.join(fields)}.")
        return {}
    unknown = sorted(set(obj) - set(fields))
    if unknown:
        errors.append(f"{where}: unknown field(s) {', '.join(unknown)}.")
    cleaned: dict[str, Any] = {}
    for name, field in fields.items():
        if name not in obj or obj[name] is None:
            if field.required:
                errors.append(f"{where}: missing {name}.")
            elif field.kind in _DEFAULTS:
                cleaned[name] = _DEFAULTS[field.kind]
            continue
        value = obj[name]
        if field.kind in ("text", "slug"):
            if not isinstance(value, str):
                errors.append(f"{where}: {name} must be text.")
                continue
            value = value.strip()
            limit = _max_length(models, field.max_length_of) if field.max_length_of else None
            if field.required and not value:
                errors.append(f"{where}: {name} is empty.")
            elif limit and len(value) > limit:
                errors.append(f"{where}: {name} is {len(value)} characters long; at most {limit} fit.")
            elif field.kind == "slug" and not SLUG.match(value):
                errors.append(f"{where}: {name} {value!r} may only have letters, digits, hyphens and underscores.")
        elif field.kind == "int":
            # bool is a subclass of int: true is not a number here.
            if not isinstance(value, int) or isinstance(value, bool):
                errors.append(f"{where}: {name} must be a whole number.")
                continue
            if not field.minimum <= value <= SMALLINT_MAX:
                errors.append(f"{where}: {name} must be between {field.minimum} and {SMALLINT_MAX}.")
        elif field.kind == "bool" and not isinstance(value, bool):
            errors.append(f"{where}: {name} must be true or false.")
            continue
        elif field.kind == "list" and not isinstance(value, list):
            errors.append(f"{where}: {name} must be a list.")
            continue
        cleaned[name] = value
    return cleaned


def questionnaire_parse(*, data: Any, models: QuestionnaireModels) -> dict:
    """The questionnaire's cleaned data, or a ValidationError listing every problem, each naming where it is."""
    errors: list[str] = []
    top = _read(data, "questionnaire", _QUESTIONNAIRE_FIELDS, models, errors)
    sections: list[dict] = []
    section_codes: set[str] = set()
    section_orders: set[int] = set()
    for position, raw_section in enumerate(top.get("sections", []), start=1):
        code = raw_section.get("code") if isinstance(raw_section, dict) else None
        where = f'section "{code}"' if isinstance(code, str) and code.strip() else f"section {position} in the list"
        section = _read(raw_section, where, _SECTION_FIELDS, models, errors)
        if "code" in section:
            if section["code"] in section_codes:
                errors.append(f'{where}: section code "{section["code"]}" is used twice.')
            section_codes.add(section["code"])
        if "order" in section:
            if section["order"] in section_orders:
                errors.append(f"{where}: section order {section['order']} is used twice.")
            section_orders.add(section["order"])
        if "questions" in section and not section["questions"]:
            errors.append(f"{where}: has no questions.")
        questions: list[dict] = []
        numbers: set[int] = set()
        for index, raw_question in enumerate(section.get("questions", []), start=1):
            number = raw_question.get("number") if isinstance(raw_question, dict) else None
            is_number = isinstance(number, int) and not isinstance(number, bool)
            question_where = f"{where}, question {number}" if is_number else f"{where}, question {index} in the list"
            question = _read(raw_question, question_where, _QUESTION_FIELDS, models, errors)
            if "number" in question:
                if question["number"] in numbers:
                    errors.append(f"{where}: question number {question['number']} is used twice.")
                numbers.add(question["number"])
            questions.append(question)
        section["questions"] = questions
        sections.append(section)

    scored = sum(1 for s in sections for q in s["questions"] if q.get("counts_to_score"))
    if "sections" in top:
        if not sections:
            errors.append("questionnaire: has no sections.")
        elif scored == 0:
            errors.append("questionnaire: no question counts towards the score (counts_to_score is false for all).")
    medium, high = top.get("medium_risk_threshold"), top.get("high_risk_threshold")
    if isinstance(medium, int) and isinstance(high, int):
        if medium >= high:
            errors.append(
                f"questionnaire: medium_risk_threshold ({medium}) must be lower than high_risk_threshold ({high})."
            )
        elif scored and high > scored:
            errors.append(
                f"questionnaire: high_risk_threshold ({high}) is more than the {scored} scored questions: "
                "no assessment could reach it."
            )
        if high > VISIBLE_HIGH_RISK_YES:
            errors.append(
                f"questionnaire: high_risk_threshold ({high}) is above the national {VISIBLE_HIGH_RISK_YES}: "
                "a force may mark high risk at fewer 'yes' answers, never at more."
            )
    if errors:
        raise ValidationError(errors)
    top["sections"] = sections
    return top


def questionnaire_load_into(
    *,
    models: QuestionnaireModels,
    data: Any,
    source_sha256: str,
    user: User | None = None,
    make_current: bool = False,
    using: str = DEFAULT_DB_ALIAS,
) -> tuple[Any, bool]:
    """``questionnaire_load`` with the model classes given: see there."""
    if not SHA256.match(source_sha256):
        raise ValueError("source_sha256 must be 64 lower-case hexadecimal digits.")
    cleaned = questionnaire_parse(data=data, models=models)
    code, version = cleaned["code"], cleaned["version"]
    with transaction.atomic(using=using):
        # One load per code at a time, so that two loads cannot both insert the version or both make one current.
        with connections[using].cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext('questionnaire_load'), hashtext(%s))", [code])
        manager = models.questionnaire._default_manager.db_manager(using)
        questionnaire = manager.filter(code=code, version=version).first()
        created = questionnaire is None
        if questionnaire is not None and questionnaire.source_sha256 != source_sha256:
            raise ValidationError(
                f"{code} {version}: version already loaded with different content: give it a new version. "
                "Assessments made with the loaded version must still show its questions exactly as they were asked."
            )
        if questionnaire is None:
            questionnaire = manager.create(
                code=code,
                version=version,
                name=cleaned["name"],
                description=cleaned["description"],
                high_risk_threshold=cleaned["high_risk_threshold"],
                medium_risk_threshold=cleaned["medium_risk_threshold"],
                source_sha256=source_sha256,
                loaded_by=user,
            )
            for section_data in cleaned["sections"]:
                section = models.section._default_manager.db_manager(using).create(
                    questionnaire=questionnaire,
                    code=section_data["code"],
                    title=section_data["title"],
                    introduction=section_data["introduction"],
                    is_supplement=section_data["is_supplement"],
                    order=section_data["order"],
                )
                models.question._default_manager.db_manager(using).bulk_create(
                    models.question(section=section, **question_data) for question_data in section_data["questions"]
                )
        if make_current and not questionnaire.is_current:
            # Unset first: the partial unique constraint allows one current version per code at any moment.
            manager.filter(code=code, is_current=True).update(is_current=False)
            questionnaire.is_current = True
            questionnaire.save(update_fields=["is_current"])
    return questionnaire, created


def questionnaire_load(
    *, data: dict, source_sha256: str, user: User | None = None, make_current: bool = False
) -> tuple[Questionnaire, bool]:
    """Load one version of a questionnaire, all in one transaction; returns it and whether it was new.

    Loading a version already loaded with the same content changes nothing (besides making it current when
    asked); the same code and version with other content is refused. ``make_current`` makes this the version
    new assessments use, in place of the code's current one. Raises ValidationError naming each problem.
    """
    return questionnaire_load_into(
        models=QuestionnaireModels(Questionnaire, Section, Question),
        data=data,
        source_sha256=source_sha256,
        user=user,
        make_current=make_current,
    )


DEFAULT_QUESTIONNAIRE = Path(__file__).resolve().parent.parent / "data" / "dash-2009-police.json"


def questionnaire_ensure_default() -> Questionnaire:
    """The current DASH, loading the shipped DASH 2009 file when no version is current (a new or emptied database)."""
    current = Questionnaire.objects.filter(code="dash", is_current=True).first()
    if current is not None:
        return current
    data, sha256 = questionnaire_from_file(path=DEFAULT_QUESTIONNAIRE)
    questionnaire, _ = questionnaire_load(data=data, source_sha256=sha256, make_current=True)
    return questionnaire
