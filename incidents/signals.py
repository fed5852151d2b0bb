"""Signals other features listen to, so that incidents need not know them."""

from django.dispatch import Signal

# Sent inside incident_create's transaction once the incident and its parties are saved: incident, user.
incident_recorded = Signal()

# Sent inside arrest_record's transaction once the arrest is saved: arrest, user (the Victims' Code listens).
arrest_recorded = Signal()

# Sent inside crime_outcome_record's transaction once the outcome is saved: crime, user.
crime_outcome_recorded = Signal()
