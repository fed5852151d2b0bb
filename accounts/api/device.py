"""The key the officer's phone encrypts its store with: one per signed-in session, held in the session only.

The session's end (sign-out, the idle or absolute limit, an administrator ending it) ends the key: the
server never hands it out again, and what the device encrypted with it can no longer be read.
"""

import base64
import secrets

from django.middleware.csrf import get_token
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

SESSION_KEY = "device_key"


class DeviceKeySerializer(serializers.Serializer):
    key_id = serializers.CharField(help_text="Changes with the session: data under another key id is wiped.")
    key = serializers.CharField(help_text="AES-256-GCM key, base64: encrypts what the device keeps.")
    csrf_token = serializers.CharField(help_text="For the posts the device queued while offline.")


class DeviceKey(APIView):
    """This browser session's device key (AES-256-GCM), and a CSRF token for the posts the device queued."""

    permission_required = ()

    @extend_schema(responses=DeviceKeySerializer)
    def get(self, request):
        if request.auth is not None or not request.session.session_key:
            # A token caller has no session to tie the key to.
            raise PermissionDenied("A device key is for a signed-in browser session.")
        held = request.session.get(SESSION_KEY)
        if not held:
            held = {"id": secrets.token_urlsafe(12), "key": base64.b64encode(secrets.token_bytes(32)).decode()}
            request.session[SESSION_KEY] = held
        body = {"key_id": held["id"], "key": held["key"], "csrf_token": get_token(request)}
        return Response(DeviceKeySerializer(body).data)
