"""What a user may do to one person's record (see core/policies.py)."""

from core.policies import Decision, policy


@policy("view_person")
def can_view_person(user, person) -> Decision:
    """The index is force-wide: any role holding the permission sees every person in it."""
    return Decision.of(user.is_authenticated and user.has_perm("people.view_person"))
