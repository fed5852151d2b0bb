"""A victim, Vera Moss, and the suspect, Mark Dale, who carries a lock knife and has abused two unconnected
victims: the record the warnings must follow from intake to the agenda."""

from datetime import timedelta
from types import SimpleNamespace

from django.utils import timezone

from people.models import Marker
from people.services import marker_add
from risk.services import assessments as svc

from ..factories import make_person
from ..risk import factories as risk_factories
from .helpers import log_incident

KNIFE = "Carries a lock knife"
SERIAL = "Serial perpetrator: 2 unconnected victims"
REPEAT = "Repeat victim: 2 domestic-abuse incidents"


def armed_suspect_scene(*, handler, area, officer=None) -> SimpleNamespace:
    """Three incidents: Mark against Amy (six months ago), against Vera (three months ago) and against Vera now.

    With ``officer``, a draft DASH of Vera's for the latest, started by that officer.
    """
    risk_factories.questionnaire()
    now = timezone.now()
    victim = make_person(given_name="Vera", surname="Moss")
    suspect = make_person(given_name="Mark", surname="Dale")
    marker_add(person=suspect, kind=Marker.Kind.WARNING, code=Marker.Code.WEAPONS, detail=KNIFE, user=handler)
    amy = make_person(given_name="Amy", surname="Ross")
    log_incident(user=handler, area=area, victim=amy, suspect=suspect, received_at=now - timedelta(days=180))
    log_incident(user=handler, area=area, victim=victim, suspect=suspect, received_at=now - timedelta(days=90))
    incident = log_incident(user=handler, area=area, victim=victim, suspect=suspect)
    scene = SimpleNamespace(victim=victim, suspect=suspect, incident=incident, assessment=None)
    if officer is not None:
        scene.assessment = svc.assessment_start(incident=incident, victim_id=victim.pk, officer=officer)
    return scene


def submit(scene, officer, *, yes: int = 14, grade: str = "high"):
    """Answer and submit the scene's DASH (awaiting the sergeant)."""
    risk_factories.answer_all(scene.assessment, officer, yes)
    scene.assessment = svc.assessment_submit(
        assessment=scene.assessment, user=officer, grade=grade, rationale="", children_referral="no_children"
    )
    return scene.assessment
