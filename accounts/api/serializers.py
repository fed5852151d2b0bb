from rest_framework import serializers

from ..models import Agency, Area, User


class AreaSerializer(serializers.ModelSerializer):
    force = serializers.StringRelatedField()

    class Meta:
        model = Area
        fields = ["id", "code", "name", "force"]


class AgencySerializer(serializers.ModelSerializer):
    class Meta:
        model = Agency
        fields = ["id", "name", "kind"]


class MeSerializer(serializers.ModelSerializer):
    roles = serializers.SerializerMethodField()
    areas = AreaSerializer(many=True, read_only=True)
    agency = AgencySerializer(read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "first_name", "last_name", "collar_number", "roles", "areas", "agency"]

    def get_roles(self, user: User) -> list[str]:
        return sorted(r.value for r in user.roles)
