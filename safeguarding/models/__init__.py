"""Safeguarding models, one module per part (protection notices and orders, civil orders, Clare's Law, bail,
Victims' Code); the clocks' sent rows are shared."""

from .civil import CivilOrder
from .clocks import ClockNotice
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
]
