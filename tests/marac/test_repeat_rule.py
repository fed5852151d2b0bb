"""Repeat MARAC and the other 12-month rules, from outside: one rule for the flag and the criterion, each incident
flagged and notified once, calendar months by local date at the edges (29 February, summer time, the same date
twelve months on at a later hour)."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from accounts.roles import Role
from core.models import Notification
from marac.models import Criterion, MaracReferral, MaracRepeat
from marac.selectors import twelve_month_flags
from marac.services import flag_repeats, referral_criteria

from ..factories import make_person
from ..incidents.helpers import log_incident
from .factories import make_meeting, move_to, refer

UK = ZoneInfo("Europe/London")


def uk(*args) -> datetime:
    return datetime(*args, tzinfo=UK)


def _referral(world, personas, victim, perpetrators, at: datetime) -> MaracReferral:
    """A referral made (and heard) at ``at``, as time passing would leave it."""
    referral = refer(world, personas.pvp_officer, victim=victim, perpetrators=perpetrators)
    MaracReferral.objects.filter(pk=referral.pk).update(referred_at=at)
    move_to(referral, make_meeting(world, days=-1 - len(MaracReferral.objects.all())))
    referral.refresh_from_db()
    return referral


def _repeat_met(victim, perpetrators, world, now) -> bool:
    checks = referral_criteria(victim=victim, perpetrator_ids=[p.pk for p in perpetrators], area=world.area, now=now)
    return next(c for c in checks if c.criterion == Criterion.REPEAT).met


class TestOneRule:
    def test_an_incident_repeats_only_the_victims_last_referral(self, personas, world):
        """The flag and the criterion both look at the last referral: a perpetrator of an older one alone is not
        a repeat, for either."""
        victim, old, new = make_person(given_name="Vera"), make_person(given_name="Old"), make_person(given_name="New")
        now = uk(2025, 9, 1, 12, 0)
        _referral(world, personas, victim, [old], now - timedelta(days=200))
        last = _referral(world, personas, victim, [new], now - timedelta(days=100))
        with_old = log_incident(user=personas.handler, area=world.area, victim=victim, suspect=old, received_at=now)
        assert not MaracRepeat.objects.filter(incident=with_old).exists()
        assert not _repeat_met(victim, [old], world, now + timedelta(hours=1))
        with_new = log_incident(user=personas.handler, area=world.area, victim=victim, suspect=new, received_at=now)
        assert MaracRepeat.objects.get(incident=with_new).referral == last
        assert _repeat_met(victim, [new], world, now + timedelta(hours=1))

    def test_two_referrals_in_the_year_give_one_flag_and_one_notice(self, personas, world, send_outbox):
        victim, suspect = make_person(given_name="Rita"), make_person(given_name="Ray")
        now = uk(2025, 9, 1, 12, 0)
        _referral(world, personas, victim, [suspect], now - timedelta(days=200))
        last = _referral(world, personas, victim, [suspect], now - timedelta(days=100))
        incident = log_incident(user=personas.handler, area=world.area, victim=victim, suspect=suspect, received_at=now)
        flag = MaracRepeat.objects.get()
        assert (flag.referral, flag.incident, flag.victim) == (last, incident, victim)
        assert Notification.objects.filter(user=personas.coordinator, kind="marac_repeat").count() == 1
        # Checked again (a replayed signal, a second receiver): no second flag, no second notice or e-mail.
        assert flag_repeats(incident=incident) == []
        assert MaracRepeat.objects.count() == 1 and Notification.objects.filter(kind="marac_repeat").count() == 1
        [email] = send_outbox()
        assert email.to == [personas.coordinator.email]
        assert incident.reference in email.body and last.reference in email.body
        assert "Rita" not in email.subject + email.body and "Ray" not in email.subject + email.body

    def test_the_database_holds_an_incident_to_one_flag_per_victim(self, personas, world):
        from django.db import IntegrityError, transaction

        victim, suspect = make_person(), make_person(given_name="Ray")
        now = uk(2025, 9, 1, 12, 0)
        first = _referral(world, personas, victim, [suspect], now - timedelta(days=200))
        _referral(world, personas, victim, [suspect], now - timedelta(days=100))
        incident = log_incident(user=personas.handler, area=world.area, victim=victim, suspect=suspect, received_at=now)
        with pytest.raises(IntegrityError), transaction.atomic():
            MaracRepeat.objects.create(referral=first, incident=incident, victim=victim)


@pytest.mark.parametrize(
    "referred_at, received_at, repeat",
    [
        # The same date twelve months on, at a later hour than the referral: a repeat (365 x 24 hours said no).
        (uk(2024, 6, 10, 9, 0), uk(2025, 6, 10, 23, 0), True),
        (uk(2024, 6, 10, 9, 0), uk(2025, 6, 11, 0, 5), False),
        # Twelve months from 29 February end on 28 February.
        (uk(2024, 2, 29, 10, 0), uk(2025, 2, 28, 9, 0), True),
        (uk(2024, 2, 29, 10, 0), uk(2025, 3, 1, 0, 5), False),
        # Across 29 February twelve calendar months are counted (366 days).
        (uk(2023, 3, 1, 18, 0), uk(2024, 3, 1, 20, 0), True),
        # 00:30 BST on 10 June (23:30 UTC on the 9th): the 12 months run to 10 June, local time.
        (datetime(2024, 6, 9, 23, 30, tzinfo=UTC), uk(2025, 6, 10, 23, 30), True),
        (datetime(2024, 6, 9, 23, 30, tzinfo=UTC), uk(2025, 6, 11, 0, 10), False),
    ],
)
def test_within_12_months_of_the_referral_by_local_date(personas, world, referred_at, received_at, repeat):
    victim, suspect = make_person(), make_person(given_name="Ray")
    _referral(world, personas, victim, [suspect], referred_at)
    incident = log_incident(
        user=personas.handler, area=world.area, victim=victim, suspect=suspect, received_at=received_at
    )
    assert MaracRepeat.objects.filter(incident=incident).exists() is repeat
    assert _repeat_met(victim, [suspect], world, received_at + timedelta(days=3)) is repeat


@pytest.mark.parametrize(
    "oldest, met",
    [
        (uk(2024, 6, 10, 0, 30), True),  # the same date twelve months before, earlier in the day than now
        (uk(2024, 6, 9, 23, 59), False),
    ],
)
def test_potential_escalation_counts_12_calendar_months(personas, world, oldest, met):
    victim = make_person()
    for at in (oldest, uk(2025, 1, 5, 10, 0), uk(2025, 5, 1, 10, 0)):
        log_incident(user=personas.handler, area=world.area, victim=victim, received_at=at)
    checks = referral_criteria(victim=victim, perpetrator_ids=[], area=world.area, now=uk(2025, 6, 10, 9, 0))
    assert next(c for c in checks if c.criterion == Criterion.POTENTIAL_ESCALATION).met is met


@pytest.mark.parametrize(
    "referred_at, today, flagged",
    [
        (uk(2024, 2, 29, 23, 30), date(2025, 2, 28), False),  # the last day of its 12 months
        (uk(2024, 2, 29, 23, 30), date(2025, 3, 1), True),
        (uk(2024, 3, 1, 0, 10), date(2025, 3, 1), False),
        (uk(2023, 3, 1, 12, 0), date(2024, 3, 1), False),  # across 29 February: 366 days, still 12 months
        (uk(2023, 3, 1, 12, 0), date(2024, 3, 2), True),
        (datetime(2024, 6, 9, 23, 30, tzinfo=UTC), date(2025, 6, 10), False),  # referred on 10 June, local time
        (datetime(2024, 6, 9, 23, 30, tzinfo=UTC), date(2025, 6, 11), True),
    ],
)
def test_the_12_month_flag_by_local_date(personas, world, referred_at, today, flagged):
    referral = _referral(world, personas, make_person(), [], referred_at)
    found = [f["victim_id"] for f in twelve_month_flags(personas.coordinator, today=today)]
    assert (referral.victim_id in found) is flagged
    recent = [f["victim_id"] for f in twelve_month_flags(personas.coordinator, today=today, within_days=30)]
    assert recent == found
    later = today + timedelta(days=40)
    assert referral.victim_id not in [
        f["victim_id"] for f in twelve_month_flags(personas.coordinator, today=later, within_days=30)
    ]


class TestMinutesDay:
    """Minutes are written from the meeting's date on: the case page offers the form then, the service refuses
    before, and both ways in say so beside the field."""

    def _case(self, world, personas, starts_at):
        referral = refer(world, personas.pvp_officer, victim=make_person())
        meeting = make_meeting(world)
        meeting.starts_at = starts_at
        meeting.save(update_fields=["starts_at"])
        move_to(referral, meeting)
        return referral

    def test_minutes_before_the_meeting_day_are_refused_beside_the_field(
        self, client, as_user, make_user, personas, world
    ):
        from django.utils import timezone

        tomorrow = timezone.localdate() + timedelta(days=1)
        referral = self._case(world, personas, uk(tomorrow.year, tomorrow.month, tomorrow.day, 0, 1))
        chair = make_user(Role.MARAC_CHAIR)
        client.force_login(chair)
        page = client.get(referral.get_absolute_url())
        assert 'name="minutes-minutes"' not in page.content.decode()
        url = reverse("marac:referral_minutes", args=[referral.pk])
        response = client.post(url, {"minutes-minutes": "Too soon", "minutes-version": 1})
        assert response.status_code == 400
        assert "minutes" in response.context["forms"]["minutes"].errors
        api = as_user(chair).post(
            reverse("marac-referral-minutes", args=[referral.pk]), {"minutes": "Too soon", "version": 1}
        )
        assert api.status_code == 400 and "minutes" in api.json()["errors"]
        assert MaracReferral.objects.get(pk=referral.pk).minutes == ""

    def test_minutes_on_the_meeting_day_are_taken(self, client, make_user, personas, world):
        from django.utils import timezone

        today = timezone.localdate()
        referral = self._case(world, personas, uk(today.year, today.month, today.day, 23, 59))
        client.force_login(make_user(Role.MARAC_CHAIR))
        assert 'name="minutes-minutes"' in client.get(referral.get_absolute_url()).content.decode()
        url = reverse("marac:referral_minutes", args=[referral.pk])
        assert client.post(url, {"minutes-minutes": "Safety plan", "minutes-version": 1}).status_code == 302
        assert MaracReferral.objects.get(pk=referral.pk).minutes == "Safety plan"


def test_a_partners_dash_count_is_judged_by_the_current_questionnaires_threshold(personas, world, make_user):
    from marac.forms import PartnerReferralForm
    from risk.models import Questionnaire

    Questionnaire.objects.filter(is_current=True).update(high_risk_threshold=12)
    idva = make_user(Role.IDVA)
    labels = dict(PartnerReferralForm(user=idva).fields["criteria"].choices)
    assert labels[Criterion.VISIBLE_HIGH_RISK] == "Visible high risk (12 or more 'yes' answers on your DASH)"
    checks = referral_criteria(victim=make_person(), perpetrator_ids=[], area=world.area, referrer_dash_yes=12)
    assert next(c for c in checks if c.criterion == Criterion.VISIBLE_HIGH_RISK).met
