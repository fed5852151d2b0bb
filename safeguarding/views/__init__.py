"""Pages of the safeguarding app."""

from . import clocks  # noqa: F401
