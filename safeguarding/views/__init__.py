"""Pages of the safeguarding app."""
