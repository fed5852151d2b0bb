"""API tokens: issued to a user signed in on the web, ended by the holder or with the web session."""

from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import OpenApiResponse, extend_schema
from knox.models import AuthToken
from knox.settings import knox_settings
from rest_framework import serializers, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.throttles import AuthAnonRateThrottle, AuthUserRateThrottle, ThrottleFirstMixin

from ..services import api_token_issue, user_api_tokens_revoke


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Send as `Authorization: Token <token>`. Shown only this once.")
    expiry = serializers.DateTimeField(help_text="When the token ends if unused; each use moves it on.")
    expiry_latest = serializers.DateTimeField(help_text="When the token ends however much it is used.")


class TokenCreate(ThrottleFirstMixin, APIView):
    """Issue an API token to the user signed in on the web (after two-factor login where it is required).

    A token cannot be had with another token, so none outlives the sign-in it came from by more than
    the absolute lifetime.
    """

    permission_required = ()
    throttle_classes = [AuthAnonRateThrottle, AuthUserRateThrottle]

    @extend_schema(request=None, responses={201: TokenSerializer})
    def post(self, request):
        if not isinstance(request.successful_authenticator, SessionAuthentication):
            raise PermissionDenied("Sign in on the web to get an API token; a token cannot issue another.")
        instance, key = api_token_issue(user=request.user, request=request)
        latest = instance.created + knox_settings.AUTO_REFRESH_MAX_TTL
        body = TokenSerializer({"token": key, "expiry": instance.expiry, "expiry_latest": latest}).data
        return Response(body, status=status.HTTP_201_CREATED)


class TokenLogout(APIView):
    """End the credential this call was made with: its API token, or the web session and every API token."""

    permission_required = ()

    @extend_schema(request=None, responses={204: OpenApiResponse(description="Signed out.")})
    def post(self, request):
        if isinstance(request.auth, AuthToken):
            request.auth.delete()
        else:
            # Signing out of the web ends the user's tokens too (accounts.signals).
            logout(request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class TokenLogoutAll(APIView):
    """End every API token of the caller."""

    permission_required = ()

    @extend_schema(request=None, responses={204: OpenApiResponse(description="Every API token ended.")})
    def post(self, request):
        user_api_tokens_revoke(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
