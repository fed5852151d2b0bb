"""What the MARAC API views share: permissions, filters and the lookups that go through ``visible_to``."""

from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404
from rest_framework.exceptions import ValidationError

from ...models import InformationShare, MaracAction, MaracMeeting, MaracReferral
from ..serializers import (
    MaracPartnerReferralSerializer,
    MaracReferralSerializer,
)

VIEW_MEETING = "marac.view_maracmeeting"
VIEW_REFERRAL = "marac.view_maracreferral"
CHANGE_REFERRAL = "marac.change_maracreferral"
DOWNLOAD = "marac.download_agenda"


def referrals_for(user):
    """The cases the user can see, with what the summary shows of each, in a fixed number of queries."""
    return (
        MaracReferral.objects.visible_to(user)
        .select_related("victim", "area", "referring_agency", "assessment", "idva_service__agency")
        .prefetch_related("perpetrators")
        .annotate(children=Count("assessment__children", distinct=True))
    )


def referral_data(user, pk: int) -> dict:
    """One case as the user may see it: the partner version leaves out police-only detail."""
    referral = (
        referrals_for(user)
        .select_related("referred_by")
        .prefetch_related(
            Prefetch("actions", queryset=MaracAction.objects.select_related("owner_agency")),
            Prefetch("shares", queryset=InformationShare.objects.select_related("agency", "recorded_by")),
        )
        .get(pk=pk)
    )
    return (MaracPartnerReferralSerializer if user.is_partner else MaracReferralSerializer)(referral).data


def visible_referral(request, pk: int) -> MaracReferral:
    return get_object_or_404(MaracReferral.objects.visible_to(request.user).select_related("meeting"), pk=pk)


def meetings_for(user):
    return (
        MaracMeeting.objects.visible_to(user)
        .select_related("area", "chair", "coordinator")
        .prefetch_related("agencies")
        .annotate(cases=Count("referrals", distinct=True))
    )


def visible_meeting(request, pk: int) -> MaracMeeting:
    return get_object_or_404(meetings_for(request.user), pk=pk)


def meeting_field(request, pk: int | None) -> MaracMeeting:
    meeting = MaracMeeting.objects.visible_to(request.user).filter(pk=pk).first() if pk is not None else None
    if meeting is None:
        raise ValidationError({"meeting": ["No such meeting."]})
    return meeting
