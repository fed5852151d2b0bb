"""What a user may do to one plan's parts (see core/policies.py)."""

from accounts.models import User
from core.policies import Decision, policy
from plans.models import PlanTask


@policy("complete_plantask")
def can_complete_plantask(user: User, task: PlanTask) -> Decision:
    """The assignee completes their own task; those who manage plans may complete any."""
    if user.has_perm("plans.change_riskmanagementplan"):
        return Decision.ALLOW
    return Decision.of(user.pk == task.assignee_id and user.has_perm("plans.complete_plantask"))
