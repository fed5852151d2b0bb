"""Who may see the force page and enter the force's totals, and for which areas.

Analysts, senior officers and PVP supervisors see the figures of the areas within their reach; the whole
force when their reach covers every area of it; never another force. Partners see nothing of it, whatever
role they are given. The reach itself is asked of ``accounts.reach`` in one place, ``reach_of``.
"""

from dataclasses import dataclass

from django.http import Http404

from accounts.models import Area, Force, User
from accounts.reach import Reach, reach

VIEW_FORCE_PAGE = "reports.view_force_page"
ENTER_TOTALS = "reports.add_forcetotals"
VIEW_PROFILE = "reports.view_problem_profile"
REIDENTIFY = "reports.reidentify_person"


@dataclass(frozen=True)
class Scope:
    """What a report is about: one area of a force, or the whole force (area None)."""

    force: Force
    area: Area | None = None

    @property
    def label(self) -> str:
        return self.area.name if self.area else f"{self.force.name} (whole force)"

    @property
    def area_code(self) -> str:
        return self.area.code if self.area else ""


@dataclass(frozen=True)
class ReportReach:
    """The areas a user may report on, and the forces they may report on as a whole (at most their own)."""

    areas: tuple[Area, ...]
    whole_forces: tuple[Force, ...]
    within: Reach | None = None  # accounts.reach's answer, for filtering records

    def __bool__(self) -> bool:
        return bool(self.areas)


def reach_of(user: User, permission: str = VIEW_FORCE_PAGE) -> ReportReach:
    """The one place the reports ask accounts.reach which areas a user may see."""
    found = reach(user, permission)
    if found is None:
        return ReportReach((), ())
    areas = tuple(found.areas().select_related("force"))
    whole = (areas[0].force,) if areas and found.covers_whole_force() else ()
    return ReportReach(areas, whole, found)


def may_view_force_page(user: User) -> bool:
    return bool(reach_of(user))


def scope_for(reach: ReportReach, area_code: str) -> Scope | None:
    """The scope asked for by area code (empty: the whole force).

    An area outside the user's reach, or of another force, is a 404; None when the whole force is asked for
    by someone whose reach does not cover it (or covers more than one force), which the caller reports as an
    error beside the area.
    """
    if area_code:
        matches = [a for a in reach.areas if a.code == area_code]
        if len(matches) != 1:
            raise Http404
        return Scope(force=matches[0].force, area=matches[0])
    if len(reach.whole_forces) == 1 and len({a.force_id for a in reach.areas}) == 1:
        return Scope(force=reach.whole_forces[0])
    return None
