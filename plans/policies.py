"""What a user may do to one plan's parts (see core/policies.py)."""

from core.policies import Decision, policy


@policy("complete_plantask")
def can_complete_plantask(user, task) -> Decision:
    """The assignee completes their own task; those who manage plans may complete any."""
    if user.has_perm("plans.change_riskmanagementplan"):
        return Decision.ALLOW
    return Decision.of(user.pk == task.assignee_id and user.has_perm("plans.complete_plantask"))
