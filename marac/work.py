"""MARAC entries of "my work": coming meetings and cases waiting (chair and coordinator), repeats to re-refer,
cases 12 months after their last MARAC, and the open actions of the user's agency."""

from django.urls import reverse
from django.utils import timezone

from audit.services import access_record
from core.work import WorkItem, WorkSection, provider

from . import selectors
from .models import MaracReferral

LIMIT = 10


@provider
def marac_meetings(user) -> WorkSection | None:
    if not user.has_perm("marac.change_maracmeeting"):
        return None
    items = [
        WorkItem(
            f"{m} ({m.cases} of {m.capacity} cases)",
            m.get_absolute_url(),
            f"{timezone.localtime(m.starts_at):%d/%m/%Y %H:%M}",
        )
        for m in selectors.meetings_for(user)[:3]
    ]
    waiting = selectors.awaiting_meeting(user).count()
    if waiting:
        items.append(WorkItem(f"{waiting} referral(s) waiting for a meeting", reverse("marac:meetings"), overdue=True))
    for flag in selectors.repeats_waiting(user)[:LIMIT]:
        items.append(
            WorkItem(
                f"Repeat: {flag.referral.reference}",
                flag.referral.get_absolute_url(),
                f"Incident {flag.incident.reference} within 12 months of the referral",
                overdue=True,
            )
        )
    today = timezone.localdate()
    flags = list(selectors.twelve_month_flags(user, today=today, within_days=30)[:LIMIT])
    if flags:
        access_record(user=user, persons=[f["victim_id"] for f in flags], reason="My work: MARAC 12-month flags")
    for row in flags:
        items.append(
            WorkItem(
                f"{row['victim__given_name']} {row['victim__surname']}: 12 months since the last MARAC",
                reverse("people:detail", args=[row["victim_id"]]),
                f"Last referred {timezone.localdate(row['last']):%d/%m/%Y}",
            )
        )
    return WorkSection("MARAC", items, empty_text="No meeting is arranged.")


@provider
def marac_referrals_to_make(user) -> WorkSection | None:
    if user.is_partner or not user.has_perm("risk.review_in_pvp_queue") or not user.has_perm("marac.add_maracreferral"):
        return None
    rows = selectors.referrals_to_make(user, limit=LIMIT)
    if not rows:
        return None
    visible = set(
        MaracReferral.objects.visible_to(user)
        .filter(pk__in=[r.referral.pk for r in rows if r.referral])
        .values_list("pk", flat=True)
    )
    return WorkSection("MARAC referrals to make", [_to_make(r, visible) for r in rows])


def _to_make(row: selectors.ReferralToMake, visible: set[int]) -> WorkItem:
    item, referral = row.item, row.referral
    if referral is None:
        return WorkItem(
            f"Refer {item.assessment.victim.full_name} to MARAC",
            reverse("marac:refer") + f"?assessment={item.assessment_id}",
            f"Your PVP review of {timezone.localtime(item.completed_at):%d/%m/%Y} decided on a referral",
            overdue=True,
        )
    where = (
        f"on the MARAC of {timezone.localtime(referral.meeting.starts_at):%d/%m/%Y}"
        if referral.meeting
        else ("waiting for a meeting")
    )
    return WorkItem(
        f"{item.assessment.victim.full_name}: already referred to MARAC, nothing to make",
        referral.get_absolute_url() if referral.pk in visible else item.assessment.victim.get_absolute_url(),
        f"Already referred by {referral.referring_agency} on {timezone.localtime(referral.referred_at):%d/%m/%Y}, "
        f"{where} ({referral.reference})",
    )


@provider
def marac_agency_actions(user) -> WorkSection | None:
    if not user.has_perm("marac.change_maracaction") or user.has_perm("marac.add_maracaction"):
        return None
    today = timezone.localdate()
    actions = list(selectors.open_actions_of_agency(user)[:LIMIT])
    return WorkSection(
        "MARAC actions for your agency",
        [
            WorkItem(
                a.description[:80],
                a.referral.get_absolute_url() + "#actions",
                f"Case {a.referral.reference}; due {a.due:%d/%m/%Y}",
                overdue=a.due < today,
            )
            for a in actions
        ],
        empty_text="Your agency has no open MARAC action.",
    )
