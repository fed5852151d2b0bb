"""Who may call each MARAC API endpoint: merged into tests/access_table.py's ACCESS.

The objects' meeting is area A's, attended by the police, the IDVA service and children's services, so the IDVA
and partner-agency personas see its case; its action is owned by the IDVA service.
"""

from accounts.roles import Role

R = Role
# Everyone at the table reads the cases and takes the agenda; the senior officer reads without sharing.
READERS = {
    R.PVP_OFFICER,
    R.PVP_SUPERVISOR,
    R.MARAC_CHAIR,
    R.MARAC_COORDINATOR,
    R.IDVA,
    R.PARTNER_AGENCY,
    R.SENIOR_OFFICER,
}
AT_THE_TABLE = READERS - {R.SENIOR_OFFICER}
RUNNERS = {R.MARAC_CHAIR, R.MARAC_COORDINATOR}
# The action is the IDVA service's: its owner, the chair and the coordinator update it; other agencies get 403.
ACTION_UPDATERS = RUNNERS | {R.IDVA}


def _pk(name):
    return lambda o: {"pk": o[name]}


MARAC_API_ACCESS: dict[str, tuple] = {
    "marac-meeting-list": (READERS, "get", None),
    "marac-meeting-detail": (READERS, "get", _pk("meeting")),
    "marac-meeting-agenda": (READERS, "get", _pk("meeting")),
    "marac-meeting-agenda-pdf": (READERS, "get", _pk("meeting")),
    "marac-referral-list": (READERS, "get", None),
    "marac-referral-detail": (READERS, "get", _pk("referral")),
    "marac-referral-move": (RUNNERS, "post", _pk("referral")),
    "marac-referral-minutes": (RUNNERS, "post", _pk("referral")),
    "marac-referral-idva": (RUNNERS, "post", _pk("referral")),
    "marac-action-list": (RUNNERS, "post", _pk("referral")),
    "marac-action-update": (ACTION_UPDATERS, "post", _pk("marac_action")),
    "marac-share-create": (AT_THE_TABLE, "post", _pk("referral")),
}
