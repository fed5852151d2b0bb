"""Writes for risk assessment: each function is one transaction."""
