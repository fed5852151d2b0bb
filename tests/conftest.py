"""The world the tests run in, and its people.

Two forces share the deployment, as in a regional collaboration: the test force (areas North and South) and
a neighbouring force (area East), each with its own police agency and partner agencies. ``personas`` names a
user for every role in North, and makes the same role in South (``personas.other_area(role)``) or in the
neighbouring force (``personas.other_force(role)``) when a test asks.
"""

import os
from dataclasses import dataclass, field

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from rest_framework.test import APIClient

from accounts.models import Agency
from accounts.roles import Role
from dacase.celery import app as celery_app

from .factories import PASSWORD, AgencyFactory, AreaFactory, ForceFactory, UserFactory

# With pytest-xdist each test process runs its own Celery worker against its own test database:
# each needs its own queue, or one process's worker would run another's tasks.
celery_app.conf.task_default_queue = f"dacase-test-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"


@dataclass
class World:
    force: object
    area: object  # North: where the personas work
    other_area: object  # South: the same force
    police: object
    idva_service: object
    childrens_services: object
    other_force: object  # the neighbouring force
    other_force_area: object  # East, the neighbouring force's area
    other_police: object
    other_idva_service: object
    other_childrens_services: object

    def agency_for(self, roles, area):
        """The agency a user of these roles in this area belongs to: an IDVA's service, a social worker's
        children's services, else the police of the area's force."""
        ours = area.force_id == self.force.pk
        if Role.IDVA in roles:
            return self.idva_service if ours else self.other_idva_service
        if Role.PARTNER_AGENCY in roles:
            return self.childrens_services if ours else self.other_childrens_services
        return self.police if ours else self.other_police


@pytest.fixture
def world(db) -> World:
    force = ForceFactory()
    area, other_area = (
        AreaFactory(force=force, name="North", code="north"),
        AreaFactory(force=force, name="South", code="south"),
    )
    neighbour = ForceFactory(name="Neighbouring Constabulary", code="neighbour")
    # Area codes are unique within a force only: the neighbour's area shares its code with none of ours on purpose
    # (tests/test_two_forces.py gives one the same code to show a code names an area of the caller's force).
    east = AreaFactory(force=neighbour, name="East", code="east")
    police = AgencyFactory(name="Test Constabulary", kind=Agency.Kind.POLICE)
    idva_service = AgencyFactory(name="IDVA Service", kind=Agency.Kind.IDVA)
    childrens = AgencyFactory(name="Children's Services", kind=Agency.Kind.CHILDRENS_SERVICES)
    return World(
        force,
        area,
        other_area,
        police,
        idva_service,
        childrens,
        other_force=neighbour,
        other_force_area=east,
        other_police=AgencyFactory(name="Neighbouring Constabulary", kind=Agency.Kind.POLICE),
        other_idva_service=AgencyFactory(name="Neighbouring IDVA Service", kind=Agency.Kind.IDVA),
        other_childrens_services=AgencyFactory(
            name="Neighbouring Children's Services", kind=Agency.Kind.CHILDRENS_SERVICES
        ),
    )


@pytest.fixture
def make_user(world):
    """make_user(Role.SERGEANT) -> a user of that role in North (police unless a partner role); ``area=`` elsewhere."""

    def make(*roles: Role, area=None, agency=None, **kwargs):
        area = area or world.area
        return UserFactory(roles=list(roles), areas=[area], agency=agency or world.agency_for(roles, area), **kwargs)

    return make


# Each role's persona: the attribute it is known by, and a name (staff names appear on pages and in e-mails).
NAMES = {
    Role.CALL_HANDLER: ("handler", "Casey", "Hall"),
    Role.CONTROL_ROOM_SUPERVISOR: ("control_room_supervisor", "Morgan", "Reid"),
    Role.RESPONSE_OFFICER: ("officer", "Sam", "Patel"),
    Role.SERGEANT: ("sergeant", "Alex", "Morris"),
    Role.PVP_OFFICER: ("pvp_officer", "Priya", "Shah"),
    Role.PVP_SUPERVISOR: ("pvp_supervisor", "Dan", "Hughes"),
    Role.MARAC_CHAIR: ("chair", "Helen", "Price"),
    Role.MARAC_COORDINATOR: ("coordinator", "Lee", "Ward"),
    Role.IDVA: ("idva", "Nina", "Cole"),
    Role.PARTNER_AGENCY: ("social_worker", "Tom", "Baker"),
    Role.SENIOR_OFFICER: ("senior_officer", "Ruth", "Bennett"),
    Role.ANALYST: ("analyst", "Omar", "Khan"),
    Role.AUDITOR: ("auditor", "Grace", "Turner"),
    Role.ADMINISTRATOR: ("administrator", "Chris", "Lloyd"),
}
ROLE_OF = {attribute: role for role, (attribute, _, __) in NAMES.items()}
PLACES = {"south": "other_area", "neighbour": "other_force"}


@dataclass
class Personas:
    """A named user for every role in North (``personas.sergeant``, or ``personas[Role.SERGEANT]``), and the same
    role placed elsewhere on request: in South (``other_area``) or in the neighbouring force (``other_force``).

    The partners are ``idva`` (the IDVA service) and ``social_worker`` (children's services); ``pvp_officer`` and
    ``pvp_supervisor`` are never just "pvp". Each persona's username is its role's value and its e-mail
    ``<username>@police.invalid``; a South user's username ends in ``_south``, a neighbouring force's in
    ``_neighbour``. ``named("pvp_officer@south")`` reads a name as a parametrised test gives it.
    """

    world: World
    make_user: object
    users: dict = field(default_factory=dict)
    _elsewhere: dict = field(default_factory=dict)

    def __getitem__(self, role: Role):
        return self.users[role]

    def __getattr__(self, name: str):
        if name in ROLE_OF:
            return self.users[ROLE_OF[name]]
        raise AttributeError(name)

    def named(self, name: str):
        """``"officer"``, ``"officer@south"`` (another area) or ``"officer@neighbour"`` (another force)."""
        attribute, _, place = name.partition("@")
        return getattr(self, PLACES[place])(ROLE_OF[attribute]) if place else getattr(self, attribute)

    def _placed(self, role: Role, area, suffix: str):
        key = (role, area.pk)
        if key not in self._elsewhere:
            username = f"{role.value}_{suffix}"
            self._elsewhere[key] = self.make_user(
                role, area=area, username=username, email=f"{username}@police.invalid"
            )
        return self._elsewhere[key]

    def other_area(self, role: Role):
        """The role's user in South: the same force, another area."""
        return self._placed(role, self.world.other_area, "south")

    def other_force(self, role: Role):
        """The role's user in East, the neighbouring force's area (a force-wide role there sees all of it)."""
        return self._placed(role, self.world.other_force_area, "neighbour")


@pytest.fixture
def personas(make_user, world) -> Personas:
    users = {
        role: make_user(
            role, username=role.value, first_name=first, last_name=last, email=f"{role.value}@police.invalid"
        )
        for role, (_, first, last) in NAMES.items()
    }
    return Personas(world, make_user, users)


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def as_user():
    """as_user(user) -> an API client signed in as that user."""

    def client_for(user) -> APIClient:
        client = APIClient()
        client.force_authenticate(user)
        return client

    return client_for


@pytest.fixture
def send_outbox():
    """send_outbox() -> every e-mail sent so far, once the outbox has been drained as its task does it."""
    from core.outbox import outbox_drain

    def drain() -> list:
        outbox_drain(budget=60)
        return mail.outbox

    return drain


@pytest.fixture
def celery_worker(transactional_db):
    """A real Celery worker (in a thread) on this process's queue, emptied first of tasks earlier tests sent."""
    celery_app.control.purge()
    with start_worker(celery_app, perform_ping_check=False, loglevel="WARNING") as worker:
        yield worker
