"""A case allocated to an IDVA service: its IDVAs are told (in the app and by e-mail, with a link on the site and
no name), can open the case, and see how to reach the victim safely; no one else outside the police does."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.urls import reverse

from accounts.models import Agency
from accounts.roles import Role
from core.models import Notification
from core.services import notification_send
from marac.models import IdvaService, MaracReferral
from marac.services import referral_allocate_idva

from ..factories import AgencyFactory, make_person
from .factories import make_meeting, refer

SITE = "https://dacase.example.police.uk"


@pytest.fixture
def case(world, make_user, settings):
    settings.DACASE_SITE_URL = SITE
    people = {
        "coordinator": make_user(Role.MARAC_COORDINATOR),
        "pvp": make_user(Role.PVP_OFFICER),
        "idva": make_user(Role.IDVA, email="idva@idva.invalid"),
        "idva_elsewhere": make_user(Role.IDVA, area=world.other_area, email="far@idva.invalid"),
        "other_idva": make_user(
            Role.IDVA, agency=AgencyFactory(name="Other IDVA", kind=Agency.Kind.IDVA), email="o@idva.invalid"
        ),
        "social": make_user(Role.PARTNER_AGENCY),
    }
    service = IdvaService.objects.create(area=world.area, agency=world.idva_service, staff_fte=1)
    victim = make_person(
        given_name="Sofia",
        surname="Safe",
        phones=["07700 900111", "01632 960222"],
        address={"line_1": "7 Hidden Lane", "postcode": "WR1 1AA"},
    )
    victim.phones.filter(number="01632 960222").update(safe_to_call=False)
    # The meeting is attended by the police and children's services only, not the IDVA service.
    make_meeting(world, days=6, agencies=[world.police, world.childrens_services])
    referral = refer(
        world,
        people["pvp"],
        victim=victim,
        safe_contact_times="Weekdays 10:00 to 14:00",
        safe_contact_callers="A woman only; do not say it is the police",
    )
    return referral, service, people


def _allocate(client, referral, service, user):
    client.force_login(user)
    data = {"idva-idva_service": service.pk, "idva-idva_outcome": "", "idva-version": referral.version}
    return client.post(reverse("marac:referral_idva", args=[referral.pk]), data)


def test_the_idvas_of_the_service_are_told_in_the_app_and_by_e_mail(client, case, send_outbox):
    referral, service, people = case
    assert _allocate(client, referral, service, people["coordinator"]).status_code == 302
    note = Notification.objects.get(kind="marac_idva_allocated")
    assert note.user == people["idva"] and note.url == referral.get_absolute_url()
    assert referral.reference in note.message and "Safe" not in note.message and "Sofia" not in note.message
    [email] = send_outbox()
    assert email.to == ["idva@idva.invalid"] and f"{SITE}{referral.get_absolute_url()}" in email.body
    assert "Sofia" not in email.body + email.subject
    # Saving the same service again (a new outcome) tells no one again.
    referral.refresh_from_db()
    referral_allocate_idva(
        referral=referral, idva_service=service, idva_outcome="Engaged", version=None, user=people["coordinator"]
    )
    assert Notification.objects.count() == 1 and len(send_outbox()) == 1


def test_a_referral_made_with_the_service_allocated_tells_its_idvas(case, world):
    _, service, people = case
    make_meeting(world, days=8)
    again = refer(world, people["pvp"], victim=make_person(given_name="Ann", surname="Other"), idva_service=service)
    assert list(Notification.objects.values_list("user", "url")) == [(people["idva"].pk, again.get_absolute_url())]


def test_the_allocated_idva_opens_the_case_and_sees_safe_numbers_times_and_callers_never_the_address(client, case):
    referral, service, people = case
    client.force_login(people["idva"])
    assert client.get(referral.get_absolute_url()).status_code == 404  # not their meeting, not theirs yet
    _allocate(client, referral, service, people["coordinator"])
    client.force_login(people["idva"])
    page = client.get(referral.get_absolute_url()).content.decode()
    assert "Safe contact" in page and "07700 900111" in page and "01632 960222" not in page
    assert "Weekdays 10:00 to 14:00" in page and "A woman only; do not say it is the police" in page
    assert "Hidden Lane" not in page and "WR1" not in page
    # The other agencies at the table see the case, not how to reach her; an IDVA of another service nothing.
    client.force_login(people["social"])
    page = client.get(referral.get_absolute_url()).content.decode()
    assert "Safe contact" not in page and "07700 900111" not in page and "Weekdays 10:00" not in page
    for outsider in ("other_idva", "idva_elsewhere"):
        client.force_login(people[outsider])
        assert client.get(referral.get_absolute_url()).status_code == 404
    client.force_login(people["pvp"])
    assert "07700 900111" in client.get(referral.get_absolute_url()).content.decode()


def _save(client, referral, user, **fields):
    client.force_login(user)
    data = {
        "safe-safe_contact_times": "Evenings after 19:00",
        "safe-safe_contact_callers": "Her sister may call",
        "safe-version": referral.version,
    } | fields
    return client.post(reverse("marac:referral_safe_contact", args=[referral.pk]), data)


def test_the_allocated_idva_keeps_the_safe_contact_notes_and_bad_input_changes_nothing(client, case):
    referral, service, people = case
    _allocate(client, referral, service, people["coordinator"])
    referral.refresh_from_db()
    for user in ("social", "other_idva"):
        assert _save(client, referral, people[user]).status_code in (403, 404)
    bad = [
        {"safe-safe_contact_times": "Mornings\x00"},
        {"safe-safe_contact_callers": "x" * 301},
        {"safe-version": referral.version - 1},
    ]
    for fields in bad:
        response = _save(client, referral, people["idva"], **fields)
        assert response.status_code == 400, fields
        assert "Weekdays 10:00 to 14:00" in response.content.decode()
    assert MaracReferral.objects.get(pk=referral.pk).safe_contact_times == "Weekdays 10:00 to 14:00"
    too_long = _save(client, referral, people["idva"], **bad[1])
    assert "Keep it to 300 characters" in too_long.content.decode()
    assert _save(client, referral, people["idva"]).status_code == 302
    referral.refresh_from_db()
    assert (referral.safe_contact_times, referral.safe_contact_callers) == (
        "Evenings after 19:00",
        "Her sister may call",
    )


def test_the_police_form_and_the_api_take_the_safe_contact_notes(case, world, as_user):
    referral, _, people = case
    assert referral.safe_contact_times == "Weekdays 10:00 to 14:00"
    victim = make_person(given_name="Api", surname="Caller")
    make_meeting(world, days=9)
    api = as_user(people["pvp"])
    data = {
        "victim": victim.pk,
        "area": world.area.pk,
        "criteria": ["professional_judgement"],
        "judgement_rationale": "Threats",
        "information_sharing_basis": "Vital interests",
        "victim_aware": True,
        "safe_contact_times": "Mornings",
        "safe_contact_callers": "x" * 301,
    }
    bad = api.post(reverse("marac-referral-list"), data, format="json")
    assert bad.status_code == 400 and "safe_contact_callers" in bad.json()["errors"]
    ok = api.post(reverse("marac-referral-list"), data | {"safe_contact_callers": "IDVA only"}, format="json")
    assert ok.status_code == 201 and ok.json()["safe_contact_callers"] == "IDVA only"


def test_an_e_mail_link_is_the_path_alone_without_a_site_address(db, make_user, settings):
    settings.DACASE_SITE_URL = ""
    user = make_user(Role.PVP_OFFICER, email="p@police.invalid")
    from core.services import _email_body

    assert "see it: /marac/referrals/1/\n" in _email_body("Something", "/marac/referrals/1/")
    assert notification_send(user_id=user.pk, kind="k", message="m", url="/x/") is True


@pytest.mark.parametrize(
    ("url", "outcome"),
    [("", "dacase.W001"), ("http://dacase.example", "dacase.E001"), (f"{SITE}/app", "dacase.E001"), (SITE, None)],
)
def test_the_deploy_check_asks_for_the_site_address(settings, url, outcome):
    from core.checks import site_url_check

    settings.DACASE_SITE_URL = url
    ids = [m.id for m in site_url_check(None)]
    assert ids == ([outcome] if outcome else [])
    if outcome == "dacase.E001":
        with pytest.raises(SystemCheckError):
            call_command("check", "--deploy", "--tag", "security", verbosity=0)
