"""The roles of PRODUCT.md and what each may do.

Each role is a Django group; its permissions are listed here and nowhere else.
``sync_roles`` (run after every migrate) makes the groups match this table.
"""

from django.db import models


class Role(models.TextChoices):
    CALL_HANDLER = "call_handler", "Call handler"
    CONTROL_ROOM_SUPERVISOR = "control_room_supervisor", "Control-room supervisor"
    RESPONSE_OFFICER = "response_officer", "Response officer"
    SERGEANT = "sergeant", "Sergeant"
    PVP_OFFICER = "pvp_officer", "PVP / domestic-abuse officer"
    PVP_SUPERVISOR = "pvp_supervisor", "PVP supervisor"
    MARAC_CHAIR = "marac_chair", "MARAC chair"
    MARAC_COORDINATOR = "marac_coordinator", "MARAC coordinator"
    IDVA = "idva", "IDVA"
    PARTNER_AGENCY = "partner_agency", "Partner agency"
    SENIOR_OFFICER = "senior_officer", "Inspector / superintendent"
    ANALYST = "analyst", "Analyst"
    AUDITOR = "auditor", "Information-management auditor"
    ADMINISTRATOR = "administrator", "Administrator"


POLICE_ROLES = frozenset(Role) - {Role.IDVA, Role.PARTNER_AGENCY}
PARTNER_ROLES = frozenset({Role.IDVA, Role.PARTNER_AGENCY})

# Permission codenames ("app_label.codename") granted to each role. Features add
# their permissions here as they arrive.
_PERSON_READ = {"people.view_person"}
_PERSON_WRITE = _PERSON_READ | {"people.add_person", "people.change_person", "people.add_marker"}
_INCIDENT_READ = {"incidents.view_incident"}
_CONTROL_ROOM = (
    _PERSON_WRITE
    | _INCIDENT_READ
    | {
        "incidents.view_all_areas",
        "incidents.add_incident",
        "incidents.change_incident",
        "incidents.record_intelligence_check",
    }
)
_ATTENDING = (
    _PERSON_WRITE
    | _INCIDENT_READ
    | {
        "incidents.change_incident",
        "incidents.record_outcome",
        "incidents.add_evidence",
    }
)
_MERGE = {"people.merge_person", "people.view_duplicatesuggestion"}

ROLE_PERMISSIONS: dict[Role, set[str]] = {
    Role.CALL_HANDLER: _CONTROL_ROOM,
    Role.CONTROL_ROOM_SUPERVISOR: _CONTROL_ROOM
    | _MERGE
    | {"incidents.sign_off_incident", "incidents.audit_call", "incidents.record_outcome"},
    Role.RESPONSE_OFFICER: _ATTENDING,
    Role.SERGEANT: _ATTENDING,
    Role.PVP_OFFICER: _ATTENDING | {"people.view_confidential_address"},
    Role.PVP_SUPERVISOR: _ATTENDING | _MERGE | {"people.view_confidential_address"},
    Role.MARAC_CHAIR: _PERSON_READ | _INCIDENT_READ,
    Role.MARAC_COORDINATOR: _PERSON_READ | _INCIDENT_READ,
    Role.IDVA: set(),
    Role.PARTNER_AGENCY: set(),
    Role.SENIOR_OFFICER: _PERSON_READ
    | _INCIDENT_READ
    | {"incidents.view_all_areas", "people.view_confidential_address"},
    Role.ANALYST: set(),
    Role.AUDITOR: {"audit.view_accesslog"},
    Role.ADMINISTRATOR: {
        "audit.view_accesslog",
        "accounts.view_user",
        "accounts.add_user",
        "accounts.change_user",
        "accounts.view_area",
        "accounts.add_area",
        "accounts.change_area",
        "accounts.view_agency",
        "accounts.add_agency",
        "accounts.change_agency",
        "accounts.view_force",
        "accounts.change_force",
        "django_celery_beat.view_periodictask",
        "django_celery_beat.change_periodictask",
    },
}
