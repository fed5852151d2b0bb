"""Bail and release: Kay's Law, one current status, review tasks for the case owner, conditions that follow the
people into the intake panel and the warnings."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.models import Notification
from incidents import services as incident_services
from incidents.safety import incident_warnings
from incidents.selectors import person_history
from safeguarding.models import CustodyStatus, RiskReviewTask, VictimUpdate
from safeguarding.services import custody

from ...plans.factories import make_plan

pytestmark = pytest.mark.django_db


def arrest(incident, user, suspect, **kw):
    return incident_services.arrest_record(
        incident=incident, user=user, person=suspect, arrested_at=kw.get("at", timezone.now()), offence="Assault"
    )


def views(incident, user, people, **kw):
    return custody.victim_views_record(
        user=user,
        incident=incident,
        suspect=people["suspect"],
        victim=people["victim"],
        reached=kw.pop("reached", True),
        views=kw.pop("views", "She wants him kept away from her street."),
        **kw,
    )


def bail(incident, user, people, **kw):
    return custody.custody_status_record(
        user=user,
        incident=incident,
        suspect=people["suspect"],
        kind="pre_charge_bail",
        rationale="Further enquiries; conditions protect the victim.",
        bail_end_date=kw.pop("bail_end_date", date(2026, 5, 29)),
        conditions=kw.pop(
            "conditions",
            [
                custody.ConditionInput(
                    kind="no_contact", detail="Directly or indirectly", protected_person=people["victim"]
                ),
                custody.ConditionInput(kind="exclusion", detail="Not to enter Elm Road, Worcester"),
            ],
        ),
        **kw,
    )


def test_kays_law_refuses_pre_charge_bail_without_the_victims_views(incident, personas, people, clock):
    officer = personas.officer
    arrest(incident, officer, people["suspect"])
    with pytest.raises(ValidationError) as refused:
        bail(incident, officer, people)
    assert "Kay's Law" in refused.value.message_dict["victim_views"][0]
    assert "Vera MOSS" in refused.value.message_dict["victim_views"][0]
    assert not CustodyStatus.objects.exists()
    views(incident, officer, people)
    status = bail(incident, officer, people)
    assert status.victim_views is not None and status.conditions.count() == 2


def test_views_sought_before_the_arrest_do_not_count(incident, personas, people, clock):
    views(incident, personas.officer, people, sought_at=timezone.now() - timedelta(minutes=5))
    arrest(incident, personas.officer, people["suspect"])
    with pytest.raises(ValidationError, match="Kay's Law"):
        bail(incident, personas.officer, people)


def test_views_not_reached_need_the_reason_and_then_count(incident, personas, people, clock):
    arrest(incident, personas.officer, people["suspect"])
    with pytest.raises(ValidationError) as no_reason:
        views(incident, personas.officer, people, reached=False, views="")
    assert "not_reached_reason" in no_reason.value.message_dict
    views(incident, personas.officer, people, reached=False, views="", not_reached_reason="Three calls, no answer.")
    assert bail(incident, personas.officer, people).kind == "pre_charge_bail"


def test_other_decisions_need_no_views_and_end_the_current_status(incident, personas, people, clock):
    first = custody.custody_status_record(
        user=personas.officer, incident=incident, suspect=people["suspect"], kind="rui", rationale="Awaiting forensics."
    )
    clock.shift(timedelta(hours=1))
    remanded = custody.custody_status_record(
        user=personas.officer,
        incident=incident,
        suspect=people["suspect"],
        kind="remanded",
        rationale="Charged; remanded by the court.",
        release_date=date(2026, 6, 1),
        court_date=date(2026, 3, 3),
    )
    first.refresh_from_db()
    assert first.ended_at == remanded.decided_at
    assert list(CustodyStatus.objects.current()) == [remanded]
    with pytest.raises(ValidationError) as earlier:
        custody.custody_status_record(
            user=personas.officer,
            incident=incident,
            suspect=people["suspect"],
            kind="released",
            rationale="x",
            decided_at=first.decided_at,
        )
    assert "decided_at" in earlier.value.message_dict


def test_each_change_raises_a_review_task_for_the_victims_case_owner(incident, personas, world, people, clock):
    plan = make_plan(owner=personas.pvp_officer, area=world.area, victim=people["victim"])
    status = custody.custody_status_record(
        user=personas.officer, incident=incident, suspect=people["suspect"], kind="rui", rationale="Enquiries."
    )
    task = RiskReviewTask.objects.get(status=status)
    assert task.assignee == plan.owner and task.victim == people["victim"]
    assert task.due_date == date(2026, 3, 3)  # the next working day
    assert Notification.objects.filter(user=plan.owner, kind="risk_review_task").count() == 1
    with pytest.raises(ValidationError) as no_note:
        custody.risk_review_complete(task=task, user=personas.pvp_officer, note="  ")
    assert "note" in no_note.value.message_dict
    custody.risk_review_complete(task=task, user=personas.pvp_officer, note="Plan reviewed; alarm fitted.")


def test_a_release_tomorrow_is_reviewed_today(incident, personas, people, clock):
    status = custody.custody_status_record(
        user=personas.officer,
        incident=incident,
        suspect=people["suspect"],
        kind="in_prison",
        rationale="Sentenced.",
        release_date=date(2026, 3, 3),
    )
    assert status.review_tasks.get().due_date == date(2026, 3, 2)


def test_bail_dates_are_checked(incident, personas, people, clock):
    arrest(incident, personas.officer, people["suspect"])
    views(incident, personas.officer, people)
    for end in (date(2026, 3, 2), date(2030, 1, 1)):
        with pytest.raises(ValidationError) as wrong:
            bail(incident, personas.officer, people, bail_end_date=end)
        assert "bail_end_date" in wrong.value.message_dict
    with pytest.raises(ValidationError) as no_person:
        bail(incident, personas.officer, people, conditions=[custody.ConditionInput(kind="no_contact", detail="x")])
    assert "conditions" in no_person.value.message_dict


def test_conditions_reach_the_intake_panel_and_the_warnings(incident, personas, people, world, clock):
    arrest(incident, personas.officer, people["suspect"])
    views(incident, personas.officer, people)
    bail(incident, personas.officer, people)
    suspect = person_history(people["suspect"], force=world.force)
    lines = [item for s in suspect.sections if s.title == "Bail and custody" for item in s.items]
    assert lines and "until 29/05/2026" in lines[0] and "Not to contact" in lines[0] and "Vera MOSS" in lines[0]
    victim = person_history(people["victim"], force=world.force)
    protected = [item for s in victim.sections if s.title == "Bail and custody" for item in s.items]
    assert protected and "Ian CROSS" in protected[0]
    warned = {w.person.pk: w.lines for w in incident_warnings(incident)}
    assert any("Pre-charge bail" in line for line in warned[people["suspect"].pk])


def test_bail_owes_the_victim_an_update(incident, personas, people, clock):
    arrest(incident, personas.officer, people["suspect"])
    views(incident, personas.officer, people)
    bail(incident, personas.officer, people)
    events = sorted(VictimUpdate.objects.filter(victim=people["victim"]).values_list("event", flat=True))
    assert events == ["arrest", "bail"]
    assert all(u.due_on == date(2026, 3, 3) for u in VictimUpdate.objects.all())


def test_a_suspect_not_on_the_incident_is_refused(incident, personas, people, clock):
    with pytest.raises(ValidationError) as refused:
        custody.custody_status_record(
            user=personas.officer, incident=incident, suspect=people["friend"], kind="rui", rationale="x"
        )
    assert "suspect" in refused.value.message_dict


def test_an_officer_of_another_area_is_refused(incident, personas, people, clock):
    from accounts.roles import Role

    with pytest.raises(ValidationError) as refused:
        custody.custody_status_record(
            user=personas.other_area(Role.RESPONSE_OFFICER),
            incident=incident,
            suspect=people["suspect"],
            kind="rui",
            rationale="x",
        )
    assert "incident" in refused.value.message_dict
