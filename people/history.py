"""Sections of a person's history on the intake screen and the person page, contributed by each feature.

A provider (``@history_provider``, see core/registry.py) takes the person and returns a HistorySection, or None
when it has nothing to add: risk grades come from risk, plans from plans, MARAC referrals from marac.
"""

from core.registry import Section, Sections

HistorySection = Section  # items are lines of text

HISTORY: Sections[HistorySection] = Sections()
history_provider = HISTORY.provider
history_sections = HISTORY.sections
