"""Recompute every person's match data and keys, e.g. after a change to what matching may use."""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Q

from people.models import Address, DuplicateSuggestion, Person
from people.services import person_refresh_match


class Command(BaseCommand):
    help = (
        "Recompute the match data and keys of every person (idempotent). Run once after upgrading past the "
        "release that keeps confidential addresses out of search; it also clears the reasons of open duplicate "
        "suggestions that involve a confidential address, which may name it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, batch_size: int, **options):
        ids = list(Person.objects.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), batch_size):
            with transaction.atomic():
                for person in Person.objects.filter(pk__in=ids[start : start + batch_size]):
                    person_refresh_match(person=person)
        protected = Address.objects.protected().values("person_id")
        cleared = (
            DuplicateSuggestion.objects.filter(status=DuplicateSuggestion.Status.OPEN)
            .filter(Q(person_a__in=protected) | Q(person_b__in=protected))
            .update(reasons=[])
        )
        self.stdout.write(f"Refreshed {len(ids)} people; cleared the reasons of {cleared} open duplicate suggestions.")
