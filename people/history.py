"""Sections of a person's history on the intake screen and the person page, contributed by each feature.

A provider takes the person and returns a HistorySection (or None when it has nothing to add):
risk grades come from risk, plans from plans, and MARAC and orders will come from their apps.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class HistorySection:
    title: str
    items: list[str] = field(default_factory=list)
    empty_text: str = "None."


HistoryProvider = Callable[[object], HistorySection | None]
_PROVIDERS: list[HistoryProvider] = []


def history_provider(func: HistoryProvider) -> HistoryProvider:
    """Register a history provider (used as a decorator)."""
    _PROVIDERS.append(func)
    return func


def history_sections(person) -> list[HistorySection]:
    return [section for p in _PROVIDERS if (section := p(person)) is not None]
