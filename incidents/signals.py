"""Signals other features listen to, so that incidents need not know them."""

from django.dispatch import Signal

# Sent inside incident_create's transaction once the incident and its parties are saved: incident, user.
incident_recorded = Signal()
