"""The demo MARAC: made once, with past and coming meetings in every area, repeats, actions and IDVA capacity."""

from datetime import timedelta

from django.utils import timezone

from accounts import demo as accounts_demo
from accounts.models import Area, User
from accounts.reach import Reach
from core.models import Notification
from incidents import demo as incidents_demo
from marac import demo
from marac.models import IdvaService, InformationShare, MaracAction, MaracMeeting, MaracReferral, MaracRepeat
from marac.selectors import CASELOAD_PER_FTE, idva_capacity
from plans import demo as plans_demo
from risk import demo as risk_demo


def _counts() -> tuple:
    models = (MaracMeeting, MaracReferral, MaracAction, MaracRepeat, InformationShare, IdvaService, Notification)
    return tuple(m.objects.count() for m in models)


def test_demo_marac_is_made_once_in_every_area(db):
    accounts_demo.seed()
    areas = list(Area.objects.filter(force__code="demo").order_by("code"))  # the neighbouring force has no MARAC
    # An older demo database: the chair and coordinator served Worcestershire only.
    for username in ("chair", "coordinator"):
        User.objects.get(username=username).areas.set([a for a in areas if a.code == "worcestershire"])
    incidents_demo.seed()
    risk_demo.seed()
    plans_demo.seed()

    made = demo.seed()

    assert made == MaracReferral.objects.count() > 0
    counts = _counts()
    assert demo.seed() == 0
    assert _counts() == counts
    now, today = timezone.now(), timezone.localdate()
    for area in areas:
        meetings = MaracMeeting.objects.filter(area=area)
        past, coming = meetings.filter(starts_at__lte=now), meetings.filter(starts_at__gt=now).order_by("starts_at")
        assert past.count() == 1 and coming.count() == 2, area
        assert now - timedelta(weeks=4) <= past[0].starts_at <= now - timedelta(weeks=2)
        assert now + timedelta(weeks=1) <= coming[0].starts_at <= now + timedelta(weeks=3)
        assert 6 <= past[0].referrals.count() <= 10
        assert past[0].referrals.exclude(minutes="").count() == past[0].referrals.count()
        assert 4 <= coming[0].referrals.count() <= coming[0].capacity
        assert {s.agency.kind for s in InformationShare.objects.filter(meeting=coming[0])} >= {"police", "idva"}
        assert MaracReferral.objects.filter(area=area, meeting=coming[0], criteria__contains=["repeat"]).count() == 2
        assert MaracRepeat.objects.filter(referral__area=area, rereferral__isnull=True).exists()
        statuses = set(MaracAction.objects.filter(meeting=past[0]).values_list("status", flat=True))
        assert statuses == set(MaracAction.Status.values), area
        assert (past[0].chair.username, coming[0].coordinator.username) == ("chair", "coordinator")
    worcestershire = MaracMeeting.objects.filter(area__code="worcestershire", starts_at__gt=now).first()
    assert worcestershire.capacity - 2 <= worcestershire.referrals.count() < worcestershire.capacity
    assert MaracReferral.objects.filter(meeting__isnull=True).exists()  # a full meeting: the referral waits
    open_actions = MaracAction.objects.filter(status=MaracAction.Status.OPEN)
    assert open_actions.filter(due__lt=today).exists() and open_actions.filter(due__gte=today).exists()
    assert open_actions.filter(owner_agency=User.objects.get(username="idva").agency).exists()
    assert Notification.objects.filter(user__username="coordinator", kind="marac_repeat").exists()
    ids = frozenset(a.pk for a in areas)
    capacity = {
        c.area_name: c.caseload_per_fte
        for c in idva_capacity(within=Reach(force_id=areas[0].force_id, area_ids=ids, own_area_ids=ids), today=today)
    }
    low, high = CASELOAD_PER_FTE
    assert any(v > high for v in capacity.values()) and any(low <= v <= high for v in capacity.values())
    assert all(a.adult_female_population for a in Area.objects.all())
