"""Safeguarding models, one module per part (protection notices and orders, civil orders, Clare's Law, bail,
Victims' Code); the clocks' sent rows are shared."""

from .civil import CivilOrder
from .clocks import ClockNotice
from .custody import BailCondition, CustodyStatus, RiskReviewTask, VictimViews
from .disclosures import Disclosure, DisclosureApplication, DisclosureStage
from .protection import (
    Breach,
    Condition,
    NoticeKind,
    OrderKind,
    OrderVariation,
    ProtectionNotice,
    ProtectionOrder,
    safeguarding_reach,
)
from .victims_code import VictimContact, VictimUpdate

__all__ = [
    "Breach",
    "CivilOrder",
    "ClockNotice",
    "Condition",
    "NoticeKind",
    "OrderKind",
    "OrderVariation",
    "ProtectionNotice",
    "ProtectionOrder",
    "safeguarding_reach",
    # Clare's Law, bail and release, the Victims' Code
    "BailCondition",
    "CustodyStatus",
    "Disclosure",
    "DisclosureApplication",
    "DisclosureStage",
    "RiskReviewTask",
    "VictimContact",
    "VictimUpdate",
    "VictimViews",
]
