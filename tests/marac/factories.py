"""MARAC meetings and referrals built through the real services (or, for the past, as time passing would)."""

from datetime import timedelta

from django.utils import timezone

from marac.models import MaracMeeting
from marac.services import referral_create

from ..factories import make_person


def make_meeting(world, *, days: float = 7, area=None, agencies=None, **fields) -> MaracMeeting:
    """A meeting ``days`` from now (negative: in the past) attended by the police, the IDVA service and
    children's services unless ``agencies`` says otherwise. Made directly: the service refuses the past."""
    starts_at = (timezone.now() + timedelta(days=days)).replace(second=0, microsecond=0)
    meeting = MaracMeeting.objects.create(area=area or world.area, starts_at=starts_at, **fields)
    meeting.agencies.set(
        agencies if agencies is not None else [world.police, world.idva_service, world.childrens_services]
    )
    return meeting


def refer(world, user, *, victim=None, perpetrators=(), area=None, **fields):
    """A referral on professional judgement (always available), unless the fields say otherwise."""
    data = {
        "criteria": ["professional_judgement"],
        "judgement_rationale": "Escalating threats",
        "information_sharing_basis": "Vital interests",
        "victim_aware": True,
        "referring_agency": world.police,
    } | fields
    return referral_create(
        victim=victim or make_person(given_name="Vera", surname="Case"),
        perpetrators=list(perpetrators),
        area=area or world.area,
        user=user,
        **data,
    )


def move_to(referral, meeting) -> None:
    """Put a case on a meeting directly (past meetings: the services refuse them)."""
    referral.meeting = meeting
    referral.save(update_fields=["meeting"])


def marac_for_access_table(*, personas, world) -> dict:
    """A coming meeting of area A attended by the police, the IDVA service and children's services, with one
    case (an action owned by the IDVA service, a share by the police), and an IDVA service of the area."""
    from decimal import Decimal

    from accounts.roles import Role
    from marac.models import IdvaService
    from marac.services import action_add, share_add

    meeting = make_meeting(world, days=7)
    referral = refer(world, personas[Role.PVP_OFFICER], victim=make_person(given_name="Mara", surname="Case"))
    action = action_add(
        referral=referral,
        meeting=meeting,
        owner_agency=world.idva_service,
        description="Contact the victim within 48 hours",
        due=timezone.localdate() + timedelta(days=10),
        user=personas[Role.MARAC_CHAIR],
    )
    share = share_add(
        referral=referral, stage="before", text="Two call-outs this month", user=personas[Role.PVP_OFFICER]
    )
    service = IdvaService.objects.create(area=world.area, agency=world.idva_service, staff_fte=Decimal("2.0"))
    return {
        "meeting": meeting.pk,
        "referral": referral.pk,
        "marac_action": action.pk,
        "share": share.pk,
        "idva_service": service.pk,
    }
