"""Notices and orders for the safeguarding tests (through the services, as the pages make them)."""

from datetime import date, timedelta

from django.utils import timezone

from accounts.models import Rank
from accounts.roles import Role
from safeguarding import services
from safeguarding.models import ProtectionNotice
from tests.factories import make_person
from tests.incidents.helpers import log_incident

NO_CONTACT = [{"kind": "no_contact"}]
STAY_AWAY = [
    {"kind": "no_contact"},
    {"kind": "not_within", "premises": "12 Elm Road, Worcester", "distance_metres": 100},
]


def adult(**kwargs):
    return make_person(date_of_birth=kwargs.pop("date_of_birth", date(1985, 5, 1)), **kwargs)


def incident_with_parties(*, handler, area, victim=None, suspect=None):
    victim = victim or adult(given_name="Vicky", surname="Victim")
    suspect = suspect or adult(given_name="Sid", surname="Suspect")
    return log_incident(user=handler, area=area, victim=victim, suspect=suspect), victim, suspect


def draft(*, officer, handler, area, kind="dvpn", conditions=None, victim=None, suspect=None) -> ProtectionNotice:
    incident, victim, suspect = incident_with_parties(handler=handler, area=area, victim=victim, suspect=suspect)
    return services.notice_draft(
        user=officer,
        kind=kind,
        area=area,
        incident=incident,
        subject=suspect,
        protected=victim,
        grounds="Assaulted the victim at home; threats to return.",
        victim_views="Wants him kept away.",
        conditions=conditions or STAY_AWAY,
    )


def superintendent(make_user, area=None, **kwargs):
    return make_user(Role.SENIOR_OFFICER, rank=Rank.SUPERINTENDENT, area=area, **kwargs)


def authorised(*, make_user, officer, handler, area, **kwargs) -> ProtectionNotice:
    notice = draft(officer=officer, handler=handler, area=area, **kwargs)
    return services.notice_authorise(notice=notice, user=superintendent(make_user, area), rationale="Necessary.")


def served(*, make_user, officer, handler, area, served_at=None, **kwargs) -> ProtectionNotice:
    notice = authorised(make_user=make_user, officer=officer, handler=handler, area=area, **kwargs)
    return services.notice_serve(
        notice=notice,
        user=officer,
        served_at=served_at or timezone.now(),
        hearing_notice_address="14 Oak Street, Worcester",
    )


def safeguarding_for_access_table(*, personas, world, make_user) -> dict:
    officer, handler = personas[Role.RESPONSE_OFFICER], personas[Role.CALL_HANDLER]
    pending = draft(officer=officer, handler=handler, area=world.area)
    heard = served(make_user=make_user, officer=officer, handler=handler, area=world.area, kind="dapn")
    waiting = served(make_user=make_user, officer=officer, handler=handler, area=world.area)
    services.notice_hearing_record(
        notice=heard,
        user=personas[Role.PVP_OFFICER],
        hearing_at=timezone.now(),
        court="Worcester Magistrates' Court",
        outcome="order_made",
    )
    heard.refresh_from_db()
    civil = services.civil_order_record(
        user=personas[Role.PVP_OFFICER],
        kind="non_molestation",
        area=world.area,
        subject=adult(given_name="Rex", surname="Respondent"),
        protected=adult(given_name="Pat", surname="Protected"),
        court="Worcester Family Court",
        made_on=timezone.localdate() - timedelta(days=2),
        notified_by="court",
        notified_on=timezone.localdate(),
        conditions=NO_CONTACT,
    )
    return {
        "notice": pending.pk,
        "served_notice": waiting.pk,
        "protection_order": heard.order.pk,
        "civil_order": civil.pk,
    }
