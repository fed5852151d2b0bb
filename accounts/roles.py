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
ROLE_PERMISSIONS: dict[Role, set[str]] = {
    Role.CALL_HANDLER: set(),
    Role.CONTROL_ROOM_SUPERVISOR: set(),
    Role.RESPONSE_OFFICER: set(),
    Role.SERGEANT: set(),
    Role.PVP_OFFICER: set(),
    Role.PVP_SUPERVISOR: set(),
    Role.MARAC_CHAIR: set(),
    Role.MARAC_COORDINATOR: set(),
    Role.IDVA: set(),
    Role.PARTNER_AGENCY: set(),
    Role.SENIOR_OFFICER: set(),
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
