"""Who may do what to a Clare's Law application, a suspect's custody and a victim's Victims' Code updates.

Each is the usual shape (core.policies.granted): the role's permission (else 403), the record within the
user's reach (accounts/reach.py; else 404), then what the action asks of the record (else 403). A partner agency
reaches none of it: ``reach`` gives them nothing for these permissions.
"""

from accounts.reach import reach
from core.policies import Decision, granted, policy

from .models.custody import VIEW_CUSTODY
from .models.disclosures import VIEW_DISCLOSURE
from .models.victims_code import VIEW_VICTIMS_CODE


def _in_reach(permission: str, area_of):
    def seen(user, obj) -> Decision:
        found = reach(user, permission)
        return Decision.of(found is not None and found.covers(area_of(obj)), otherwise=Decision.HIDDEN)

    return seen


_application_seen = _in_reach(VIEW_DISCLOSURE, lambda a: a.area_id)
_incident_custody_seen = _in_reach(VIEW_CUSTODY, lambda i: i.area_id)
_incident_code_seen = _in_reach(VIEW_VICTIMS_CODE, lambda i: i.area_id)


@policy("view_disclosureapplication")
def can_view_disclosureapplication(user, application) -> Decision:
    return granted(user, application, permission=VIEW_DISCLOSURE, seen=_application_seen)


@policy("add_disclosureapplication")
def can_add_disclosureapplication(user, _=None) -> Decision:
    return Decision.of(reach(user, "safeguarding.add_disclosureapplication") is not None)


@policy("record_disclosure_stage")
def can_record_disclosure_stage(user, application) -> Decision:
    """The PVP team records the stages of an open application."""
    return granted(
        user,
        application,
        permission="safeguarding.record_disclosure_stage",
        seen=_application_seen,
        only_if=application.status == application.Status.OPEN,
    )


@policy("decide_disclosure")
def can_decide_disclosure(user, application) -> Decision:
    """A supervisor records the multi-agency decision, once the research is done (and only then)."""
    from .services.disclosures import next_stage

    return granted(
        user,
        application,
        permission="safeguarding.decide_disclosure",
        seen=_application_seen,
        only_if=application.status == application.Status.OPEN and next_stage(application=application) == "decision",
    )


@policy("view_custody")
def can_view_custody(user, incident) -> Decision:
    """The custody page of an incident: whoever sees incidents in the area."""
    return granted(user, incident, permission=VIEW_CUSTODY, seen=_incident_custody_seen)


@policy("add_custodystatus")
def can_add_custodystatus(user, incident) -> Decision:
    return granted(user, incident, permission="safeguarding.add_custodystatus", seen=_incident_custody_seen)


@policy("add_victimviews")
def can_add_victimviews(user, incident) -> Decision:
    return granted(user, incident, permission="safeguarding.add_victimviews", seen=_incident_custody_seen)


@policy("complete_riskreviewtask")
def can_complete_riskreviewtask(user, task) -> Decision:
    """The officer the review was given to, or the PVP team (who run the plans)."""
    return granted(
        user,
        task.status.incident,
        permission="safeguarding.complete_riskreviewtask",
        seen=_incident_custody_seen,
        only_if=task.done_at is None
        and (user.pk == task.assignee_id or user.has_perm("plans.change_riskmanagementplan")),
    )


@policy("view_victimupdate")
def can_view_victimupdate(user, incident) -> Decision:
    return granted(user, incident, permission=VIEW_VICTIMS_CODE, seen=_incident_code_seen)


@policy("add_victimcontact")
def can_add_victimcontact(user, incident) -> Decision:
    return granted(user, incident, permission="safeguarding.add_victimcontact", seen=_incident_code_seen)
