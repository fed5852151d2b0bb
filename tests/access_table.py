"""Who may open each URL. Every named URL must be listed here (test_access_table checks).

PUBLIC: anyone, signed in or not. SIGNED_IN: every signed-in user. Otherwise
the set of roles allowed; every other role must be refused (403 or 404).
Each entry: (allowed, method, kwargs) where kwargs is a function of the
objects that tests/test_access_table.py builds (a person, an incident...).
"""

from accounts.roles import Role

PUBLIC = "public"
SIGNED_IN = "signed in"

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

NONE = {}


def _pk(name):
    return lambda o: {"pk": o[name]}


ACCESS: dict[str, tuple] = {
    "healthz": (PUBLIC, "get", None),
    "accounts:login": (PUBLIC, "get", None),
    "accounts:logout": (PUBLIC, "get", None),
    "core:home": (SIGNED_IN, "get", None),
    "accounts:two_factor": (SIGNED_IN, "get", None),
    "accounts:two_factor_setup": (SIGNED_IN, "get", None),
    "accounts:password_change": (SIGNED_IN, "get", None),
    "accounts:password_changed": (SIGNED_IN, "get", None),
    "api-docs": (SIGNED_IN, "get", None),
    "api-schema": (SIGNED_IN, "get", None),
    "me": (SIGNED_IN, "get", None),
    "area-list": (SIGNED_IN, "get", None),
    "audit:search": ({R.AUDITOR, R.ADMINISTRATOR}, "get", None),
    # Person index
    "people:search": (PERSON_READERS, "get", None),
    "people:detail": (PERSON_READERS, "get", _pk("person")),
    "people:history": (PERSON_READERS, "get", _pk("person")),
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
    "incidents:sign_off": ({R.CONTROL_ROOM_SUPERVISOR}, "post", _pk("incident")),
    "incidents:return": ({R.CONTROL_ROOM_SUPERVISOR}, "post", _pk("incident")),
    "incident-list": (INCIDENT_READERS, "get", None),
    "incident-detail": (INCIDENT_READERS, "get", _pk("incident")),
}

# Namespaces served by libraries, tested on their own terms.
EXCLUDED_NAMESPACES = {"admin"}
