"""Personas: one user per role in area A, plus an officer of area B and partner-agency users."""

import os
from dataclasses import dataclass

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
    area: object
    other_area: object
    police: object
    idva_service: object
    childrens_services: object


@pytest.fixture
def world(db) -> World:
    force = ForceFactory()
    area, other_area = (
        AreaFactory(force=force, name="North", code="north"),
        AreaFactory(force=force, name="South", code="south"),
    )
    police = AgencyFactory(name="Test Constabulary", kind=Agency.Kind.POLICE)
    idva_service = AgencyFactory(name="IDVA Service", kind=Agency.Kind.IDVA)
    childrens = AgencyFactory(name="Children's Services", kind=Agency.Kind.CHILDRENS_SERVICES)
    return World(force, area, other_area, police, idva_service, childrens)


@pytest.fixture
def make_user(world):
    """make_user(Role.SERGEANT) -> a user of that role in area A (police unless a partner role)."""

    def make(*roles: Role, area=None, agency=None, **kwargs):
        if agency is None:
            agency = (
                world.idva_service
                if Role.IDVA in roles
                else (world.childrens_services if Role.PARTNER_AGENCY in roles else world.police)
            )
        return UserFactory(roles=list(roles), areas=[area or world.area], agency=agency, **kwargs)

    return make


@pytest.fixture
def personas(make_user, world) -> dict:
    """Every role in area A, keyed by role; plus 'other_area_officer'."""
    people = {role: make_user(role, username=role.value) for role in Role}
    people["other_area_officer"] = make_user(Role.RESPONSE_OFFICER, area=world.other_area, username="other_officer")
    return people


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
