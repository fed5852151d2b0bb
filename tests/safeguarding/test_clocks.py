"""The one clock job: reminders before each deadline, escalations after, each once; catching up after beat was
down; an item that fails is rolled back alone and tried again."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from accounts.models import Rank
from accounts.roles import Role
from core.jobs import job_run
from core.models import Notification
from safeguarding import clocks
from safeguarding.clocks import CLOCK_JOB, clocks_for
from safeguarding.models import ClockNotice

from .factories import served

UK = ZoneInfo("Europe/London")
FRIDAY_EVENING = datetime(2026, 11, 27, 19, 0, tzinfo=UK)  # the hearing is due by Monday 19:00


@pytest.fixture
def clock(db):
    with time_machine.travel(FRIDAY_EVENING, tick=False) as traveller:
        yield traveller


@pytest.fixture
def notice(clock, personas, world, make_user):
    supervisor = make_user(Role.PVP_SUPERVISOR, email="pvp.sup@police.invalid")
    n = served(
        make_user=make_user,
        officer=personas[Role.RESPONSE_OFFICER],
        handler=personas[Role.CALL_HANDLER],
        area=world.area,
        served_at=FRIDAY_EVENING,
    )
    n.supervisor = supervisor
    return n


def _kinds():
    return sorted(Notification.objects.values_list("kind", "user__username"))


def _run(clock, when):
    clock.move_to(when)
    return job_run(CLOCK_JOB, now=when)


def test_the_deadline_is_monday_evening(notice):
    assert notice.hearing_due_by.astimezone(UK) == datetime(2026, 11, 30, 19, 0, tzinfo=UK)


def test_a_reminder_before_the_deadline_an_escalation_after_each_once(clock, notice, personas):
    _run(clock, datetime(2026, 11, 28, 12, 0, tzinfo=UK))
    assert not Notification.objects.exists()  # more than 12 hours before
    _run(clock, datetime(2026, 11, 30, 8, 0, tzinfo=UK))
    reminded = _kinds()
    assert {u for _, u in reminded} == {personas[Role.RESPONSE_OFFICER].username, notice.authorised_by.username}
    assert {k for k, _ in reminded} == {"safeguarding_reminder"}
    # Run twice: at once and in the next slot, nothing more.
    _run(clock, datetime(2026, 11, 30, 8, 1, tzinfo=UK))
    _run(clock, datetime(2026, 11, 30, 8, 20, tzinfo=UK))
    assert _kinds() == reminded
    _run(clock, datetime(2026, 11, 30, 19, 30, tzinfo=UK))
    escalated = [u for k, u in _kinds() if k == "safeguarding_escalation"]
    assert notice.supervisor.username in escalated and personas[Role.RESPONSE_OFFICER].username in escalated
    _run(clock, datetime(2026, 11, 30, 20, 0, tzinfo=UK))
    assert len(_kinds()) == len(reminded) + len(escalated)
    assert ClockNotice.objects.filter(item=f"notice:{notice.pk}").count() == 2
    message = Notification.objects.filter(kind="safeguarding_escalation").first().message
    assert notice.reference in message and notice.subject.surname not in message.upper()  # references only


def test_after_beat_was_down_the_next_run_sends_everything_owed_once(clock, notice):
    # Nothing ran from Friday evening to Wednesday: one run catches up with the reminder and the escalation.
    _run(clock, datetime(2026, 12, 2, 9, 0, tzinfo=UK))
    kinds = {k for k, _ in _kinds()}
    assert kinds == {"safeguarding_reminder", "safeguarding_escalation"}
    overdue = Notification.objects.filter(kind="safeguarding_reminder").first().message
    assert overdue.startswith("Overdue")
    count = Notification.objects.count()
    _run(clock, datetime(2026, 12, 2, 9, 1, tzinfo=UK))
    assert Notification.objects.count() == count


def test_the_hearing_recorded_stops_the_clock(clock, notice, personas):
    from safeguarding import services

    clock.move_to(datetime(2026, 11, 30, 10, 0, tzinfo=UK))
    services.notice_hearing_record(
        notice=notice,
        user=personas[Role.PVP_OFFICER],
        hearing_at=datetime(2026, 11, 30, 10, 0, tzinfo=UK),
        court="Worcester Magistrates' Court",
        outcome="order_refused",
    )
    _run(clock, datetime(2026, 11, 30, 20, 0, tzinfo=UK))
    assert not Notification.objects.filter(kind="safeguarding_escalation").exists()


def test_an_item_that_fails_is_rolled_back_alone_and_tried_again(
    clock, notice, personas, world, make_user, monkeypatch
):
    other = served(
        make_user=make_user,
        officer=make_user(Role.RESPONSE_OFFICER),
        handler=personas[Role.CALL_HANDLER],
        area=world.area,
        served_at=FRIDAY_EVENING,
    )
    real = clocks.notification_send

    def flaky(**kwargs):
        if f"notice:{notice.pk}:" in kwargs["dedupe_key"]:
            raise RuntimeError("mail system fell over")
        return real(**kwargs)

    monkeypatch.setattr(clocks, "notification_send", flaky)
    _run(clock, datetime(2026, 11, 30, 8, 0, tzinfo=UK))
    assert not ClockNotice.objects.filter(item=f"notice:{notice.pk}").exists()  # rolled back, with its row
    assert ClockNotice.objects.filter(item=f"notice:{other.pk}").exists()
    monkeypatch.setattr(clocks, "notification_send", real)
    _run(clock, datetime(2026, 11, 30, 8, 15, tzinfo=UK))
    assert ClockNotice.objects.filter(item=f"notice:{notice.pk}", kind="reminder").exists()


def test_the_clock_list_shows_the_deadline_and_who_must_act(clock, notice, personas, client):
    items = clocks_for(personas[Role.PVP_OFFICER], now=FRIDAY_EVENING)
    hearing = [i for i in items if i.key == f"notice:{notice.pk}"]
    assert hearing and hearing[0].deadline == notice.hearing_due_by and "applicant" in hearing[0].must_act
    assert clocks_for(personas.other_force(Role.PVP_OFFICER), now=FRIDAY_EVENING) == []
    client.force_login(personas[Role.PVP_OFFICER])
    page = client.get(reverse("safeguarding:clocks")).content.decode()
    assert notice.reference in page and "Mon 30/11/2026 19:00" in page


def test_the_schedule_lists_the_clock_job():
    from core.schedules import SCHEDULES

    assert "safeguarding.tasks.run_clocks" in {s.task for s in SCHEDULES}


def test_rank_is_an_ordered_field_on_the_user(make_user):
    assert make_user(Role.SENIOR_OFFICER, rank=Rank.SUPERINTENDENT).rank > Rank.INSPECTOR
