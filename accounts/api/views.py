from rest_framework import generics

from ..models import Area, User
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
    """Local policing areas of the force."""

    serializer_class = AreaSerializer
    queryset = Area.objects.select_related("force")
    permission_required = ()
