"""Writes of the safeguarding app (keyword-only, typed, one transaction each)."""
