"""What a user may do to one dip sample or one sampled assessment (see core/policies.py).

Reach is by the sample's area, as for the lists (``visible_to``): both ask accounts.reach.
"""

from accounts.models import Area, User
from accounts.reach import reach
from core.policies import Decision, policy
from sampling.models import DipSample, DipSampleItem


def _in_reach(user: User, area: Area, permission: str) -> Decision:
    if not user.has_perm(permission):
        return Decision.FORBIDDEN
    found = reach(user, "sampling.view_dipsample")
    return Decision.of(found is not None and found.covers(area), otherwise=Decision.HIDDEN)


@policy("view_dipsample")
def can_view_dipsample(user: User, sample: DipSample) -> Decision:
    return _in_reach(user, sample.area, "sampling.view_dipsample")


@policy("review_dipsampleitem")
def can_review_dipsampleitem(user: User, item: DipSampleItem) -> Decision:
    """A PVP supervisor reviews the sampled assessments of samples within their reach."""
    return _in_reach(user, item.sample.area, "sampling.review_dipsample")
