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
        "accounts.view_force_wide",
        "incidents.add_incident",
        "incidents.change_incident",
        "incidents.record_intelligence_check",
    }
)
_ASSESSMENT_READ = {"risk.view_assessment"}
_ATTENDING = (
    _PERSON_WRITE
    | _INCIDENT_READ
    | _ASSESSMENT_READ
    | {
        "incidents.change_incident",
        "incidents.record_outcome",
        "incidents.add_evidence",
        "risk.add_assessment",
        "risk.change_assessment",
    }
)
_PVP_QUEUE = {"risk.view_pvpqueueitem", "risk.view_pvp_queue", "risk.review_in_pvp_queue"}
_MERGE = {"people.merge_person", "people.view_duplicatesuggestion"}
_DIP_SAMPLE_ISSUES = {"sampling.acknowledge_practice_issue"}  # supervisors take up practice issues with officers
_DIP_SAMPLE = {"sampling.view_dipsample", "sampling.draw_dipsample", "sampling.review_dipsample"} | _DIP_SAMPLE_ISSUES
# Risk-management plans: officers see their areas' plans and complete tasks given to them; the PVP team runs them.
_PLAN_READ = {"plans.view_riskmanagementplan"}
_PLAN_TASKS = _PLAN_READ | {"plans.complete_plantask"}
_PLAN_MANAGE = _PLAN_TASKS | {
    "plans.view_plan_list",
    "plans.add_riskmanagementplan",
    "plans.change_riskmanagementplan",
    "plans.add_planaction",
    "plans.change_planaction",
    "plans.add_plantask",
    "plans.add_planreview",
}

# MARAC: everyone at the table sees the cases of meetings within their reach (police by area, partners by the
# meetings their agency attends), takes the agenda and shares what their agency knows; chair and coordinator
# run the meetings; referrers refer; owner agencies update their own actions.
_MARAC_READ = {
    "marac.view_maracmeeting",
    "marac.view_maracreferral",
    "marac.view_maracaction",
    "marac.download_agenda",
}
_MARAC_TABLE = _MARAC_READ | {"marac.add_informationshare", "marac.change_maracaction"}
_MARAC_REFER = {"marac.add_maracreferral"}
_MARAC_CAPACITY = {"marac.view_idva_capacity"}
_MARAC_RUN = (
    _MARAC_TABLE
    | _MARAC_REFER
    | _MARAC_CAPACITY
    | {
        "marac.add_maracmeeting",
        "marac.change_maracmeeting",
        "marac.change_maracreferral",
        "marac.add_maracaction",
    }
)

# The force page (reports/): analysts, senior officers and PVP supervisors, within their reach; analysts enter the
# force's own totals it divides by.
_FORCE_PAGE = {"reports.view_force_page", "reports.view_problem_profile"}
# Re-identifying a pseudonym of the problem profile (with a reason, logged): PVP supervisors and senior officers.
_REIDENTIFY = {"reports.reidentify_person"}
_FORCE_TOTALS = {"reports.add_forcetotals", "reports.change_forcetotals", "reports.view_forcetotals"}

ROLE_PERMISSIONS: dict[Role, set[str]] = {
    Role.CALL_HANDLER: _CONTROL_ROOM,
    Role.CONTROL_ROOM_SUPERVISOR: _CONTROL_ROOM
    | _MERGE
    | {"incidents.sign_off_incident", "incidents.audit_call", "incidents.record_outcome"},
    Role.RESPONSE_OFFICER: _ATTENDING | _PLAN_TASKS,
    Role.SERGEANT: _ATTENDING | _DIP_SAMPLE_ISSUES | _PLAN_TASKS | {"risk.review_as_sergeant"},
    Role.PVP_OFFICER: _ATTENDING
    | _PVP_QUEUE
    | _PLAN_MANAGE
    | _MARAC_TABLE
    | _MARAC_REFER
    | {"people.view_confidential_address", "sampling.view_dipsample"},
    Role.PVP_SUPERVISOR: _ATTENDING
    | _MERGE
    | _PVP_QUEUE
    | _DIP_SAMPLE
    | _PLAN_MANAGE
    | _MARAC_TABLE
    | _MARAC_REFER
    | _MARAC_CAPACITY
    | _FORCE_PAGE
    | _REIDENTIFY
    | {"people.view_confidential_address"},
    Role.MARAC_CHAIR: _PERSON_READ | _INCIDENT_READ | _ASSESSMENT_READ | _PLAN_READ | _MARAC_RUN,
    Role.MARAC_COORDINATOR: _PERSON_READ | _INCIDENT_READ | _ASSESSMENT_READ | _PLAN_READ | _MARAC_RUN,
    Role.IDVA: _MARAC_TABLE | _MARAC_REFER,
    Role.PARTNER_AGENCY: _MARAC_TABLE | _MARAC_REFER,
    Role.SENIOR_OFFICER: _PERSON_READ
    | _INCIDENT_READ
    | _ASSESSMENT_READ
    | _DIP_SAMPLE_ISSUES
    | _PLAN_READ
    | {"plans.view_plan_list"}
    | _MARAC_READ
    | _MARAC_CAPACITY
    | _FORCE_PAGE
    | _REIDENTIFY
    | {"accounts.view_force_wide", "people.view_confidential_address", "sampling.view_dipsample"},
    Role.ANALYST: _MARAC_CAPACITY | _FORCE_PAGE | _FORCE_TOTALS,
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
        "marac.view_idvaservice",
        "marac.add_idvaservice",
        "marac.change_idvaservice",
        "django_celery_beat.view_periodictask",
        "django_celery_beat.change_periodictask",
    },
}
