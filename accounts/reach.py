"""Reach by area: which areas' records a user may see, as a queryset filter and as a test of one record.

One rule for both, so that a list (``visible_to``) and a policy asked about one record (``policies.py``)
never disagree: a role holding the permission sees its own areas' records, a role that also holds
``incidents.view_all_areas`` sees every area of its forces, and no one sees another force.
"""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

ALL_AREAS = "incidents.view_all_areas"


@dataclass(frozen=True)
class AreaReach:
    area_ids: frozenset[int]
    force_ids: frozenset[int] | None  # set for force-wide roles: every area of these forces

    def filter(self, queryset: QuerySet, area: str = "area") -> QuerySet:
        if self.force_ids is not None:
            return queryset.filter(Q(**{f"{area}__force_id__in": self.force_ids}))
        return queryset.filter(Q(**{f"{area}_id__in": self.area_ids}))

    def covers(self, area) -> bool:
        """True when a record of this area (an accounts.Area) is within reach."""
        if self.force_ids is not None:
            return area.force_id in self.force_ids
        return area.pk in self.area_ids


def area_reach(user, permission: str) -> AreaReach | None:
    """The user's reach for records guarded by ``permission``; None when the role may not see any."""
    if not (user.is_authenticated and user.has_perm(permission)):
        return None
    force_ids = user.force_ids if user.has_perm(ALL_AREAS) else None
    return AreaReach(area_ids=user.area_ids, force_ids=force_ids)
