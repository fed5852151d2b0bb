from rest_framework import generics

from ..models import Area, User
from ..reach import force_areas
from .serializers import AreaSerializer, MeSerializer


class Me(generics.RetrieveAPIView):
    """The signed-in user, with roles, areas and agency."""

    serializer_class = MeSerializer
    permission_required = ()

    def get_object(self) -> User:
        return (
            User.objects.prefetch_related("areas__force", "groups")
            .select_related("agency")
            .get(pk=self.request.user.pk)
        )


class AreaList(generics.ListAPIView):
    """Local policing areas of the caller's force (never another force's)."""

    serializer_class = AreaSerializer
    queryset = Area.objects.none()  # names the model for the schema; get_queryset says what is listed
    permission_required = ()

    def get_queryset(self):
        return force_areas(self.request.user).select_related("force")
