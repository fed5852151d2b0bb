"""What a user may do to one person's record (see core/policies.py)."""

from accounts.models import User
from accounts.reach import reach
from core.policies import Decision, policy
from people.models import Person


@policy("view_person")
def can_view_person(user: User, person: Person) -> Decision:
    """The index is the force's: any role holding the permission sees every person of its own force."""
    found = reach(user, "people.view_person")
    if found is None:
        return Decision.FORBIDDEN
    return Decision.of(found.covers_force(person.force_id), otherwise=Decision.HIDDEN)
