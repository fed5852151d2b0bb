"""Reach: which force, areas and agency's records a user may see. The one place that says so.

The rule (README.md, "Reach"):

- A user belongs to one force: the force of the areas they work in. A user with no area, or whose areas
  belong to two forces, reaches nothing until an administrator puts their account right
  (``accounts.services.check_one_force`` refuses such an account when it is saved).
- A police role sees the records of its own areas. A role that also holds ``accounts.view_force_wide``
  ("Can see every area of own force": the control room, inspectors and superintendents) sees every area of
  its force. No one ever sees another force's records.
- A partner-agency user (an IDVA, children's services...) sees only what is tied to their agency, in the
  areas they work in, and never a police record (incidents, assessments, plans, the person index),
  whatever role is added to their account.
- The person index is the force's own: whoever may search it sees their force's people, never another's.

Every model's ``visible_to(user)`` is built on ``reach(user, permission)``, and so is every policy that
asks about one record (``covers``): a list and the page it links to cannot disagree.
"""

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, TypeVar

from django.db.models import Model, Q, QuerySet

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from .models import Area, Force, User

M = TypeVar("M", bound=Model)

FORCE_WIDE = "accounts.view_force_wide"


@dataclass(frozen=True)
class Reach:
    """What one user may see through one permission: always within one force."""

    force_id: int
    area_ids: frozenset[int]  # areas whose records are within reach (every area of the force, force-wide)
    own_area_ids: frozenset[int]  # the areas the user works in: their work queues
    agency_id: int | None = None  # partners: only records tied to this agency

    def q(self, area: str = "area", *, agency: str | None = None) -> Q:
        """Records whose area (at the lookup path ``area``) is within reach; for a partner, also tied to their
        agency at ``agency`` (a record with no tie to an agency is never a partner's)."""
        scope = Q(**{f"{area}__in": sorted(self.area_ids)})
        if self.agency_id is not None:
            scope &= Q(**{agency: self.agency_id}) if agency else Q(pk__in=[])
        return scope

    def filter(self, queryset: QuerySet[M], area: str = "area", *, agency: str | None = None) -> QuerySet[M]:
        return queryset.filter(self.q(area, agency=agency))

    def whole_areas(self) -> "Reach":
        """The same areas without a partner's tie to their agency: for figures counted over whole areas (counts,
        never a record), such as IDVA capacity."""
        return replace(self, agency_id=None)

    def own(self, queryset: QuerySet[M], area: str = "area") -> QuerySet[M]:
        """Records of the areas the user works in (a queue they work), whatever else they may see."""
        return queryset.filter(**{f"{area}__in": sorted(self.own_area_ids)})

    def covers(self, area: "Area | int | None") -> bool:
        """True when a record of this area (an Area, or its id) is within reach."""
        return getattr(area, "pk", area) in self.area_ids

    def works_in(self, area: "Area | int | None") -> bool:
        """True when the user works in this area (an Area, or its id)."""
        return getattr(area, "pk", area) in self.own_area_ids

    def areas(self) -> "QuerySet[Area]":
        """The areas within reach, by name."""
        from .models import Area

        return Area.objects.filter(pk__in=sorted(self.area_ids)).order_by("name")

    def own_areas(self) -> "QuerySet[Area]":
        from .models import Area

        return Area.objects.filter(pk__in=sorted(self.own_area_ids)).order_by("name")

    def own_users(self, queryset: "QuerySet[User] | None" = None) -> "QuerySet[User]":
        """Users who work in an area the user works in: who may chair or coordinate the meetings they set up."""
        from .models import User

        queryset = User.objects.all() if queryset is None else queryset
        return queryset.filter(pk__in=User.objects.filter(areas__in=sorted(self.own_area_ids)).values("pk"))

    def of_force(self, queryset: QuerySet[M], force: str = "force") -> QuerySet[M]:
        """Records that belong to the user's force (at the lookup path ``force``), such as the person index."""
        return queryset.filter(**{force: self.force_id})

    def covers_whole_force(self) -> bool:
        """True when every area of the user's force is within reach (a force-wide role, or one of all its areas)."""
        from .models import Area

        return self.area_ids >= set(Area.objects.filter(force_id=self.force_id).values_list("pk", flat=True))

    def covers_force(self, force: "Force | int | None") -> bool:
        """True when the force (a Force, or its id) is the user's."""
        return getattr(force, "pk", force) == self.force_id

    def users(self, queryset: "QuerySet[User] | None" = None) -> "QuerySet[User]":
        """Users of the same force: who may be named as an owner, an assignee, a chair..."""
        from .models import User

        queryset = User.objects.all() if queryset is None else queryset
        return queryset.filter(pk__in=User.objects.filter(areas__force_id=self.force_id).values("pk"))


def _areas_of(user: "User") -> list[tuple[int, int]]:
    """(area id, force id) of each area the user works in, read once per user object."""
    if not hasattr(user, "_reach_areas"):
        user._reach_areas = list(user.areas.values_list("pk", "force_id")) if user.pk else []
    return user._reach_areas


def force_of(user: "User | AnonymousUser | None") -> int | None:
    """The id of the user's one force; None with no area, or with areas of two forces (they reach nothing)."""
    if user is None or not user.is_authenticated:
        return None
    forces = {force_id for _, force_id in _areas_of(user)}
    return forces.pop() if len(forces) == 1 else None


def _force_area_ids(user: "User", force_id: int) -> frozenset[int]:
    if not hasattr(user, "_reach_force_areas"):
        from .models import Area

        user._reach_force_areas = frozenset(Area.objects.filter(force_id=force_id).values_list("pk", flat=True))
    return user._reach_force_areas


def reach(
    user: "User | AnonymousUser | None", permission: str | None = None, *, partners: bool = False
) -> Reach | None:
    """The user's reach for records guarded by ``permission``; None when they may see none of them.

    ``partners=True`` for the records partner agencies share in (MARAC): a partner's reach is then their
    agency in their own areas. Without it a partner reaches nothing, whatever their roles.
    """
    if user is None or not user.is_authenticated or (permission and not user.has_perm(permission)):
        return None
    force_id = force_of(user)
    if force_id is None:
        return None
    own = frozenset(area_id for area_id, _ in _areas_of(user))
    if user.is_partner:
        if not partners or user.agency_id is None:
            return None
        return Reach(force_id=force_id, area_ids=own, own_area_ids=own, agency_id=user.agency_id)
    areas = _force_area_ids(user, force_id) if user.has_perm(FORCE_WIDE) else own
    return Reach(force_id=force_id, area_ids=areas, own_area_ids=own)


def visible(
    queryset: QuerySet[M], user: "User | AnonymousUser | None", permission: str, area: str = "area"
) -> QuerySet[M]:
    """``queryset`` narrowed to the records of areas within the user's reach for ``permission`` (police only)."""
    found = reach(user, permission)
    return queryset.none() if found is None else found.filter(queryset, area)


def areas_within(
    user: "User | AnonymousUser | None", permission: str | None = None, *, own: bool = False, partners: bool = False
) -> "QuerySet[Area]":
    """The areas within the user's reach for ``permission`` (``own``: those they work in), by name."""
    from .models import Area

    found = reach(user, permission, partners=partners)
    if found is None:
        return Area.objects.none()
    return found.own_areas() if own else found.areas()


def force_areas(user: "User | AnonymousUser | None") -> "QuerySet[Area]":
    """Every area of the user's force (none without one force), for naming an area by its code: codes are unique
    within a force. Whether the user may act there is another question, answered by ``reach``."""
    from .models import Area

    force_id = force_of(user)
    return Area.objects.none() if force_id is None else Area.objects.filter(force_id=force_id).order_by("name")


def works_in(user: "User | AnonymousUser | None", area: "Area | int | None") -> bool:
    """True when the user (police or partner) works in the area (an Area, or its id), within their one force."""
    found = reach(user, partners=True)
    return found is not None and found.works_in(area)
