"""The force page as data, with the same parameters, reach and audit as the page."""

from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import services
from ..filters import ProfileQuery, force_page_query
from ..policies import VIEW_FORCE_PAGE, VIEW_PROFILE, reach_of
from .serializers import (
    ForcePageQuerySerializer,
    ForcePageSerializer,
    ProblemProfileSerializer,
    ProfileQuerySerializer,
)


class ForcePageView(APIView):
    """The inspection's force page: each figure (a whole-number percentage, or null when it cannot be worked
    out) with the counts behind it, for a period, an area (or the whole force) and a snapshot day."""

    permission_required = VIEW_FORCE_PAGE

    @extend_schema(parameters=[ForcePageQuerySerializer], responses={200: ForcePageSerializer})
    def get(self, request):
        reach = reach_of(request.user)
        if not reach:
            raise PermissionDenied
        form, scope = force_page_query(request.query_params, reach, api=True)
        if form.errors:
            raise ValidationError(form.errors)
        page = services.force_page_run(
            user=request.user, scope=scope, query=form.cleaned_data, fmt="api", request=request
        )
        return Response(ForcePageSerializer(page).data)


class ProblemProfileView(APIView):
    """The force's domestic-abuse problem profile for a period and an area (or the whole force), people by
    pseudonym; the same figures, reach and audit as the page."""

    permission_required = VIEW_PROFILE

    @extend_schema(parameters=[ProfileQuerySerializer], responses={200: ProblemProfileSerializer})
    def get(self, request):
        reach = reach_of(request.user, VIEW_PROFILE)
        if not reach:
            raise PermissionDenied
        form, scope = force_page_query(request.query_params, reach, api=True, form_class=ProfileQuery)
        if form.errors:
            raise ValidationError(form.errors)
        profile = services.problem_profile_run(
            user=request.user, scope=scope, query=form.cleaned_data, fmt="api", request=request
        )
        return Response(ProblemProfileSerializer(profile).data)
