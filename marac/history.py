"""MARAC referrals in a person's history (the intake panel and the person page, police only)."""

from django.utils import timezone

from people.history import HistorySection, history_provider

from .models import MaracReferral, MaracRepeat


@history_provider
def marac_history(person) -> HistorySection | None:
    referrals = list(
        MaracReferral.objects.filter(victim=person).select_related("meeting__area", "area").order_by("-referred_at")[:3]
    )
    if not referrals:
        return None
    items = []
    for r in referrals:
        meeting = (
            f"heard at {r.meeting}"
            if r.meeting and r.meeting.is_past
            else (f"on the agenda of {r.meeting}" if r.meeting else "waiting for a meeting")
        )
        repeat = " (repeat)" if r.is_repeat else ""
        items.append(f"{r.reference}{repeat}: referred {timezone.localdate(r.referred_at):%d/%m/%Y}, {meeting}")
    waiting = MaracRepeat.objects.filter(referral__victim=person, rereferral__isnull=True).count()
    if waiting:
        items.append(f"REPEAT: {waiting} new incident(s) within 12 months of the last referral; refer again")
    return HistorySection("MARAC", items)
