"""incidents.safety.warnings_for: the intake panel's flags and markers, for many people at once, in fixed queries."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.roles import Role
from incidents.safety import incident_warnings, shown, warnings_for
from incidents.selectors import person_history
from people.models import Marker
from people.services import marker_add

from ..factories import make_person
from .helpers import log_incident
from .warnings_scene import KNIFE, armed_suspect_scene


@pytest.fixture
def handler(make_user):
    return make_user(Role.CALL_HANDLER)


def test_the_flags_and_markers_are_the_intake_panels(handler, world):
    """Computed by the intake panel's own functions: the same answer for every person of the record."""
    scene = armed_suspect_scene(handler=handler, area=world.area)
    found = warnings_for([(scene.victim, "Victim"), (scene.suspect, "Suspect")], force=world.force)
    for person in (scene.victim, scene.suspect):
        panel = person_history(person, force=world.force, new_call=False)
        w = found[person.pk]
        assert w.is_serial_perpetrator == panel.is_serial_perpetrator
        assert w.victims_as_suspect == panel.victims_as_suspect
        assert w.is_repeat_victim == panel.is_repeat_victim
        assert w.incidents_last_window == panel.incidents_last_window
        assert w.markers == panel.markers
    assert found[scene.suspect.pk].is_serial_perpetrator and found[scene.victim.pk].is_repeat_victim
    assert found[scene.suspect.pk].lines[0] == f"Warning: Weapons — {KNIFE}"


def test_on_the_intake_screen_the_call_being_logged_counts_as_the_next_incident(handler, world):
    victim = make_person(given_name="Ola", surname="Nowak")
    log_incident(user=handler, area=world.area, victim=victim, received_at=timezone.now() - timedelta(days=30))
    assert person_history(victim, force=world.force).is_repeat_victim  # the new call makes the second
    assert not person_history(victim, force=world.force, new_call=False).is_repeat_victim
    assert not warnings_for([(victim, "Victim")], force=world.force)[victim.pk]


def test_inactive_markers_and_people_with_nothing_to_show_are_left_out(handler, world):
    quiet = make_person(given_name="Quiet", surname="Person")
    retired = make_person(given_name="Old", surname="Marker")
    marker = marker_add(person=retired, kind=Marker.Kind.WARNING, code=Marker.Code.VIOLENT, user=handler)
    Marker.objects.filter(pk=marker.pk).update(active=False)
    assert shown(warnings_for([(quiet, "Witness"), (retired, "Suspect")], force=world.force)) == []


def test_a_person_with_two_roles_is_listed_once_with_both(handler, world):
    person = make_person(given_name="Two", surname="Roles")
    marker_add(person=person, kind=Marker.Kind.VULNERABILITY, code=Marker.Code.ELDERLY, user=handler)
    found = warnings_for([(person, "Victim"), (person, "Caller"), (person, "Victim")], force=world.force)
    assert list(found) == [person.pk] and found[person.pk].role_label == "Victim, Caller"


def test_warning_markers_come_before_flags_and_other_markers(handler, world):
    scene = armed_suspect_scene(handler=handler, area=world.area)
    marker_add(person=scene.suspect, kind=Marker.Kind.VULNERABILITY, code=Marker.Code.SUBSTANCE_MISUSE, user=handler)
    lines = warnings_for([(scene.suspect, "Suspect")], force=world.force)[scene.suspect.pk].lines
    assert lines[0].startswith("Warning: Weapons") and lines[1].startswith("Serial perpetrator")
    assert lines[2] == "Vulnerability: Substance misuse"


def test_no_n_plus_one_whatever_the_number_of_people(handler, world, django_assert_num_queries):
    scene = armed_suspect_scene(handler=handler, area=world.area)
    few = [(scene.victim, "Victim"), (scene.suspect, "Suspect")]
    many = few + [(make_person(given_name=f"P{n}", surname="Many"), "Witness") for n in range(15)]
    for person, _ in many[2:]:
        marker_add(person=person, kind=Marker.Kind.WARNING, code=Marker.Code.DRUGS, user=handler)
        log_incident(user=handler, area=world.area, victim=person, suspect=scene.suspect)
    # Four for the flags and markers; one for the notices and orders in force (safeguarding.selectors); three for
    # bail, release and Clare's Law (safeguarding.case_selectors), whoever is on the record.
    with django_assert_num_queries(8):
        warnings_for(few, force=world.force)
    with django_assert_num_queries(8):
        found = warnings_for(many, force=world.force)
    assert len(shown(found)) == 17 and found[scene.suspect.pk].victims_as_suspect == 17


def test_an_incidents_warnings_take_nine_queries_whatever_its_parties(handler, world, django_assert_num_queries):
    scene = armed_suspect_scene(handler=handler, area=world.area)
    with django_assert_num_queries(9):
        found = incident_warnings(scene.incident, force=world.force)
    assert [w.person for w in found] == [scene.suspect, scene.victim]  # officer-safety warnings first
