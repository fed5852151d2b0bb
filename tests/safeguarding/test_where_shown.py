"""Orders and notices in force follow a person: their history (intake, person page), the warnings of every record
a police user acts on (incident, DASH, reviews, the MARAC case and the police agenda), never a partner's view."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from incidents.safety import incident_warnings
from incidents.selectors import person_history
from marac.agenda import case_warnings
from safeguarding import services

from ..marac.factories import refer
from .factories import NO_CONTACT, adult, draft, served


def test_the_history_and_every_warning_list_name_the_notice(personas, world, make_user, client):
    notice = served(
        make_user=make_user,
        officer=personas[Role.RESPONSE_OFFICER],
        handler=personas[Role.CALL_HANDLER],
        area=world.area,
    )
    history = person_history(notice.subject, force=world.area.force)
    section = next(s for s in history.sections if s.title == "Protection notices and orders in force")
    assert section.items[0].startswith(f"{notice.reference} in force, against this person, protecting")
    assert "No contact" in section.items[0] and "Not to come within 100 m of 12 Elm Road" in section.items[0]
    warnings = {w.person.pk: w for w in incident_warnings(notice.incident)}
    assert any(notice.reference in line for line in warnings[notice.subject_id].lines)
    assert any("protects this person" in line for line in warnings[notice.protected_id].lines)
    # The incident page shows it to police.
    client.force_login(personas[Role.PVP_OFFICER])
    assert notice.reference in client.get(reverse("incidents:detail", args=[notice.incident_id])).content.decode()


def test_the_marac_police_agenda_carries_it(personas, world, make_user):
    notice = served(
        make_user=make_user,
        officer=personas[Role.RESPONSE_OFFICER],
        handler=personas[Role.CALL_HANDLER],
        area=world.area,
    )
    referral = refer(world, personas[Role.PVP_OFFICER], victim=notice.protected, perpetrators=[notice.subject])
    lines = case_warnings([referral], force=world.area.force)[referral.pk]
    assert any(notice.reference in line for line in lines)


def test_a_civil_order_shows_with_its_officer_safety_warning_until_it_expires(personas, world):
    respondent, protected = adult(given_name="Rex", surname="Hale"), adult(given_name="Pat", surname="Hale")
    order = services.civil_order_record(
        user=personas[Role.PVP_OFFICER],
        kind="non_molestation",
        area=world.area,
        subject=respondent,
        protected=protected,
        court="Worcester Family Court",
        made_on=timezone.localdate() - timedelta(days=30),
        expires_on=timezone.localdate(),
        notified_by="solicitor",
        notified_on=timezone.localdate() - timedelta(days=29),
        officer_safety_warning="Carries a knife.",
        conditions=NO_CONTACT,
    )
    lines = person_history(respondent, force=world.area.force).sections
    text = " ".join(i for s in lines for i in s.items)
    assert (
        f"Non-molestation order {order.reference} in force until" in text and "Officer safety: Carries a knife" in text
    )
    type(order).objects.filter(pk=order.pk).update(expires_on=timezone.localdate() - timedelta(days=1))
    text = " ".join(i for s in person_history(respondent, force=world.area.force).sections for i in s.items)
    assert order.reference not in text


def test_a_draft_shows_as_awaiting_authorisation(personas, world):
    notice = draft(officer=personas[Role.RESPONSE_OFFICER], handler=personas[Role.CALL_HANDLER], area=world.area)
    items = [i for s in person_history(notice.subject, force=world.area.force).sections for i in s.items]
    assert any("drafted, awaiting authorisation" in i for i in items)
