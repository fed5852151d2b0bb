"""The force page as data, with the same parameters, reach and audit as the page."""

from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import services
from ..filters import force_page_query
from ..policies import VIEW_FORCE_PAGE, reach_of
from .serializers import ForcePageQuerySerializer, ForcePageSerializer


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
