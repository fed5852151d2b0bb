"""The clocks of protection notices and orders (registered with safeguarding/clocks.py):

- the hearing of the order application, within the rules' hours of service (48, disregarding Sundays,
  Christmas Day, Good Friday and bank holidays): the officers of the notice act, the area's senior officers
  and PVP supervisors are told when it passes;
- a DAPO's notification requirements (name and address within 3 days, beginning with the day it is made):
  the officer who recorded the order checks, the PVP supervisors are told when it passes;
- an order's or civil order's end: the officer who recorded it reviews the victim's safety before it ends
  (a reminder only: an order ending is not a failure).
"""

from datetime import datetime, time, timedelta

from django.db.models import QuerySet

from accounts.models import User
from accounts.roles import Role
from core.periods import force_timezone

from .clocks import ClockSource, DueItem, clock_source
from .models import CivilOrder, ProtectionNotice, ProtectionOrder, safeguarding_reach

VISIBLE_LIMIT = 200


def _supervisors(area_id: int) -> tuple[int, ...]:
    return tuple(
        User.objects.filter(is_active=True, areas=area_id, groups__name__in=[Role.SENIOR_OFFICER, Role.PVP_SUPERVISOR])
        .distinct()
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _name(user) -> str:
    return str(user) if user else "nobody named"


def _end_of(day) -> datetime:
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=force_timezone())


class _RowClock(ClockSource):
    """A clock over one model's open rows: ``open_rows`` and ``item``; the job and the list page share them."""

    permission = "safeguarding.view_clocks"

    def open_rows(self) -> QuerySet:
        raise NotImplementedError

    def item(self, row) -> DueItem:
        raise NotImplementedError

    def due(self, *, now, after, limit):
        return [self.item(r) for r in self.open_rows().filter(pk__gt=after).order_by("pk")[:limit]]

    def visible(self, *, user, now):
        found = safeguarding_reach(user)
        if found is None or not user.has_perm(self.permission):
            return None
        return [self.item(r) for r in found.filter(self.open_rows()).order_by("pk")[:VISIBLE_LIMIT]]


@clock_source
class HearingClock(_RowClock):
    name = "protection.hearing"
    label = "Order application heard"
    who = "the officers of the notice (applicant, server, authoriser); then the area's senior officers and PVP"
    rule = "within the rules' hearing hours of service (48), disregarding its excluded days"

    def open_rows(self):
        return ProtectionNotice.objects.filter(
            status=ProtectionNotice.Status.SERVED, hearing_due_by__isnull=False
        ).select_related("drafted_by", "served_by", "authorised_by")

    def item(self, n: ProtectionNotice) -> DueItem:
        acting = tuple(dict.fromkeys(i for i in (n.drafted_by_id, n.served_by_id, n.authorised_by_id) if i))
        return DueItem(
            source=self.name,
            key=f"notice:{n.pk}",
            order=n.pk,
            deadline=n.hearing_due_by,
            what=f"the hearing of the order application for {n.reference}",
            must_act=f"{_name(n.drafted_by)} (applicant), {_name(n.served_by)} (served)",
            act_user_ids=acting,
            escalate_user_ids=_supervisors(n.area_id),
            url=n.get_absolute_url(),
            area_id=n.area_id,
            remind_before=timedelta(hours=12),
        )


@clock_source
class NotificationClock(_RowClock):
    name = "protection.notification"
    label = "DAPO notification requirements"
    who = "the officer who recorded the order; then the area's senior officers and PVP supervisors"
    rule = "name and address notified within the rules' days (3), beginning with the day the order is made"

    def open_rows(self):
        return ProtectionOrder.objects.filter(
            notification_due_by__isnull=False, notification_received_at__isnull=True, discharged_on__isnull=True
        ).select_related("recorded_by")

    def item(self, o: ProtectionOrder) -> DueItem:
        return DueItem(
            source=self.name,
            key=f"order:{o.pk}",
            order=o.pk,
            deadline=o.notification_due_by,
            what=f"the subject's notification of name and address under {o.reference}",
            must_act=f"{_name(o.recorded_by)} (recorded the order)",
            act_user_ids=(o.recorded_by_id,),
            escalate_user_ids=_supervisors(o.area_id),
            url=o.get_absolute_url(),
            area_id=o.area_id,
            remind_before=timedelta(hours=24),
        )


class _EndClock(_RowClock):
    """An order's end: a reminder to review safety, never an escalation (the deadline is the end itself)."""

    def item(self, o) -> DueItem:
        end = o.ends_on if isinstance(o, ProtectionOrder) else o.expires_on
        return DueItem(
            source=self.name,
            key=f"{type(o).__name__.lower()}:{o.pk}",
            order=o.pk,
            deadline=_end_of(end),
            what=f"the review of the victim's safety before {o.reference} ends",
            must_act=f"{_name(o.recorded_by)} (recorded the order)",
            act_user_ids=(o.recorded_by_id,),
            escalate_user_ids=(),
            url=o.get_absolute_url(),
            area_id=o.area_id,
            remind_before=timedelta(days=3),
            escalates=False,
        )


@clock_source
class OrderEndClock(_EndClock):
    name = "protection.order_end"
    label = "DVPO or DAPO ends"
    who = "the officer who recorded the order (reminder only)"
    rule = "3 days before the last day of the order"

    def open_rows(self):
        from django.utils import timezone

        return ProtectionOrder.objects.filter(
            ends_on__isnull=False, ends_on__gte=timezone.localdate() - timedelta(days=1), discharged_on__isnull=True
        ).select_related("recorded_by")


@clock_source
class CivilOrderEndClock(_EndClock):
    name = "protection.civil_order_end"
    label = "Civil order expires"
    who = "the officer who recorded the order (reminder only)"
    rule = "3 days before the last day of the order"

    def open_rows(self):
        from django.utils import timezone

        return CivilOrder.objects.filter(
            expires_on__isnull=False, expires_on__gte=timezone.localdate() - timedelta(days=1)
        ).select_related("recorded_by")
