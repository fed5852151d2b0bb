"""load_questionnaire: load a risk questionnaire version (DASH, a force's wording, DARA) from its JSON file."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from risk.models import Question
from risk.services.questionnaires import questionnaire_from_file, questionnaire_load


class Command(BaseCommand):
    help = (
        "Load a risk questionnaire version from its JSON file (see risk/data/). Loading the same file again "
        "changes nothing; a changed file needs a new version."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="The questionnaire's JSON file.")
        parser.add_argument(
            "--current",
            action="store_true",
            help="Make this the version new assessments use, in place of the current one of its code.",
        )

    def handle(self, *args, path: str, current: bool, **options) -> None:
        try:
            data, sha256 = questionnaire_from_file(path=path)
            questionnaire, created = questionnaire_load(data=data, source_sha256=sha256, make_current=current)
        except ValidationError as error:
            problems = "\n".join(f"  {message}" for message in error.messages)
            raise CommandError(f"{path} was not loaded:\n{problems}") from error
        label = f"{questionnaire.code} {questionnaire.version} ({questionnaire.name})"
        if created:
            questions = Question.objects.filter(section__questionnaire=questionnaire)
            message = (
                f"Loaded {label}: {questionnaire.sections.count()} sections, {questions.count()} questions, "
                f"{questions.filter(counts_to_score=True).count()} scored."
            )
        else:
            message = f"Already loaded with the same content: {label}. Nothing in it changed."
        if questionnaire.is_current:
            message += f" It is the current {questionnaire.code} version."
        else:
            message += " It is not the current version: load it with --current to use it for new assessments."
        self.stdout.write(self.style.SUCCESS(message))
