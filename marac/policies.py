"""What a user may do about MARAC for one record (see core/policies.py)."""

from accounts.models import Area, User
from accounts.reach import reach
from core.policies import Decision, policy
from marac.models import MaracAction, MaracMeeting, MaracReferral
from people.models import Person


def referral_area(user: User, person: Person) -> Area | None:
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
def can_refer_person(user: User, person: Person) -> Decision:
    """Police refer a victim from their page: a current record with an incident as victim in the user's areas."""
    if not user.has_perm("marac.add_maracreferral") or user.is_partner:
        return Decision.FORBIDDEN
    if person.merged_into_id or referral_area(user, person) is None:
        return Decision.FORBIDDEN
    return Decision.ALLOW


@policy("update_maracaction")
def can_update_maracaction(user: User, action: MaracAction) -> Decision:
    """The chair and coordinator update any action; everyone else only their own agency's."""
    if user.has_perm("marac.add_maracaction"):
        return Decision.ALLOW
    return Decision.of(user.agency_id is not None and action.owner_agency_id == user.agency_id)


def attends(meeting: MaracMeeting | None, user: User) -> bool:
    """Whether the user's agency sits at the meeting (and so may share on its cases)."""
    return meeting is not None and user.agency_id is not None and meeting.agencies.filter(pk=user.agency_id).exists()


@policy("share_maracreferral")
def can_share_maracreferral(user: User, referral: MaracReferral) -> Decision:
    """An agency shares what it knows of a case on a meeting it attends."""
    return Decision.of(user.has_perm("marac.add_informationshare") and attends(referral.meeting, user))


@policy("see_safe_contact")
def can_see_safe_contact(user: User, referral: MaracReferral) -> Decision:
    """The victim's safe numbers and times: for the police who can see the case and the IDVA service it is
    allocated to, not for the other agencies at the table."""
    if not user.has_perm("marac.view_maracreferral"):
        return Decision.FORBIDDEN
    if not user.is_partner:
        return Decision.ALLOW
    return Decision.of(referral.idva_service is not None and user.agency_id == referral.idva_service.agency_id)


@policy("edit_safe_contact")
def can_edit_safe_contact(user: User, referral: MaracReferral) -> Decision:
    """Police who refer or run the meeting, and the allocated IDVA service, keep the safe-contact notes."""
    decision = can_see_safe_contact(user, referral)
    if decision and not user.is_partner:
        return Decision.of(user.has_perm("marac.add_maracreferral") or user.has_perm("marac.change_maracreferral"))
    return decision
