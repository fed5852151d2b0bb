"""Protection notices and orders: the rank the rules name, never the drafter, never under 18, the order's term and
notification clock, breaches linked to incidents, reach (another area or force is 404), hostile input."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import Rank
from accounts.roles import Role
from safeguarding import services
from safeguarding.models import Breach, ProtectionNotice
from safeguarding.policies import can_authorise_notice

from .factories import STAY_AWAY, adult, draft, served, superintendent


@pytest.fixture
def team(personas, world):
    return {"officer": personas[Role.RESPONSE_OFFICER], "handler": personas[Role.CALL_HANDLER], "area": world.area}


def _draft(team, **kwargs):
    return draft(officer=team["officer"], handler=team["handler"], area=team["area"], **kwargs)


# Who may authorise which notice: the rank from the rules (superintendent for a DVPN, inspector for a DAPN).
RANK_CASES = [
    ("dvpn", Rank.SUPERINTENDENT, True),
    ("dvpn", Rank.CHIEF_CONSTABLE, True),
    ("dvpn", Rank.CHIEF_INSPECTOR, False),
    ("dvpn", Rank.INSPECTOR, False),
    ("dapn", Rank.INSPECTOR, True),
    ("dapn", Rank.SUPERINTENDENT, True),
    ("dapn", Rank.SERGEANT, False),
    ("dapn", Rank.NONE, False),
]


@pytest.mark.parametrize(("kind", "rank", "allowed"), RANK_CASES)
def test_the_rank_the_rules_name_authorises(team, make_user, kind, rank, allowed):
    notice = _draft(team, kind=kind)
    senior = make_user(Role.SENIOR_OFFICER, rank=rank)
    assert bool(can_authorise_notice(senior, notice)) is allowed
    if allowed:
        done = services.notice_authorise(notice=notice, user=senior, rationale="Necessary to protect her.")
        assert done.status == ProtectionNotice.Status.AUTHORISED and done.authorised_rank == rank
    else:
        with pytest.raises(ValidationError, match="or above"):
            services.notice_authorise(notice=notice, user=senior, rationale="Necessary.")
        notice.refresh_from_db()
        assert notice.status == ProtectionNotice.Status.DRAFT and notice.authorised_by is None


def test_the_drafter_never_authorises_even_at_the_right_rank(team, make_user, client):
    drafter = make_user(Role.PVP_SUPERVISOR, rank=Rank.SUPERINTENDENT)  # may draft and authorise
    incident_notice = draft(officer=drafter, handler=team["handler"], area=team["area"])
    assert not can_authorise_notice(drafter, incident_notice)
    with pytest.raises(ValidationError, match="You drafted"):
        services.notice_authorise(notice=incident_notice, user=drafter, rationale="Mine.")
    # The page says why and shows no button; a post anyway is refused with nothing saved.
    client.force_login(drafter)
    page = client.get(incident_notice.get_absolute_url())
    assert "You drafted this notice" in page.content.decode() and b"Authorise DVPN" not in page.content
    response = client.post(
        reverse("safeguarding:notice_authorise", args=[incident_notice.pk]), {"authorise-rationale": "Mine."}
    )
    assert response.status_code == 400
    incident_notice.refresh_from_db()
    assert incident_notice.status == ProtectionNotice.Status.DRAFT


def test_the_database_refuses_a_drafter_authorising(team):
    notice = _draft(team)
    with pytest.raises(IntegrityError, match="protectionnotice_not_authorised_by_drafter"), transaction.atomic():
        ProtectionNotice.objects.filter(pk=notice.pk).update(
            authorised_by=notice.drafted_by, authorised_at=timezone.now()
        )


@pytest.mark.parametrize(
    ("born", "allowed"),
    [
        (lambda today: today.replace(year=today.year - 18), True),  # 18 today
        (lambda today: today.replace(year=today.year - 18) + timedelta(days=1), False),  # 18 tomorrow
        (lambda today: date(2012, 1, 1), False),
    ],
)
def test_never_for_a_person_under_18(team, born, allowed):
    subject = adult(given_name="Young", date_of_birth=born(timezone.localdate()))
    if allowed:
        assert _draft(team, suspect=subject).subject_id == subject.pk
    else:
        with pytest.raises(ValidationError, match="under 18"):
            _draft(team, suspect=subject)


def test_an_unknown_age_is_refused_until_recorded(team):
    with pytest.raises(ValidationError, match="age is not known"):
        _draft(team, suspect=adult(given_name="Noage", date_of_birth=None))


def test_a_subject_who_is_under_18_when_authorised_is_refused(team, make_user):
    notice = _draft(team)
    ProtectionNotice.objects.filter(pk=notice.pk)  # the subject's date of birth corrected after drafting
    notice.subject.date_of_birth = timezone.localdate().replace(year=timezone.localdate().year - 17)
    notice.subject.save()
    with pytest.raises(ValidationError, match="under 18"):
        services.notice_authorise(notice=notice, user=superintendent(make_user), rationale="Necessary.")


def test_service_starts_the_hearing_clock(team, make_user):
    notice = served(
        make_user=make_user,
        officer=team["officer"],
        handler=team["handler"],
        area=team["area"],
    )
    assert notice.status == ProtectionNotice.Status.SERVED
    assert notice.hearing_due_by - notice.served_at >= timedelta(hours=48)


def _heard(team, make_user, personas, kind="dvpn", **kwargs):
    notice = served(make_user=make_user, officer=team["officer"], handler=team["handler"], area=team["area"], kind=kind)
    return services.notice_hearing_record(
        notice=notice,
        user=personas[Role.PVP_OFFICER],
        hearing_at=timezone.now(),
        court="Worcester Magistrates' Court",
        outcome="order_made",
        **kwargs,
    )


@pytest.mark.parametrize(("days", "ok"), [(13, False), (14, True), (28, True), (29, False), (None, False)])
def test_a_dvpo_lasts_14_to_28_days(team, make_user, personas, days, ok):
    today = timezone.localdate()
    ends_on = None if days is None else today + timedelta(days=days - 1)
    if ok:
        notice = _heard(team, make_user, personas, ends_on=ends_on)
        assert notice.order.ends_on == ends_on and notice.order.notification_due_by is None
        assert [c.kind for c in notice.order.conditions.all()] == [c["kind"] for c in STAY_AWAY]
    else:
        with pytest.raises(ValidationError) as caught:
            _heard(team, make_user, personas, ends_on=ends_on)
        assert "ends_on" in caught.value.message_dict


def test_a_dapo_may_have_no_end_and_starts_the_notification_clock(team, make_user, personas):
    notice = _heard(team, make_user, personas, kind="dapn")
    order = notice.order
    assert order.kind == "dapo" and order.ends_on is None
    # 3 days beginning with the day it is made: due by the end of the day after tomorrow.
    due = timezone.localtime(order.notification_due_by)
    assert due.date() == order.made_on + timedelta(days=3) and due.hour == 0
    services.order_notification_record(order=order, user=personas[Role.PVP_OFFICER], received_at=timezone.now())
    with pytest.raises(ValidationError, match="already"):
        services.order_notification_record(order=order, user=personas[Role.PVP_OFFICER], received_at=timezone.now())


def test_a_variation_keeps_the_term_within_the_rules(team, make_user, personas):
    order = _heard(team, make_user, personas, ends_on=timezone.localdate() + timedelta(days=20)).order
    with pytest.raises(ValidationError, match="at most 28"):
        services.order_vary(
            order=order,
            user=personas[Role.PVP_OFFICER],
            varied_on=timezone.localdate(),
            change="Extended",
            new_ends_on=timezone.localdate() + timedelta(days=40),
        )
    services.order_vary(
        order=order,
        user=personas[Role.PVP_OFFICER],
        varied_on=timezone.localdate(),
        change="Distance now 200 m",
        new_ends_on=timezone.localdate() + timedelta(days=27),
    )
    order.refresh_from_db()
    assert order.ends_on == timezone.localdate() + timedelta(days=27) and order.variations.count() == 1


def test_a_breach_is_linked_to_an_incident_within_reach(team, make_user, personas, world, client):
    order = _heard(team, make_user, personas, ends_on=timezone.localdate() + timedelta(days=20)).order
    from tests.incidents.helpers import log_incident

    call = log_incident(user=team["handler"], area=team["area"], victim=order.protected, suspect=order.subject)
    elsewhere = log_incident(
        user=personas.other_force(Role.CALL_HANDLER),
        area=world.other_force_area,
        victim=adult(force=world.other_force_area.force),
    )
    client.force_login(team["officer"])
    url = reverse("safeguarding:order_breach", args=[order.pk])
    base = {
        "breach-occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "breach-detail": "Came to the house.",
    }
    refused = client.post(url, {**base, "breach-incident": elsewhere.reference})
    assert refused.status_code == 400 and "within your reach" in refused.content.decode()
    # Nothing breaches an order before the day it was made (a year-516 time came back as a breach once).
    before = {**base, "breach-incident": call.reference, "breach-occurred_at": "0516-06-07T02:57"}
    too_early = client.post(url, before)
    assert too_early.status_code == 400 and "That is before" in too_early.content.decode()
    assert not Breach.objects.filter(order=order).exists()
    done = client.post(url, {**base, "breach-incident": call.reference, "breach-arrested": "on"})
    assert done.status_code == 302
    breach = Breach.objects.get(order=order)
    assert breach.incident == call and breach.arrested


HOSTILE = [
    {"authorise-rationale": "ok\x00"},
    {"authorise-rationale": "x" * 100_000},
    {"authorise-rationale": ""},
]


@pytest.mark.parametrize("data", HOSTILE, ids=["nul", "huge", "empty"])
def test_hostile_input_on_a_page_is_a_form_error_never_a_500(team, make_user, client, data):
    notice = _draft(team)
    client.force_login(superintendent(make_user))
    response = client.post(reverse("safeguarding:notice_authorise", args=[notice.pk]), data)
    assert response.status_code == 400
    notice.refresh_from_db()
    assert notice.status == ProtectionNotice.Status.DRAFT


@pytest.mark.parametrize(
    "served_at", ["2026-02-30T10:00", "99999-01-01T00:00", "not a time", "2026-12-01T10:00\x00"], ids=str
)
def test_impossible_service_times_are_refused(team, make_user, client, served_at):
    notice = served(make_user=make_user, officer=team["officer"], handler=team["handler"], area=team["area"])
    fresh = draft(officer=team["officer"], handler=team["handler"], area=team["area"])
    services.notice_authorise(notice=fresh, user=superintendent(make_user), rationale="Necessary.")
    client.force_login(team["officer"])
    response = client.post(
        reverse("safeguarding:notice_serve", args=[fresh.pk]),
        {"serve-served_at": served_at, "serve-hearing_notice_address": "1 Oak St"},
    )
    assert response.status_code == 400
    fresh.refresh_from_db()
    assert fresh.served_at is None and notice.served_at is not None


def test_a_service_time_in_the_future_is_refused(team, make_user):
    notice = draft(officer=team["officer"], handler=team["handler"], area=team["area"])
    services.notice_authorise(notice=notice, user=superintendent(make_user), rationale="Necessary.")
    with pytest.raises(ValidationError, match="not come yet"):
        services.notice_serve(
            notice=notice,
            user=team["officer"],
            served_at=timezone.now() + timedelta(days=1),
            hearing_notice_address="x",
        )


class TestApi:
    def test_draft_authorise_serve_through_the_api(self, team, make_user, as_user, personas):
        from tests.incidents.helpers import log_incident

        victim, suspect = adult(given_name="Api", surname="Victim"), adult(given_name="Api", surname="Suspect")
        incident = log_incident(user=team["handler"], area=team["area"], victim=victim, suspect=suspect)
        body = {
            "kind": "dvpn",
            "incident": incident.pk,
            "subject": suspect.pk,
            "protected": victim.pk,
            "grounds": "Assault.",
            "victim_views": "Wants it.",
            "conditions": [{"kind": "no_contact"}],
        }
        made = as_user(team["officer"]).post(reverse("safeguarding-notice-list"), body, format="json")
        assert made.status_code == 201, made.content
        pk = made.json()["id"]
        # The drafter is refused (a 403 for a role that never authorises; the rank or drafter rule is a 400).
        assert (
            as_user(team["officer"])
            .post(reverse("safeguarding-notice-authorise", args=[pk]), {"rationale": "x"}, format="json")
            .status_code
            == 403
        )
        inspector = make_user(Role.SENIOR_OFFICER, rank=Rank.INSPECTOR)
        low = as_user(inspector).post(reverse("safeguarding-notice-authorise", args=[pk]), {"rationale": "x"})
        assert low.status_code == 400 and "superintendent" in low.json()["detail"] + str(low.json()["errors"])
        ok = as_user(superintendent(make_user)).post(
            reverse("safeguarding-notice-authorise", args=[pk]), {"rationale": "Necessary."}, format="json"
        )
        assert ok.status_code == 200 and ok.json()["status"] == "authorised"
        served_ = as_user(team["officer"]).post(
            reverse("safeguarding-notice-serve", args=[pk]),
            {"served_at": timezone.now().isoformat(), "hearing_notice_address": "1 Oak St"},
            format="json",
        )
        assert served_.status_code == 200 and served_.json()["hearing_due_by"]

    @pytest.mark.parametrize(
        "change",
        [
            {"conditions": [{"kind": "not_within", "premises": "1 A St", "distance_metres": 10**12}]},
            {"conditions": [{"kind": "bogus"}]},
            {"conditions": []},
            {"grounds": "\x00"},
            {"incident": 2**70},
            {"kind": "dvpo"},
        ],
        ids=["huge-distance", "bogus-condition", "no-condition", "nul", "huge-id", "wrong-kind"],
    )
    def test_hostile_api_input_is_a_400_naming_the_field(self, team, as_user, change):
        from tests.incidents.helpers import log_incident

        victim, suspect = adult(given_name="V"), adult(given_name="S")
        incident = log_incident(user=team["handler"], area=team["area"], victim=victim, suspect=suspect)
        body = {
            "kind": "dvpn",
            "incident": incident.pk,
            "subject": suspect.pk,
            "protected": victim.pk,
            "grounds": "Assault.",
            "victim_views": "Wants it.",
            "conditions": [{"kind": "no_contact"}],
            **change,
        }
        response = as_user(team["officer"]).post(reverse("safeguarding-notice-list"), body, format="json")
        assert response.status_code == 400, response.content
        assert set(change) & set(response.json()["errors"])
        assert not ProtectionNotice.objects.exists()

    def test_another_area_or_force_gets_404(self, team, as_user, personas):
        notice = _draft(team)
        for user in (personas.other_area(Role.PVP_OFFICER), personas.other_force(Role.SENIOR_OFFICER)):
            assert as_user(user).get(reverse("safeguarding-notice-detail", args=[notice.pk])).status_code == 404
            listed = as_user(user).get(reverse("safeguarding-notice-list")).json()["results"]
            assert notice.pk not in [n["id"] for n in listed]
        # A force-wide role of the same force sees it.
        assert (
            as_user(personas.other_area(Role.SENIOR_OFFICER))
            .get(reverse("safeguarding-notice-detail", args=[notice.pk]))
            .status_code
            == 200
        )

    def test_partners_see_nothing(self, team, as_user, personas):
        notice = _draft(team)
        for role in (Role.IDVA, Role.PARTNER_AGENCY):
            assert (
                as_user(personas[role]).get(reverse("safeguarding-notice-detail", args=[notice.pk])).status_code == 403
            )


def test_no_list_of_one_force_shows_the_other_forces_records(team, client, as_user, personas):
    notice = _draft(team)
    theirs = personas.other_force(Role.SENIOR_OFFICER)
    client.force_login(theirs)
    for name in ("safeguarding:notices", "safeguarding:civil_orders", "safeguarding:clocks"):
        assert notice.reference not in client.get(reverse(name)).content.decode()
    assert as_user(theirs).get(reverse("safeguarding-notice-list")).json()["results"] == []
    # The force's own senior officer (force-wide) lists it.
    client.force_login(personas[Role.SENIOR_OFFICER])
    assert notice.reference in client.get(reverse("safeguarding:notices")).content.decode()
