"""What a user may do about MARAC for one record (see core/policies.py)."""

from accounts.reach import reach
from core.policies import Decision, policy


def referral_area(user, person):
    """The area a police referral from the person's page goes to: their latest incident as a victim within the
    areas the user works in; None when there is no such incident."""
    from incidents.models import Party

    found = reach(user, "marac.add_maracreferral")
    if found is None:
        return None
    party = (
        found.own(Party.objects.filter(person=person, role=Party.Role.VICTIM), area="incident__area")
        .select_related("incident__area__force")
        .order_by("-incident__received_at")
        .first()
    )
    return party.incident.area if party else None


@policy("refer_person")
def can_refer_person(user, person) -> Decision:
    """Police refer a victim from their page: a current record with an incident as victim in the user's areas."""
    if not user.has_perm("marac.add_maracreferral") or user.is_partner:
        return Decision.FORBIDDEN
    if person.merged_into_id or referral_area(user, person) is None:
        return Decision.FORBIDDEN
    return Decision.ALLOW
