"""The policies answer as the views always did: 403 for a role that may never, 404 outside reach."""

from accounts.roles import Role
from core.policies import Decision, ask
from incidents.policies import can_view_incident

from .factories import make_person
from .incidents.helpers import log_incident


def test_decisions_are_true_only_when_allowed():
    assert Decision.of(True) is Decision.ALLOW
    assert Decision.of(False) is Decision.FORBIDDEN
    assert Decision.of(False, otherwise=Decision.HIDDEN) is Decision.HIDDEN
    assert not Decision.HIDDEN and not Decision.FORBIDDEN and Decision.ALLOW


def test_incident_policy_matches_visible_to(make_user, world):
    incident = log_incident(user=make_user(Role.CALL_HANDLER), area=world.area, victim=make_person())
    for user, expected in [
        (make_user(Role.RESPONSE_OFFICER), Decision.ALLOW),
        (make_user(Role.RESPONSE_OFFICER, area=world.other_area), Decision.HIDDEN),
        (make_user(Role.CALL_HANDLER, area=world.other_area), Decision.ALLOW),  # force-wide
        (make_user(Role.IDVA), Decision.FORBIDDEN),
    ]:
        assert can_view_incident(user, incident) is expected
        assert ask("view_incident", user, incident) is expected
        assert bool(expected) == type(incident).objects.visible_to(user).filter(pk=incident.pk).exists()
