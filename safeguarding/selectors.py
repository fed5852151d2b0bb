"""Reads of the safeguarding app that cross models."""
