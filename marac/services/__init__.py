"""MARAC services: every rule about referrals, meetings, sharing and actions lives here."""

from .actions import action_add, action_update
from .meetings import meeting_case_move, meeting_create, meeting_update, referral_move, share_add
from .referrals import (
    CriterionCheck,
    book_meeting,
    next_meeting,
    partner_referral_create,
    pending_referral,
    referral_allocate_idva,
    referral_create,
    referral_criteria,
    referral_minutes,
    referral_safe_contact,
)
from .repeats import flag_repeats

__all__ = [
    "CriterionCheck",
    "action_add",
    "action_update",
    "book_meeting",
    "flag_repeats",
    "meeting_case_move",
    "meeting_create",
    "meeting_update",
    "next_meeting",
    "partner_referral_create",
    "pending_referral",
    "referral_allocate_idva",
    "referral_create",
    "referral_criteria",
    "referral_minutes",
    "referral_move",
    "referral_safe_contact",
    "share_add",
]
