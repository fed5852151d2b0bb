"""The MARAC API: meetings, referrals (a police and a partner version), the agenda, actions and what agencies share.

Every object is looked up through its model's ``visible_to``: another area's or another agency's case is 404.
"""

from .meetings import MeetingAgenda, MeetingAgendaPdf, MeetingDetail, MeetingListCreate
from .referrals import (
    ActionCreate,
    ActionStatus,
    ReferralDetail,
    ReferralIdva,
    ReferralListCreate,
    ReferralMinutes,
    ReferralMove,
    ShareCreate,
)

__all__ = [
    "ActionCreate",
    "ActionStatus",
    "MeetingAgenda",
    "MeetingAgendaPdf",
    "MeetingDetail",
    "MeetingListCreate",
    "ReferralDetail",
    "ReferralIdva",
    "ReferralListCreate",
    "ReferralMinutes",
    "ReferralMove",
    "ShareCreate",
]
