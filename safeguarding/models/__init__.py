"""Safeguarding models, one module per part (protection notices and orders, Clare's Law, bail, Victims' Code,
civil orders); the clocks' sent rows are shared."""

from .clocks import ClockNotice

__all__ = ["ClockNotice"]
