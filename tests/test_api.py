"""API skeleton: authentication, role permissions, one error format, the schema."""

import pytest
from django.urls import reverse
from knox.models import AuthToken
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.test import APIClient, APIRequestFactory, force_authenticate
from rest_framework.views import APIView

from accounts.roles import Role


class _Echo(APIView):
    permission_required = ()

    class Input(serializers.Serializer):
        grade = serializers.ChoiceField(choices=["standard", "medium", "high"])
        count = serializers.IntegerField(min_value=0)

    def post(self, request):
        s = self.Input(data=request.data)
        s.is_valid(raise_exception=True)
        return Response(s.validated_data)


class _Closed(APIView):
    """Names no permission: must be closed to everyone."""

    def get(self, request):
        return Response({})


@pytest.fixture
def api(make_user):
    client = APIClient()
    client.force_authenticate(make_user(Role.SERGEANT))
    return client


def test_bad_input_is_400_with_a_message_per_field(make_user):
    request = APIRequestFactory().post("/echo/", {"grade": "severe", "count": -1}, format="json")
    force_authenticate(request, user=make_user(Role.SERGEANT))
    response = _Echo.as_view()(request)
    assert response.status_code == 400
    assert response.data["status"] == 400
    assert set(response.data["errors"]) == {"grade", "count"}
    assert "is not a valid choice" in str(response.data["errors"]["grade"][0])


def test_view_that_names_no_permission_is_closed(make_user):
    request = APIRequestFactory().get("/closed/")
    force_authenticate(request, user=make_user(Role.ADMINISTRATOR))
    response = _Closed.as_view()(request)
    assert response.status_code == 403
    assert response.data == {"status": 403, "detail": "You do not have permission to perform this action."}


def test_anonymous_gets_401_in_the_same_format(client, db):
    response = client.get(reverse("me"))
    assert response.status_code == 401
    assert response.json() == {"status": 401, "detail": "Authentication credentials were not provided."}
    assert response["WWW-Authenticate"] == "Token"


def test_token_authentication_for_systems(make_user, db):
    user = make_user(Role.CALL_HANDLER)
    _, key = AuthToken.objects.create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    body = client.get(reverse("me")).json()
    assert body["username"] == user.username and body["roles"] == ["call_handler"]


def test_lists_are_paginated(api, world):
    body = api.get(reverse("area-list")).json()
    assert body["count"] == 2 and [a["code"] for a in body["results"]] == ["north", "south"]


def test_schema_is_openapi_3_for_signed_in_users(api):
    response = api.get(reverse("api-schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.") and "/api/v1/me/" in schema["paths"]


def test_docs_page_loads_its_assets_locally(client, make_user):
    client.force_login(make_user(Role.CALL_HANDLER))
    html = client.get(reverse("api-docs")).content.decode()
    assert "swagger-ui" in html and "cdn" not in html.lower()


def test_schema_generates_without_warnings():
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")
