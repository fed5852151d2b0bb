"""Who may open each URL. Every named URL must be listed here (test_access_table checks).

PUBLIC: anyone, signed in or not. SIGNED_IN: every signed-in user. Otherwise
the set of roles allowed; every other role must be refused (403 or 404).
Each entry: (allowed, method, kwargs) where kwargs is a function of the
objects that tests/test_access_table.py builds (a person, an incident...).
"""

from accounts.roles import Role

from .marac.api_access import MARAC_API_ACCESS

PUBLIC = "public"
SIGNED_IN = "signed in"
# Only with the metrics bearer token (DACASE_METRICS_TOKEN), never a session: every user is refused without it,
# and anonymous callers get 401 rather than the sign-in page (tests/test_metrics.py).
TOKEN = "metrics token"

R = Role
CONTROL_ROOM = {R.CALL_HANDLER, R.CONTROL_ROOM_SUPERVISOR}
ATTENDING = {R.RESPONSE_OFFICER, R.SERGEANT, R.PVP_OFFICER, R.PVP_SUPERVISOR}
PERSON_READERS = CONTROL_ROOM | ATTENDING | {R.MARAC_CHAIR, R.MARAC_COORDINATOR, R.SENIOR_OFFICER}
PERSON_WRITERS = CONTROL_ROOM | ATTENDING
INCIDENT_READERS = PERSON_READERS
INCIDENT_CHANGERS = CONTROL_ROOM | ATTENDING
OUTCOME_RECORDERS = ATTENDING | {R.CONTROL_ROOM_SUPERVISOR}
MERGERS = {R.CONTROL_ROOM_SUPERVISOR, R.PVP_SUPERVISOR}
REVEALERS = {R.PVP_OFFICER, R.PVP_SUPERVISOR, R.SENIOR_OFFICER}
ASSESSMENT_READERS = ATTENDING | {R.MARAC_CHAIR, R.MARAC_COORDINATOR, R.SENIOR_OFFICER}
PVP = {R.PVP_OFFICER, R.PVP_SUPERVISOR}
DIP_SAMPLE_VIEWERS = {R.PVP_OFFICER, R.PVP_SUPERVISOR, R.SENIOR_OFFICER}
PLAN_READERS = ATTENDING | {R.MARAC_CHAIR, R.MARAC_COORDINATOR, R.SENIOR_OFFICER}
PLAN_LISTERS = PVP | {R.SENIOR_OFFICER}
PLAN_TASK_DOERS = ATTENDING
# The objects' task is given to the response officer: a sergeant may do plan tasks, but not someone else's.
TASK_COMPLETERS = PVP | {R.RESPONSE_OFFICER}

MARAC_RUNNERS = {R.MARAC_CHAIR, R.MARAC_COORDINATOR}
MARAC_TABLE = MARAC_RUNNERS | PVP | {R.IDVA, R.PARTNER_AGENCY}
MARAC_VIEWERS = MARAC_TABLE | {R.SENIOR_OFFICER}
MARAC_REFERRERS = MARAC_TABLE
CAPACITY_VIEWERS = MARAC_RUNNERS | {R.PVP_SUPERVISOR, R.SENIOR_OFFICER, R.ANALYST}
# The force page (reports/): within reach; analysts enter the force's totals.
FORCE_PAGE_VIEWERS = {R.ANALYST, R.SENIOR_OFFICER, R.PVP_SUPERVISOR}
TOTALS_ENTERERS = {R.ANALYST}
# The problem profile's pseudonyms re-identified (with a reason, logged).
REIDENTIFIERS = {R.PVP_SUPERVISOR, R.SENIOR_OFFICER}
# The objects' MARAC action is owned by the IDVA service: its IDVA may update it, other agencies may not.
MARAC_ACTION_UPDATERS = MARAC_RUNNERS | {R.IDVA}

# Safeguarding (safeguarding/): the clocks list, for those who act on notices and orders; notices and orders are
# seen by police within reach; attending officers draft and serve; the ranks the rules name authorise (the role,
# then the rank: a 400 with the reason for a role allowed at a lower rank); PVP records hearings and orders.
CLOCK_VIEWERS = ATTENDING | {R.SENIOR_OFFICER}
NOTICE_READERS = CONTROL_ROOM | ATTENDING | {R.MARAC_CHAIR, R.MARAC_COORDINATOR, R.SENIOR_OFFICER}
AUTHORISERS = {R.SENIOR_OFFICER, R.PVP_SUPERVISOR, R.CONTROL_ROOM_SUPERVISOR}
BREACH_RECORDERS = ATTENDING | CONTROL_ROOM
CIVIL_RECORDERS = PVP | {R.CONTROL_ROOM_SUPERVISOR}

# Clare's Law (the PVP team; a supervisor or senior officer decides), bail and custody (whoever sees incidents;
# attending officers record), the Victims' Code (attending officers and senior officers). Partners: none of it.
DISCLOSURE_READERS = PVP | {R.SENIOR_OFFICER}
DISCLOSURE_DECIDERS = {R.PVP_SUPERVISOR, R.SENIOR_OFFICER}
CUSTODY_READERS = CONTROL_ROOM | ATTENDING | {R.MARAC_CHAIR, R.MARAC_COORDINATOR, R.SENIOR_OFFICER}
# The objects' review task is the response officer's (they recorded the release): the PVP team may do it too.
REVIEW_DONERS = PVP | {R.RESPONSE_OFFICER}
VICTIMS_CODE_READERS = ATTENDING | {R.SENIOR_OFFICER}

NONE = {}


def _pk(name):
    return lambda o: {"pk": o[name]}


def _pk_as(key, name):
    return lambda o: {key: o[name]}


ACCESS: dict[str, tuple] = {
    "healthz": (PUBLIC, "get", None),
    "metrics": (TOKEN, "get", None),
    "accounts:login": (PUBLIC, "get", None),
    "accounts:logout": (PUBLIC, "get", None),
    "core:home": (SIGNED_IN, "get", None),
    # The installable web app: the service worker, its manifest, the offline page (no one's data).
    "core:service_worker": (PUBLIC, "get", None),
    "core:manifest": (PUBLIC, "get", None),
    "core:offline": (PUBLIC, "get", None),
    "device-key": (SIGNED_IN, "get", None),
    "accounts:two_factor": (SIGNED_IN, "get", None),
    "accounts:two_factor_setup": (SIGNED_IN, "get", None),
    "accounts:password_change": (SIGNED_IN, "get", None),
    "accounts:password_changed": (SIGNED_IN, "get", None),
    "api-docs": (SIGNED_IN, "get", None),
    "api-schema": (SIGNED_IN, "get", None),
    "me": (SIGNED_IN, "get", None),
    "area-list": (SIGNED_IN, "get", None),
    "auth-token": (SIGNED_IN, "post", None),
    "auth-logout": (SIGNED_IN, "post", None),
    "auth-logout-all": (SIGNED_IN, "post", None),
    "audit:search": ({R.AUDITOR, R.ADMINISTRATOR}, "get", None),
    # Person index
    "people:search": (PERSON_READERS, "get", None),
    "people:detail": (PERSON_READERS, "get", _pk("person")),
    "people:history": (PERSON_READERS, "get", _pk("person")),
    "people:chosen": (PERSON_READERS, "get", _pk("person")),
    "people:add_detail": (PERSON_WRITERS, "post", lambda o: {"pk": o["person"], "kind": "alias"}),
    "people:reveal_address": (REVEALERS, "post", lambda o: {"pk": o["person"], "address_pk": o["address"]}),
    "people:duplicates": (MERGERS, "get", None),
    "people:not_duplicate": (MERGERS, "post", _pk("suggestion")),
    "people:merge": (MERGERS, "get", None),
    "people:merge_undo": (MERGERS, "post", _pk("merge")),
    "person-search": (PERSON_READERS, "get", None),
    "person-list": (PERSON_READERS, "get", None),
    "person-detail": (PERSON_READERS, "get", _pk("person")),
    # Incidents
    "incidents:list": (INCIDENT_READERS, "get", None),
    "incidents:create": (CONTROL_ROOM, "get", None),
    "incidents:detail": (INCIDENT_READERS, "get", _pk("incident")),
    "incidents:sign_off_queue": ({R.CONTROL_ROOM_SUPERVISOR}, "get", None),
    "incidents:call_audits": ({R.CONTROL_ROOM_SUPERVISOR}, "get", None),
    "incidents:call_audit_score": ({R.CONTROL_ROOM_SUPERVISOR}, "get", _pk("call_audit")),
    "incidents:intelligence_check": (CONTROL_ROOM, "post", _pk("incident")),
    "incidents:grade": (INCIDENT_CHANGERS, "post", _pk("incident")),
    "incidents:deployment": (INCIDENT_CHANGERS, "post", _pk("incident")),
    "incidents:supervisor_attendance": (INCIDENT_CHANGERS, "post", _pk("incident")),
    "incidents:record_crime": (OUTCOME_RECORDERS, "post", _pk("incident")),
    "incidents:no_crime": (OUTCOME_RECORDERS, "post", _pk("incident")),
    "incidents:allocate": (OUTCOME_RECORDERS, "post", lambda o: {"pk": o["incident"], "crime_pk": o["crime"]}),
    "incidents:outcome": (OUTCOME_RECORDERS, "post", lambda o: {"pk": o["incident"], "crime_pk": o["crime"]}),
    "incidents:arrest": (OUTCOME_RECORDERS, "post", _pk("incident")),
    "incidents:positive_action": (OUTCOME_RECORDERS, "post", _pk("incident")),
    "incidents:evidence": (ATTENDING, "post", _pk("incident")),
    "incidents:evidence_file": (INCIDENT_READERS, "get", lambda o: {"pk": o["incident"], "evidence_pk": o["photo"]}),
    "incidents:submit": (INCIDENT_CHANGERS, "post", _pk("incident")),
    "incidents:sign_off": ({R.CONTROL_ROOM_SUPERVISOR}, "post", _pk("awaiting_incident")),
    "incidents:return": ({R.CONTROL_ROOM_SUPERVISOR}, "post", _pk("awaiting_incident")),
    # Risk assessment (DASH) and the review queues
    "risk:start": (ATTENDING, "get", _pk_as("incident_pk", "incident")),
    "risk:detail": (ASSESSMENT_READERS, "get", _pk("submitted")),
    "risk:section": ({R.RESPONSE_OFFICER}, "get", lambda o: {"pk": o["draft"], "number": 1}),
    "risk:answer": ({R.RESPONSE_OFFICER}, "post", _pk("draft")),
    "risk:children": ({R.RESPONSE_OFFICER}, "get", _pk("draft")),
    "risk:submit": ({R.RESPONSE_OFFICER}, "get", _pk("draft")),
    "risk:sergeant_queue": ({R.SERGEANT}, "get", None),
    "risk:sergeant_review": ({R.SERGEANT}, "post", _pk("submitted")),
    "risk:pvp_queue": (PVP, "get", None),
    "risk:pvp_claim_next": (PVP, "post", None),
    "risk:pvp_claim": (PVP, "post", _pk("pvp_item")),
    "risk:pvp_release": (PVP, "post", _pk("pvp_item")),
    "risk:pvp_review": (PVP, "get", _pk("pvp_item")),
    # Dip sampling of standard-risk assessments
    "sampling:compliance": (DIP_SAMPLE_VIEWERS, "get", None),
    "sampling:draw": ({R.PVP_SUPERVISOR}, "post", None),
    "sampling:sample": (DIP_SAMPLE_VIEWERS, "get", _pk("dip_sample")),
    "sampling:item": ({R.PVP_SUPERVISOR}, "get", _pk("dip_item")),
    "sampling:issue": ({R.SERGEANT, R.PVP_SUPERVISOR, R.SENIOR_OFFICER}, "get", _pk("dip_issue")),
    "dipsample-list": (DIP_SAMPLE_VIEWERS, "get", None),
    "dipsample-detail": (DIP_SAMPLE_VIEWERS, "get", _pk("dip_sample")),
    "dipsampleitem-result": ({R.PVP_SUPERVISOR}, "post", _pk("dip_item")),
    "assessment-list": (ASSESSMENT_READERS, "get", None),
    "assessment-detail": (ASSESSMENT_READERS, "get", _pk("submitted")),
    "assessment-answers": ({R.RESPONSE_OFFICER}, "post", _pk("draft")),
    "assessment-submit": ({R.RESPONSE_OFFICER}, "post", _pk("draft")),
    "assessment-answer-events": ({R.RESPONSE_OFFICER}, "post", _pk("draft")),
    "incident-photographs": (ATTENDING, "post", _pk("incident")),
    "assessment-sergeant-review": ({R.SERGEANT}, "post", _pk("submitted")),
    "pvp-queue": (PVP, "get", None),
    "pvp-claim": (PVP, "post", _pk("pvp_item")),
    "pvp-complete": (PVP, "post", _pk("pvp_item")),
    "incident-list": (INCIDENT_READERS, "get", None),
    "incident-detail": (INCIDENT_READERS, "get", _pk("incident")),
    # Risk-management plans and notifications
    "core:notifications": (SIGNED_IN, "get", None),
    "core:notifications_read": (SIGNED_IN, "post", None),
    "plans:list": (PLAN_LISTERS, "get", None),
    "plans:without_plan": (PVP, "get", None),
    "plans:my_tasks": (PLAN_TASK_DOERS, "get", None),
    "plans:start": (PVP, "get", _pk_as("assessment_pk", "high_assessment")),
    "plans:add_assessment": (PVP, "post", _pk_as("assessment_pk", "high_assessment")),
    "plans:detail": (PLAN_READERS, "get", _pk("plan")),
    "plans:action_add": (PVP, "post", _pk("plan")),
    "plans:action_update": (PVP, "post", lambda o: {"pk": o["plan"], "action_pk": o["plan_action"]}),
    "plans:task_add": (PVP, "post", _pk("plan")),
    "plans:task_complete": (TASK_COMPLETERS, "post", lambda o: {"pk": o["plan"], "task_pk": o["plan_task"]}),
    "plans:review": (PVP, "post", _pk("plan")),
    "plans:close": (PVP, "post", _pk("plan")),
    "plans:reassign": (PVP, "post", _pk("plan")),
    # MARAC
    "marac:meetings": (MARAC_VIEWERS, "get", None),
    "marac:capacity": (CAPACITY_VIEWERS, "get", None),
    "marac:meeting_create": (MARAC_RUNNERS, "get", None),
    "marac:meeting": (MARAC_VIEWERS, "get", _pk("meeting")),
    "marac:meeting_edit": (MARAC_RUNNERS, "get", _pk("meeting")),
    "marac:agenda": (MARAC_VIEWERS, "get", _pk("meeting")),
    "marac:refer": (MARAC_REFERRERS, "get", None),
    "marac:referral": (MARAC_VIEWERS, "get", _pk("referral")),
    "marac:referral_move": (MARAC_RUNNERS, "post", _pk("referral")),
    "marac:referral_schedule": (MARAC_RUNNERS, "post", _pk("referral")),
    "marac:referral_reorder": (MARAC_RUNNERS, "post", _pk("referral")),
    "marac:referral_minutes": (MARAC_RUNNERS, "post", _pk("referral")),
    "marac:referral_idva": (MARAC_RUNNERS, "post", _pk("referral")),
    "marac:referral_safe_contact": (MARAC_RUNNERS | PVP, "post", _pk("referral")),
    "marac:action_add": (MARAC_RUNNERS, "post", _pk("referral")),
    "marac:action_update": (
        MARAC_ACTION_UPDATERS,
        "post",
        lambda o: {"pk": o["referral"], "action_pk": o["marac_action"]},
    ),
    "marac:share_add": (MARAC_TABLE, "post", _pk("referral")),
    "plan-list": (PLAN_READERS, "get", None),
    "plan-detail": (PLAN_READERS, "get", _pk("plan")),
    "plan-task-create": (PVP, "post", _pk("plan")),
    "plan-review-create": (PVP, "post", _pk("plan")),
    "plan-task-complete": (TASK_COMPLETERS, "post", _pk("plan_task")),
    # Reports
    "safeguarding:clocks": (CLOCK_VIEWERS, "get", None),
    "safeguarding:notices": (NOTICE_READERS, "get", None),
    "safeguarding:notice_draft": (ATTENDING, "get", _pk_as("incident_pk", "incident")),
    "safeguarding:notice": (NOTICE_READERS, "get", _pk("notice")),
    "safeguarding:notice_authorise": (AUTHORISERS, "post", _pk("notice")),
    "safeguarding:notice_refuse": (AUTHORISERS, "post", _pk("notice")),
    "safeguarding:notice_serve": (ATTENDING, "post", _pk("notice")),
    "safeguarding:notice_hearing": (PVP, "post", _pk("served_notice")),
    "safeguarding:notice_breach": (BREACH_RECORDERS, "post", _pk("served_notice")),
    "safeguarding:order": (NOTICE_READERS, "get", _pk("protection_order")),
    "safeguarding:order_vary": (PVP, "post", _pk("protection_order")),
    "safeguarding:order_notification": (PVP, "post", _pk("protection_order")),
    "safeguarding:order_breach": (BREACH_RECORDERS, "post", _pk("protection_order")),
    "safeguarding:civil_orders": (NOTICE_READERS, "get", None),
    "safeguarding:civil_order_create": (CIVIL_RECORDERS, "get", None),
    "safeguarding:civil_order": (NOTICE_READERS, "get", _pk("civil_order")),
    "safeguarding:civil_order_breach": (BREACH_RECORDERS, "post", _pk("civil_order")),
    "safeguarding-notice-list": (NOTICE_READERS, "get", None),
    "safeguarding-notice-detail": (NOTICE_READERS, "get", _pk("notice")),
    "safeguarding-notice-authorise": (AUTHORISERS, "post", _pk("notice")),
    "safeguarding-notice-refuse": (AUTHORISERS, "post", _pk("notice")),
    "safeguarding-notice-serve": (ATTENDING, "post", _pk("notice")),
    "safeguarding-notice-hearing": (PVP, "post", _pk("served_notice")),
    "safeguarding-notice-breach": (BREACH_RECORDERS, "post", _pk("served_notice")),
    "safeguarding-order-detail": (NOTICE_READERS, "get", _pk("protection_order")),
    "safeguarding-order-variation": (PVP, "post", _pk("protection_order")),
    "safeguarding-order-notification": (PVP, "post", _pk("protection_order")),
    "safeguarding-order-breach": (BREACH_RECORDERS, "post", _pk("protection_order")),
    "safeguarding-civil-order-list": (NOTICE_READERS, "get", None),
    "safeguarding-civil-order-detail": (NOTICE_READERS, "get", _pk("civil_order")),
    "safeguarding-civil-order-breach": (BREACH_RECORDERS, "post", _pk("civil_order")),
    "safeguarding-clock-list": (CLOCK_VIEWERS, "get", None),
    # Safeguarding: Clare's Law, bail and release, the Victims' Code
    "safeguarding:disclosures": (DISCLOSURE_READERS, "get", None),
    "safeguarding:disclosure_new": (PVP, "get", None),
    "safeguarding:disclosure": (DISCLOSURE_READERS, "get", _pk("application")),
    "safeguarding:disclosure_stage": (PVP, "post", _pk("application")),
    "safeguarding:disclosure_decide": (DISCLOSURE_DECIDERS, "post", _pk("application")),
    "safeguarding:disclosure_give": (PVP, "post", _pk("application")),
    "safeguarding:custody": (CUSTODY_READERS, "get", _pk("sg_incident")),
    "safeguarding:victim_views_add": (ATTENDING, "post", _pk("sg_incident")),
    "safeguarding:custody_status_add": (ATTENDING, "post", _pk("sg_incident")),
    "safeguarding:victim_contact_add": (ATTENDING, "post", _pk("sg_incident")),
    "safeguarding:review_task_done": (REVIEW_DONERS, "post", _pk("review_task")),
    "safeguarding:victims_code_overdue": (VICTIMS_CODE_READERS, "get", None),
    "disclosure-list": (DISCLOSURE_READERS, "get", None),
    "disclosure-detail": (DISCLOSURE_READERS, "get", _pk("application")),
    "disclosure-stage": (DISCLOSURE_READERS, "post", _pk("application")),
    "disclosure-give": (PVP, "post", _pk("application")),
    "custody-list": (CUSTODY_READERS, "get", _pk("sg_incident")),
    "victim-views-create": (ATTENDING, "post", _pk("sg_incident")),
    "victim-contact-create": (ATTENDING, "post", _pk("sg_incident")),
    "victim-update-list": (VICTIMS_CODE_READERS, "get", _pk("sg_incident")),
    "review-task-done": (REVIEW_DONERS, "post", _pk("review_task")),
    "victims-code-overdue": (VICTIMS_CODE_READERS, "get", None),
    "victims-code-compliance": (VICTIMS_CODE_READERS, "get", None),
    "reports:force_page": (FORCE_PAGE_VIEWERS, "get", None),
    "reports:force_page_pdf": (FORCE_PAGE_VIEWERS, "get", None),
    "reports:force_page_csv": (FORCE_PAGE_VIEWERS, "get", None),
    "reports:totals": (TOTALS_ENTERERS, "get", None),
    "reports:totals_import": (TOTALS_ENTERERS, "post", None),
    "report-force-page": (FORCE_PAGE_VIEWERS, "get", None),
    "reports:problem_profile": (FORCE_PAGE_VIEWERS, "get", None),
    "reports:problem_profile_pdf": (FORCE_PAGE_VIEWERS, "get", None),
    "reports:problem_profile_csv": (FORCE_PAGE_VIEWERS, "get", None),
    "reports:problem_profile_xlsx": (FORCE_PAGE_VIEWERS, "get", None),
    "reports:reidentify": (REIDENTIFIERS, "post", None),
    "report-problem-profile": (FORCE_PAGE_VIEWERS, "get", None),
}

ACCESS.update(MARAC_API_ACCESS)

# Reach (accounts/reach.py): every URL about one record says what binds the record. AREA: an incident, a DASH, a
# plan, a MARAC case, a sample... is its area's; each allowed role working in another area gets 404 (a force-wide
# role there is let in) and in another force 404. FORCE: the person index is the force's; another force gets 404.
# Every URL about one record is AREA-bound unless it is listed below as FORCE-bound: none is left out.
AREA, FORCE = "area", "force"
FORCE_BOUND = {
    "people:detail",
    "people:history",
    "people:chosen",
    "people:add_detail",
    "people:not_duplicate",
    "people:merge_undo",
    "person-detail",
}  # people:reveal_address is AREA-bound: a refuge is revealed only for a party to an incident of the user's areas
BOUND: dict[str, str] = {
    name: FORCE if name in FORCE_BOUND else AREA for name, (_, __, kwargs) in ACCESS.items() if kwargs
}

# GET URLs whose answer shows no one's personal data: sign-in and account pages, empty forms,
# figures and counts. Every other GET in ACCESS is walked by tests/test_audit_structural.py and
# must leave a consultation row naming the people it shows, so a new URL that shows no one must
# be declared here (and one that does show someone must not be).
NO_PERSONAL_DATA = {
    # An empty form; counts by area (the Victims' Code compliance measure).
    "safeguarding:disclosure_new",
    "victims-code-compliance",
    # Deadlines by reference and the staff who must act, never a person's name (safeguarding/clocks.py).
    "safeguarding:clocks",
    "safeguarding:civil_order_create",  # an empty form
    "safeguarding-clock-list",
    "healthz",
    "metrics",
    "accounts:login",
    "accounts:logout",
    "accounts:two_factor",
    "accounts:two_factor_setup",
    "accounts:password_change",
    "accounts:password_changed",
    "api-docs",
    "api-schema",
    "me",
    "area-list",
    "core:service_worker",
    "core:manifest",
    "core:offline",
    # A key and a CSRF token for the session: no one's data.
    "device-key",
    # Notifications name records by reference, never a person (core.models.Notification).
    "core:notifications",
    # Empty forms: the record chosen in them is read (and logged) by the next page.
    "incidents:create",
    "marac:meeting_create",
    "marac:meeting_edit",
    # Staff and references only: the calls to audit, the incidents waiting for sign-off, a call's scores.
    "incidents:call_audits",
    "incidents:call_audit_score",
    "incidents:sign_off_queue",
    # Figures and counts.
    "sampling:compliance",
    "dipsample-list",
    "marac:capacity",
    "marac-meeting-list",
    # The force page: counts of the force's records and its totals, never a person.
    "reports:force_page",
    "reports:force_page_pdf",
    "reports:force_page_csv",
    "reports:totals",
    "report-force-page",
}

# Namespaces served by libraries, tested on their own terms.
EXCLUDED_NAMESPACES = {"admin"}
