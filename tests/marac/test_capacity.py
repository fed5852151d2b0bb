"""IDVA and MARAC capacity with known numbers: each figure's definition and period, the same period on both
sides of every rate, short periods annualised, and the page saying so."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import Agency
from accounts.reach import Reach, reach
from accounts.roles import Role
from marac.models import IdvaService, MaracReferral
from marac.selectors import idva_capacity

from ..factories import AgencyFactory, AreaFactory, make_person
from .factories import refer


def _referral(world, user, area, *, days_ago: int, allocated=None, repeat=False) -> MaracReferral:
    referral = refer(world, user, victim=make_person(given_name=f"V{MaracReferral.objects.count()}"), area=area)
    criteria = ["professional_judgement", "repeat"] if repeat else ["professional_judgement"]
    at = timezone.now() - timedelta(days=days_ago)
    MaracReferral.objects.filter(pk=referral.pk).update(referred_at=at, criteria=criteria, idva_service=allocated)
    return referral


@pytest.fixture
def figures(world, make_user):
    today = timezone.localdate()
    pvp = make_user(Role.PVP_OFFICER, area=world.area)
    world.area.adult_female_population = 20_000
    world.area.save()
    world.other_area.adult_female_population = 10_000
    world.other_area.save()
    young = AreaFactory(force=world.force, name="West", code="west", adult_female_population=10_000)
    a = IdvaService.objects.create(
        area=world.area,
        agency=world.idva_service,
        staff_fte=Decimal("2.0"),
        caseload=150,
        referrals_last_year=220,
        figures_on=today - timedelta(days=10),
    )
    IdvaService.objects.create(
        area=world.area,
        agency=AgencyFactory(name="Second IDVA", kind=Agency.Kind.IDVA),
        staff_fte=Decimal("0.5"),
        caseload=40,
        referrals_last_year=30,
        figures_on=today - timedelta(days=100),
    )
    # North: records for over a year; 10 cases in the 365 days to today (4 allocated to an IDVA, 2 repeats).
    _referral(world, pvp, world.area, days_ago=400)
    _referral(world, pvp, world.area, days_ago=365)  # one day outside the 12 months
    for k in range(10):
        _referral(world, pvp, world.area, days_ago=364 if k == 0 else k, allocated=a if k < 4 else None, repeat=k >= 8)
    # South: records for 73 days only (5 cases), no IDVA service. West: 10 days of records, too few for a rate.
    for k in range(5):
        _referral(world, pvp, world.other_area, days_ago=72 if k == 0 else k)
    _referral(world, pvp, young, days_ago=9)
    return [world.area, world.other_area, young]


def _within(*areas) -> Reach:
    ids = frozenset(a.pk for a in areas)
    return Reach(force_id=areas[0].force_id, area_ids=ids, own_area_ids=ids)


def test_each_figure_counts_what_it_says_over_its_period(figures, django_assert_max_num_queries):
    today = timezone.localdate()
    with django_assert_max_num_queries(3):
        north, south, west = idva_capacity(within=_within(*figures), today=today)
    # The services' own figures: 250 referrals in 12 months and 190 open cases, for 2.5 FTE.
    assert (north.staff_fte, north.referrals_reported, north.referrals_per_fte) == (Decimal("2.5"), 250, 100.0)
    assert (north.caseload, north.caseload_per_fte) == (190, 76.0)
    assert north.figures_on == today - timedelta(days=100) and north.figures_stale  # the older date of the two
    # MARAC as recorded here: the 365 days to today, both sides of each rate counted over them.
    assert (north.period_start, north.period_days, north.annualised) == (today - timedelta(days=364), 365, False)
    assert (north.marac_cases, north.marac_cases_a_year, north.cases_per_10k_women) == (10, 10.0, 5.0)
    assert (north.idva_allocated, north.idva_allocated_per_fte_a_year) == (4, 1.6)
    assert (north.repeats, north.repeat_rate) == (2, 0.2)
    # 73 days of records: 5 cases are 25 a year, 25 per 10,000 women; no IDVA service, no IDVA figure.
    assert (south.period_start, south.period_days, south.annualised) == (today - timedelta(days=72), 73, True)
    assert (south.marac_cases, south.marac_cases_a_year, south.cases_per_10k_women) == (5, 25.0, 25.0)
    assert (south.services, south.referrals_per_fte, south.caseload_per_fte) == (0, None, None)
    assert south.idva_allocated_per_fte_a_year is None and south.repeat_rate == 0.0
    # 10 days: counted, never turned into a yearly rate.
    assert (west.marac_cases, west.marac_cases_a_year, west.cases_per_10k_women) == (1, None, None)


def test_a_service_without_its_referral_figure_gives_no_referral_rate(world):
    IdvaService.objects.create(area=world.area, agency=world.idva_service, staff_fte=Decimal("1.0"), caseload=70)
    [row] = idva_capacity(within=_within(world.area), today=timezone.localdate())
    assert (row.referrals_reported, row.referrals_per_fte, row.caseload_per_fte, row.figures_on) == (
        None,
        None,
        70.0,
        None,
    )
    assert (row.marac_cases, row.repeat_rate) == (0, None)


def test_figures_of_a_day_to_come_are_refused(world):
    service = IdvaService(
        area=world.area,
        agency=world.idva_service,
        staff_fte=Decimal("1.0"),
        figures_on=timezone.localdate() + timedelta(days=1),
    )
    with pytest.raises(ValidationError) as exc:
        service.full_clean()
    assert "figures_on" in exc.value.message_dict


def test_the_page_says_each_definition_and_period(client, figures, make_user, world):
    analyst = make_user(Role.ANALYST, area=world.area)
    analyst.areas.add(world.other_area)
    client.force_login(analyst)
    page = client.get(reverse("marac:capacity")).content.decode()
    today = timezone.localdate()
    assert "Referrals the IDVA services received in the 12 months to the date of their figures" in page
    assert "Open cases on the date of the services' figures" in page
    assert f"Figures of {today - timedelta(days=100):%d/%m/%Y}" in page and "Out of date" in page
    assert f"{today - timedelta(days=364):%d/%m/%Y} to {today:%d/%m/%Y} (365 days)" in page
    assert f"{today - timedelta(days=72):%d/%m/%Y} to {today:%d/%m/%Y} (73 days): 25 a year, annualised" in page
    assert "250 referrals" in page and "190 cases" in page and "2 of 10" in page


def test_capacity_counts_whole_areas_within_reach_and_nothing_of_another_force(figures, make_user, world):
    """An IDVA given the analyst's role sees their own area counted whole (both agencies' services), not
    narrowed to their agency; the neighbouring force's analyst sees only their own force's area."""
    today = timezone.localdate()
    idva = make_user(Role.IDVA, Role.ANALYST, area=world.area)
    [north] = idva_capacity(within=reach(idva, "marac.view_idva_capacity", partners=True), today=today)
    assert (north.area_name, north.services, north.staff_fte, north.marac_cases) == (
        world.area.name,
        2,
        Decimal("2.5"),
        10,
    )
    neighbour = make_user(Role.ANALYST, area=world.other_force_area)
    [east] = idva_capacity(within=reach(neighbour, "marac.view_idva_capacity", partners=True), today=today)
    assert (east.area_name, east.services, east.marac_cases) == (world.other_force_area.name, 0, 0)
    assert (
        idva_capacity(within=reach(make_user(Role.IDVA, area=world.area), "marac.view_idva_capacity"), today=today)
        == []
    )
