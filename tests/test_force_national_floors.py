"""A force's settings stay within the national floors (PRODUCT.md): a dip sample of at least 10%, never
above 100%; review schedules and the MARAC escalation count at least 1. The admin shows the error beside
the field; the database refuses any other way in."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.forms.models import model_to_dict
from django.urls import reverse

from accounts.models import Force
from accounts.roles import Role

FLOOR_MESSAGE = "The dip sample must be at least 10% (the national floor) and at most 100%."


@pytest.fixture
def admin_client(client, make_user):
    client.force_login(make_user(Role.ADMINISTRATOR))
    return client


def _post(client, force, **changes):
    data = {k: ("" if v is None else v) for k, v in model_to_dict(force).items() if k != "id"}
    data.update(changes)
    return client.post(reverse("admin:accounts_force_change", args=[force.pk]), data)


def _field_errors(response, field: str) -> list[str]:
    return list(response.context["adminform"].form.errors.get(field, []))


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0", FLOOR_MESSAGE),
        ("9", FLOOR_MESSAGE),
        ("9.99", "Enter a whole number."),
        ("101", FLOOR_MESSAGE),
        ("99999999999999999999", FLOOR_MESSAGE),
        ("-10", FLOOR_MESSAGE),
        ("ten", "Enter a whole number."),
        ("", "This field is required."),
    ],
)
def test_admin_refuses_a_dip_sample_outside_the_floor_beside_the_field(admin_client, world, value, message):
    response = _post(admin_client, world.force, dip_sample_percent=value)
    assert response.status_code == 200  # the form again, not a 500 and not a redirect
    errors = _field_errors(response, "dip_sample_percent")
    assert errors and any(message in e or e.startswith("Ensure this value") for e in errors), errors
    world.force.refresh_from_db()
    assert world.force.dip_sample_percent == 10


@pytest.mark.parametrize("value", [10, 25, 100])
def test_admin_saves_a_dip_sample_from_the_floor_up(admin_client, world, value):
    response = _post(admin_client, world.force, dip_sample_percent=str(value))
    assert response.status_code == 302
    world.force.refresh_from_db()
    assert world.force.dip_sample_percent == value


@pytest.mark.parametrize("field", ["plan_review_days_high", "plan_review_days_medium", "marac_escalation_incidents"])
def test_admin_refuses_zero_for_counts_and_schedules(admin_client, world, field):
    before = getattr(world.force, field)
    response = _post(admin_client, world.force, **{field: "0"})
    assert response.status_code == 200
    assert _field_errors(response, field) == ["Must be at least 1."]
    world.force.refresh_from_db()
    assert getattr(world.force, field) == before


def test_model_validation_names_the_field(world):
    world.force.dip_sample_percent = 0
    with pytest.raises(Exception) as caught:
        world.force.full_clean()
    assert caught.value.message_dict == {"dip_sample_percent": [FLOOR_MESSAGE]}


@pytest.mark.parametrize("value", [0, 9, 101])
def test_the_database_refuses_a_dip_sample_outside_the_floor(world, value):
    with pytest.raises(IntegrityError, match="force_dip_sample_national_floor"), transaction.atomic():
        Force.objects.filter(pk=world.force.pk).update(dip_sample_percent=value)
    refused = pytest.raises(IntegrityError, match="force_dip_sample_national_floor")
    with refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE accounts_force SET dip_sample_percent = %s WHERE id = %s", [value, world.force.pk])
    with pytest.raises(IntegrityError, match="force_dip_sample_national_floor"), transaction.atomic():
        Force.objects.create(name="Lax Police", code="lax", dip_sample_percent=value)
    world.force.refresh_from_db()
    assert world.force.dip_sample_percent == 10


@pytest.mark.parametrize("field", ["plan_review_days_high", "plan_review_days_medium", "marac_escalation_incidents"])
def test_the_database_refuses_zero_for_counts_and_schedules(world, field):
    with pytest.raises(IntegrityError, match=f"force_{field}_at_least_one"), transaction.atomic():
        Force.objects.filter(pk=world.force.pk).update(**{field: 0})


def test_the_constraint_explains_itself(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        Force(name="Lax Police", code="lax", dip_sample_percent=5).validate_constraints()
    assert caught.value.messages == [FLOOR_MESSAGE]
