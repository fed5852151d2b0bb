"""Pages whose sections come from the features: "my work" on the home page, a person's history.

A feature registers a provider with the page's ``Sections`` (used as a decorator): a function that takes the
page's subject (the user, the person) and returns a section, or None when it has nothing to add. The page
never names the features, so a new one adds its section without touching it.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, TypeVar


@dataclass
class Section:
    """One feature's part of the page: a title, its items, and what to say when there are none."""

    title: str
    items: list = field(default_factory=list)
    empty_text: str = "None."


S = TypeVar("S", bound=Section)


class Sections(Generic[S]):
    """The providers of one page's sections, in the order they registered."""

    def __init__(self) -> None:
        self._providers: list[Callable[[object], S | None]] = []

    def provider(self, func: Callable[[object], S | None]) -> Callable[[object], S | None]:
        """Register a provider (used as a decorator)."""
        self._providers.append(func)
        return func

    def sections(self, subject) -> list[S]:
        return [section for p in self._providers if (section := p(subject)) is not None]
