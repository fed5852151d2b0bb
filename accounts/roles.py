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

# Safeguarding (safeguarding/): the list of clocks, for those who act on notices, orders and victims' updates.
_SAFEGUARDING_CLOCKS = {"safeguarding.view_clocks"}
# Notices and orders: police see them within reach; attending officers draft, serve and record breaches; the
# ranks the rules name authorise (the role's permission, then the user's rank, safeguarding/policies.py); PVP
# records hearings, orders' variations and notifications, and the civil orders courts and solicitors notify.
_PROTECTION_READ = {"safeguarding.view_protectionnotice", "safeguarding.view_civilorder"}
_PROTECTION_ATTEND = _PROTECTION_READ | {
    "safeguarding.add_protectionnotice",
    "safeguarding.serve_protectionnotice",
    "safeguarding.add_breach",
}
_PROTECTION_AUTHORISE = {"safeguarding.authorise_protectionnotice"}
_PROTECTION_MANAGE = _PROTECTION_ATTEND | {
    "safeguarding.record_hearing",
    "safeguarding.change_protectionorder",
    "safeguarding.add_civilorder",
}

ROLE_PERMISSIONS: dict[Role, set[str]] = {
    Role.CALL_HANDLER: _CONTROL_ROOM | _PROTECTION_READ | {"safeguarding.add_breach"},
    Role.CONTROL_ROOM_SUPERVISOR: _CONTROL_ROOM
    | _PROTECTION_READ
    | _PROTECTION_AUTHORISE
    | {"safeguarding.add_breach", "safeguarding.add_civilorder"}
    | _MERGE
    | {"incidents.sign_off_incident", "incidents.audit_call", "incidents.record_outcome"},
    Role.RESPONSE_OFFICER: _ATTENDING | _PLAN_TASKS | _SAFEGUARDING_CLOCKS | _PROTECTION_ATTEND,
    Role.SERGEANT: _ATTENDING
    | _DIP_SAMPLE_ISSUES
    | _PLAN_TASKS
    | _SAFEGUARDING_CLOCKS
    | _PROTECTION_ATTEND
    | {"risk.review_as_sergeant"},
    Role.PVP_OFFICER: _ATTENDING
    | _PVP_QUEUE
    | _PLAN_MANAGE
    | _MARAC_TABLE
    | _MARAC_REFER
    | _SAFEGUARDING_CLOCKS
    | _PROTECTION_MANAGE
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
    | _SAFEGUARDING_CLOCKS
    | _PROTECTION_MANAGE
    | _PROTECTION_AUTHORISE
    | _REIDENTIFY
    | {"people.view_confidential_address"},
    Role.MARAC_CHAIR: _PERSON_READ | _INCIDENT_READ | _ASSESSMENT_READ | _PLAN_READ | _MARAC_RUN | _PROTECTION_READ,
    Role.MARAC_COORDINATOR: _PERSON_READ
    | _INCIDENT_READ
    | _ASSESSMENT_READ
    | _PLAN_READ
    | _MARAC_RUN
    | _PROTECTION_READ,
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
    | _SAFEGUARDING_CLOCKS
    | _PROTECTION_READ
    | _PROTECTION_AUTHORISE
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
        "imports.import_history",
    },
}

# Safeguarding (safeguarding/): Clare's Law, bail and release, the Victims' Code. Clare's Law is the PVP team's,
# decided by a supervisor (or a senior officer) for the multi-agency forum; partners see none of it. Bail and
# custody statuses are seen by everyone who sees incidents (the call handler sees the conditions at intake) and
# recorded by attending officers and the PVP team, who also give the Victims' Code updates.
_DISCLOSURE_READ = {"safeguarding.view_disclosureapplication"}
_DISCLOSURE_WORK = _DISCLOSURE_READ | {"safeguarding.add_disclosureapplication", "safeguarding.record_disclosure_stage"}
_DISCLOSURE_DECIDE = _DISCLOSURE_READ | {"safeguarding.decide_disclosure"}
_CUSTODY_READ = {"safeguarding.view_custodystatus"}
_CUSTODY_WORK = _CUSTODY_READ | {
    "safeguarding.add_custodystatus",
    "safeguarding.add_victimviews",
    "safeguarding.complete_riskreviewtask",
}
_VICTIMS_CODE_READ = {"safeguarding.view_victimupdate"}
_VICTIMS_CODE_WORK = _VICTIMS_CODE_READ | {"safeguarding.add_victimcontact"}
_SAFEGUARDING_CASES: dict[Role, set[str]] = {
    Role.CALL_HANDLER: _CUSTODY_READ,
    Role.CONTROL_ROOM_SUPERVISOR: _CUSTODY_READ,
    Role.RESPONSE_OFFICER: _CUSTODY_WORK | _VICTIMS_CODE_WORK,
    Role.SERGEANT: _CUSTODY_WORK | _VICTIMS_CODE_WORK,
    Role.PVP_OFFICER: _DISCLOSURE_WORK | _CUSTODY_WORK | _VICTIMS_CODE_WORK,
    Role.PVP_SUPERVISOR: _DISCLOSURE_WORK | _DISCLOSURE_DECIDE | _CUSTODY_WORK | _VICTIMS_CODE_WORK,
    Role.MARAC_CHAIR: _CUSTODY_READ,
    Role.MARAC_COORDINATOR: _CUSTODY_READ,
    Role.SENIOR_OFFICER: _DISCLOSURE_DECIDE | _CUSTODY_READ | _VICTIMS_CODE_READ,
}
for _role, _permissions in _SAFEGUARDING_CASES.items():
    ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS[_role] | _permissions
