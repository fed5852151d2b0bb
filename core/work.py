"""The "my work" list on each user's home page.

Each feature registers a provider: a function that takes the user and returns
a WorkSection (or None when it has nothing for that user). Providers query
with care: the home page is every user's first page.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class WorkItem:
    label: str
    url: str = ""
    detail: str = ""
    overdue: bool = False


@dataclass
class WorkSection:
    title: str
    items: list[WorkItem] = field(default_factory=list)
    empty_text: str = "Nothing here."


Provider = Callable[[object], WorkSection | None]
_PROVIDERS: list[Provider] = []


def provider(func: Provider) -> Provider:
    """Register a "my work" provider (used as a decorator)."""
    _PROVIDERS.append(func)
    return func


def my_work(user) -> list[WorkSection]:
    return [section for p in _PROVIDERS if (section := p(user)) is not None]
