"""The "my work" list on each user's home page.

Each feature registers a provider (``@provider``, see core/registry.py): a function that takes the user and
returns a WorkSection, or None when it has nothing for that user. Providers query with care: the home page is
every user's first page.
"""

from dataclasses import dataclass

from .registry import Section, Sections


@dataclass
class WorkItem:
    label: str
    url: str = ""
    detail: str = ""
    overdue: bool = False


@dataclass
class WorkSection(Section):
    """Items are WorkItems."""

    empty_text: str = "Nothing here."


MY_WORK: Sections[WorkSection] = Sections()
provider = MY_WORK.provider
my_work = MY_WORK.sections
