"""The demo seed (`make run`): a bounded number of queries, nothing twice, records as the services write them.

The bound is a load-independent guard for the seed's speed: written row by row it took ~68,000 queries
(three minutes and more on a busy machine), in batches ~5,900.
"""

from django.core.management import call_command

from accounts.models import User
from incidents.models import Incident
from incidents.selectors import closure_problems
from people.match_data import match_data_of, match_record_of
from people.matching import match_keys
from people.models import DuplicateSuggestion, MatchKey, Person
from people.selectors import person_search

SEED_QUERIES = 7_300  # about 10% above today's count (6,613 with the safeguarding demo)
RESEED_QUERIES = 100  # a second run only finds that everything is there


def _counts() -> dict[str, int]:
    from django.apps import apps

    return {m._meta.label: m.objects.count() for m in apps.get_models() if m._meta.app_label != "contenttypes"}


def test_the_seed_stays_within_its_query_bound_and_a_second_run_adds_nothing(db, django_assert_max_num_queries):
    with django_assert_max_num_queries(SEED_QUERIES):
        call_command("seed_demo")
    counts = _counts()
    with django_assert_max_num_queries(RESEED_QUERIES):
        call_command("seed_demo")
    assert _counts() == counts


def test_the_seeded_records_are_what_the_services_would_have_written(db, capsys):
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert "seed: people 331" in out and "seed: DASH assessments" in out  # progress, step by step
    # Every call past the handler is ready for sign-off by the closure rule itself.
    calls = Incident.objects.exclude(status=Incident.Status.OPEN).select_related("area__force")
    assert calls.count() > 200
    assert {c.reference: closure_problems(c) for c in calls if closure_problems(c)} == {}
    assert not Incident.objects.filter(crime_decision="crime", crimes__isnull=True).exists()
    assert not Incident.objects.filter(crimes__isnull=False).exclude(crime_decision="crime").exists()
    # Each person's match data and keys are exactly what person_refresh_match keeps: the search finds them.
    people = list(
        Person.objects.filter(force__code="demo").prefetch_related("aliases", "addresses", "phones").order_by("pk")
    )
    assert len(people) == 331
    for person in people:
        record = match_record_of(person)
        assert person.match_data == match_data_of(record)
        stored = set(MatchKey.objects.filter(person=person).values_list("kind", "value"))
        assert stored == set(match_keys(record)), person
    handler = User.objects.get(username="handler")
    for person in people[::40]:
        found = person_search(match_record_of(person), user=handler, limit=3)
        assert person.pk in [c.person_id for c in found], person


def test_the_neighbouring_force_has_its_own_people_and_calls_that_the_demo_force_never_sees(db):
    """The demo's second force (a regional collaboration): its twin of a demo victim is another force's record."""
    call_command("seed_demo")
    handler, neighbour = User.objects.get(username="handler"), User.objects.get(username="nb_handler")
    theirs = Person.objects.filter(force__code="neighbour")
    assert theirs.count() == 24 and Incident.objects.filter(area__force__code="neighbour").count() == 12
    twin = theirs.order_by("pk").first()
    ours = Person.objects.filter(
        force__code="demo", given_name=twin.given_name, surname=twin.surname, date_of_birth=twin.date_of_birth
    ).first()
    assert ours is not None
    assert not DuplicateSuggestion.objects.filter(person_a__in=[twin, ours], person_b__in=[twin, ours]).exists()
    for user, mine, other in ((handler, ours, twin), (neighbour, twin, ours)):
        found = [c.person_id for c in person_search(match_record_of(mine), user=user, limit=10)]
        assert mine.pk in found and other.pk not in found
        assert not Incident.objects.visible_to(user).filter(area__force=other.force).exists()
        assert not Person.objects.visible_to(user).filter(pk=other.pk).exists()
