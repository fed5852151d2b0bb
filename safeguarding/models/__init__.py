"""Safeguarding models, one module per part (protection notices and orders, Clare's Law, bail, Victims' Code,
civil orders); the clocks' sent rows are shared."""

from .clocks import ClockNotice
from .custody import BailCondition, CustodyStatus, RiskReviewTask, VictimViews
from .disclosures import Disclosure, DisclosureApplication, DisclosureStage
from .victims_code import VictimContact, VictimUpdate

__all__ = [
    "ClockNotice",
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
