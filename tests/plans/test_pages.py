"""The plan pages: access, the plan and its forms, starting one, the lists, my tasks, notifications, my work."""

from datetime import date

import pytest
from django.urls import reverse

from accounts.roles import Role
from audit.models import AccessLog
from core.models import Notification
from core.services import notification_send
from plans import services
from plans.models import PlanTask, RiskManagementPlan

from ..factories import make_person
from .factories import assessment, backdate, make_plan, make_task


@pytest.fixture
def plan(personas, world, monday):
    plan = make_plan(owner=personas.pvp_officer, area=world.area, given_name="Vera", surname="Moss")
    services.plan_action_add(plan=plan, user=personas.pvp_officer, kind="alarm", description="TecSOS phone issued")
    make_task(plan=plan, assignee=personas.officer, title="Fit a door chain")
    return plan


def content(response) -> str:
    return response.content.decode()


class TestAccess:
    @pytest.mark.parametrize("name", ["plans:list", "plans:without_plan", "plans:my_tasks", "core:notifications"])
    def test_pages_need_login(self, client, db, name):
        response = client.get(reverse(name))
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))

    def test_the_plan_needs_login(self, client, plan):
        assert client.get(plan.get_absolute_url()).status_code == 302

    @pytest.mark.parametrize("who", ["handler", "idva"])
    def test_roles_without_plans_are_refused(self, client, plan, personas, who):
        client.force_login(personas.named(who))
        assert client.get(plan.get_absolute_url()).status_code == 403

    @pytest.mark.parametrize("who", ["officer@south", "pvp_officer@south"])
    def test_another_areas_officer_gets_not_found(self, client, plan, personas, who):
        client.force_login(personas.named(who))
        assert client.get(plan.get_absolute_url()).status_code == 404
        assert client.post(reverse("plans:review", args=[plan.pk])).status_code in (403, 404)

    @pytest.mark.parametrize("who", ["officer", "sergeant", "chair", "senior_officer@south", "pvp_supervisor"])
    def test_readers_see_the_plan(self, client, plan, personas, who):
        client.force_login(personas.named(who))
        assert client.get(plan.get_absolute_url()).status_code == 200

    def test_an_officer_sees_the_plan_but_not_its_management_forms(self, client, plan, personas):
        client.force_login(personas.officer)
        page = content(client.get(plan.get_absolute_url()))
        assert "Fit a door chain" in page and "Mark done" in page
        assert "Record a review" not in page and "Add a task" not in page and "Close the plan" not in page
        assert client.post(reverse("plans:task_add", args=[plan.pk])).status_code == 403


def test_the_plan_page_shows_everything_and_is_audited(client, plan, personas, monday):
    services.plan_review_record(
        plan=plan, user=personas.pvp_officer, version=1, grade="medium", notes="OK", rationale="Calmer"
    )
    client.force_login(personas.pvp_officer)
    page = content(client.get(plan.get_absolute_url()))
    for text in (plan.reference, "Vera MOSS", "TecSOS phone issued", "Fit a door chain", "High to Medium: Calmer"):
        assert text in page
    assert "Plan changed" in page and "grade: high to medium" in page and "Review added" in page  # the history
    log = AccessLog.objects.get(user=personas.pvp_officer, object_id=str(plan.pk))
    assert log.person_ids == [plan.victim_id] and log.action == "view"


class TestForms:
    def test_adding_an_action_and_a_task_returns_to_the_plan(self, client, plan, personas):
        client.force_login(personas.pvp_officer)
        response = client.post(
            reverse("plans:action_add", args=[plan.pk]),
            {"action-kind": "target_hardening", "action-description": "New locks", "action-status": "planned"},
        )
        assert response.status_code == 302 and response["Location"].endswith("#actions")
        response = client.post(
            reverse("plans:task_add", args=[plan.pk]),
            {"task-title": "Check locks", "task-assignee": personas.sergeant.pk, "task-due_date": "2026-03-05"},
        )
        assert response.status_code == 302
        assert plan.tasks.filter(title="Check locks", assignee=personas.sergeant).exists()

    def test_a_task_due_in_the_past_is_shown_beside_the_field(self, client, plan, personas):
        client.force_login(personas.pvp_officer)
        response = client.post(
            reverse("plans:task_add", args=[plan.pk]),
            {"task-title": "Late", "task-assignee": personas.officer.pk, "task-due_date": "2026-03-01"},
        )
        assert response.status_code == 400 and "The due date has passed" in content(response)

    def test_a_stale_review_form_is_refused_with_a_clear_message(self, client, plan, personas):
        """Two PVP officers open the plan; one records a review; the other's save is refused, not applied."""
        client.force_login(personas.pvp_supervisor)
        services.plan_review_record(plan=plan, user=personas.pvp_officer, version=1, grade="high", notes="Seen today")
        response = client.post(
            reverse("plans:review", args=[plan.pk]),
            {"review-version": 1, "review-grade": "medium", "review-rationale": "x", "review-notes": "Stale"},
        )
        assert response.status_code == 400
        assert "Someone else changed this plan" in content(response)
        plan.refresh_from_db()
        assert plan.grade == "high" and plan.reviews.count() == 1

    def test_closing_the_plan(self, client, plan, personas):
        client.force_login(personas.pvp_officer)
        response = client.post(
            reverse("plans:close", args=[plan.pk]),
            {"close-version": 1, "close-reason": "risk_reduced", "close-note": "Agreed at supervision"},
        )
        assert response.status_code == 302
        plan.refresh_from_db()
        assert plan.status == "closed" and "Closed" in content(client.get(plan.get_absolute_url()))

    def test_the_assignee_completes_a_task_from_my_tasks_and_returns_there(self, client, plan, personas):
        task = plan.tasks.get()
        client.force_login(personas.officer)
        page = content(client.get(reverse("plans:my_tasks")))
        assert "Fit a door chain" in page and "Vera MOSS" in page
        url = reverse("plans:task_complete", args=[plan.pk, task.pk])
        response = client.post(url, {"complete-note": "Fitted", "complete-next": reverse("plans:my_tasks")})
        assert response.status_code == 302 and response["Location"] == reverse("plans:my_tasks")
        task.refresh_from_db()
        assert task.status == PlanTask.Status.DONE and "Fitted" in content(client.get(reverse("plans:my_tasks")))

    def test_my_tasks_come_a_page_at_a_time_with_the_count_and_only_my_own(self, client, plan, personas, make_user):
        for n in range(54):
            make_task(plan=plan, assignee=personas.officer, title=f"Task {n:02d}", due_in_days=2 + n)
        colleague = make_user(Role.RESPONSE_OFFICER, username="colleague")
        make_task(plan=plan, assignee=colleague, title="Someone else's")
        client.force_login(personas.officer)
        first = content(client.get(reverse("plans:my_tasks")))
        assert "55 in all, 1 to 50 shown" in first and first.count("Mark done") == 50
        assert 'href="?page=2"' in first and "Someone else" not in first
        second = content(client.get(reverse("plans:my_tasks"), {"page": 2}))
        assert "51 to 55 shown" in second and second.count("Mark done") == 5 and "Task 53" in second
        # Done from page 2, the officer comes back to page 2.
        assert f'value="{reverse("plans:my_tasks")}?page=2"' in second
        for junk in ("0", "x", "\x00", "99999999999999999999"):
            assert client.get(reverse("plans:my_tasks"), {"page": junk}).status_code == 200

    def test_my_tasks_reads_the_same_few_rows_however_many_tasks_are_open(
        self, client, plan, personas, django_assert_max_num_queries
    ):
        for n in range(60):
            make_task(plan=plan, assignee=personas.officer, title=f"Task {n:02d}")
        client.force_login(personas.officer)
        client.get(reverse("plans:my_tasks"))
        with django_assert_max_num_queries(20):
            assert client.get(reverse("plans:my_tasks")).status_code == 200

    def test_an_empty_completion_note_is_refused(self, client, plan, personas):
        client.force_login(personas.officer)
        task = plan.tasks.get()
        response = client.post(reverse("plans:task_complete", args=[plan.pk, task.pk]), {"complete-note": ""})
        assert response.status_code == 400 and "Say what was done." in content(response)

    def test_an_officer_cannot_complete_someone_elses_task(self, client, plan, personas):
        client.force_login(personas.sergeant)
        task = plan.tasks.get()
        response = client.post(reverse("plans:task_complete", args=[plan.pk, task.pk]), {"complete-note": "x"})
        assert response.status_code == 403

    def test_a_next_address_off_the_site_is_ignored(self, client, plan, personas):
        client.force_login(personas.officer)
        task = plan.tasks.get()
        url = reverse("plans:task_complete", args=[plan.pk, task.pk])
        response = client.post(url, {"complete-note": "Done", "complete-next": "https://evil.example/"})
        assert response["Location"] == plan.get_absolute_url() + "#tasks"


class TestStart:
    def test_start_from_an_assessment(self, client, personas, world):
        dash = assessment(area=world.area, handler=personas.handler, officer=personas.officer)
        client.force_login(personas.pvp_officer)
        url = reverse("plans:start", args=[dash.pk])
        page = content(client.get(url))
        assert dash.victim.full_name in page and "High" in page
        log = AccessLog.objects.get(user=personas.pvp_officer, path=url)
        assert log.person_ids == [dash.victim_id] and log.object_id == str(dash.pk)
        response = client.post(url, {"owner": personas.pvp_officer.pk})
        plan = RiskManagementPlan.objects.get()
        assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()

    def test_a_victim_with_a_plan_is_pointed_to_it(self, client, personas, world):
        dash = assessment(area=world.area, handler=personas.handler, officer=personas.officer)
        plan = services.plan_start(assessment=dash, owner=personas.pvp_officer, user=personas.pvp_officer)
        client.force_login(personas.pvp_supervisor)
        assert plan.reference in content(client.get(reverse("plans:start", args=[dash.pk])))
        response = client.post(reverse("plans:start", args=[dash.pk]), {"owner": personas.pvp_supervisor.pk})
        assert response.status_code == 400 and "already has an open plan" in content(response)

    def test_an_assessment_in_another_area_is_not_found(self, client, personas, world):
        dash = assessment(area=world.other_area, handler=personas.handler, officer=personas.named("officer@south"))
        client.force_login(personas.pvp_officer)
        assert client.get(reverse("plans:start", args=[dash.pk])).status_code == 404

    def test_the_without_a_plan_list_links_to_starting_one(self, client, personas, world):
        dash = assessment(area=world.area, handler=personas.handler, officer=personas.officer)
        client.force_login(personas.pvp_officer)
        page = content(client.get(reverse("plans:without_plan")))
        assert dash.victim.full_name in page and reverse("plans:start", args=[dash.pk]) in page


class TestList:
    def test_filters_by_owner_area_and_overdue(self, client, personas, world, monday):
        late = make_plan(owner=personas.pvp_officer, area=world.area, given_name="Late")
        on_time = make_plan(owner=personas.pvp_supervisor, area=world.area, given_name="OnTime")
        late_task = make_plan(owner=personas.pvp_supervisor, area=world.area, given_name="LateTask")
        backdate(late, next_review_due=date(2026, 3, 1))
        backdate(make_task(plan=late_task, assignee=personas.officer), due_date=date(2026, 2, 27))
        make_plan(owner=personas.named("pvp_officer@south"), area=world.other_area, given_name="Elsewhere")
        client.force_login(personas.pvp_supervisor)

        def listed(**params):
            page = content(client.get(reverse("plans:list"), params))
            return {p.reference for p in (late, on_time, late_task) if p.reference in page}, page

        assert listed()[0] == {late.reference, on_time.reference, late_task.reference}
        assert "Elsewhere" not in listed()[1]
        assert listed(owner=personas.pvp_officer.pk)[0] == {late.reference}
        assert listed(overdue="on")[0] == {late.reference, late_task.reference}
        refused, page = listed(area=world.other_area.code)  # not one of the supervisor's areas
        assert "Select a valid choice" in page and refused == {late.reference, on_time.reference, late_task.reference}
        assert "1 overdue" in listed()[1]

    def test_the_list_uses_the_same_number_of_queries_for_3_or_30_plans(
        self, client, personas, world, monday, django_assert_num_queries
    ):
        def plans(n):
            for _ in range(n):
                p = make_plan(
                    owner=personas.pvp_officer, area=world.area, given_name=f"P{RiskManagementPlan.objects.count()}"
                )
                make_task(plan=p, assignee=personas.officer)

        client.force_login(personas.pvp_supervisor)
        plans(3)
        client.get(reverse("plans:list"))  # warm the session and content-type caches
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as few:
            assert client.get(reverse("plans:list")).status_code == 200
        plans(27)
        with django_assert_num_queries(len(few)):
            client.get(reverse("plans:list"))

    def test_the_list_pages_and_keeps_its_filters(self, client, personas, world, monday):
        for i in range(30):
            make_plan(owner=personas.pvp_officer, area=world.area, given_name=f"P{i}")
        client.force_login(personas.pvp_supervisor)
        page = content(client.get(reverse("plans:list"), {"owner": personas.pvp_officer.pk}))
        assert "Page 1 of 2" in page and f"owner={personas.pvp_officer.pk}" in page
        assert "Page 2 of 2" in content(
            client.get(reverse("plans:list"), {"owner": personas.pvp_officer.pk, "page": 2})
        )


class TestNotifications:
    def test_the_user_sees_and_marks_their_own_notifications(self, client, personas, db):
        notification_send(
            user_id=personas.pvp_officer.pk, kind="plan_review_due", message="Review RMP-1 due", url="/plans/1/"
        )
        notification_send(user_id=personas.pvp_supervisor.pk, kind="plan_review_escalated", message="Someone else's")
        client.force_login(personas.pvp_officer)
        page = content(client.get(reverse("core:notifications")))
        assert "Review RMP-1 due" in page and "Someone else" not in page and "1 unread" in page
        mine = Notification.objects.get(user=personas.pvp_officer)
        theirs = Notification.objects.get(user=personas.pvp_supervisor)
        client.post(reverse("core:notifications_read"), {"notification": theirs.pk})
        client.post(reverse("core:notifications_read"), {"notification": mine.pk})
        mine.refresh_from_db()
        theirs.refresh_from_db()
        assert mine.is_read and not theirs.is_read

    def test_mark_all_as_read(self, client, personas, db):
        for n in range(3):
            notification_send(user_id=personas.pvp_officer.pk, kind="x", message=f"Message {n}")
        client.force_login(personas.pvp_officer)
        assert client.post(reverse("core:notifications_read"), {"all": "1"}).status_code == 302
        assert not Notification.objects.unread().exists()

    def test_the_same_key_makes_one_notification(self, personas, db):
        assert notification_send(user_id=personas.pvp_officer.pk, kind="x", message="Once", dedupe_key="k")
        assert not notification_send(user_id=personas.pvp_officer.pk, kind="x", message="Once", dedupe_key="k")
        assert Notification.objects.count() == 1


def test_my_work_lists_tasks_and_reviews_due_and_unread_notifications(client, plan, personas, monday, world):
    make_task(plan=plan, assignee=personas.officer, due_in_days=1, title="Tomorrow's visit")
    late = make_plan(owner=personas.pvp_officer, area=world.area, victim=make_person(given_name="Other"))
    backdate(late, next_review_due=date(2026, 3, 1))
    notification_send(
        user_id=personas.pvp_officer.pk, kind="plan_review_overdue", message=f"The review of {late} is late"
    )
    client.force_login(personas.officer)
    page = content(client.get(reverse("core:home")))
    assert "Plan tasks due" in page and "Tomorrow&#x27;s visit" in page and "Fit a door chain" not in page
    client.force_login(personas.pvp_officer)
    page = content(client.get(reverse("core:home")))
    assert f"Review plan {late.reference}" in page and "Overdue" in page
    assert f"Review plan {plan.reference}" not in page  # due 9 March: not yet
    assert "Unread notifications" in page and f"The review of {late} is late" in page


def test_the_menu_shows_plans_to_those_who_use_them(client, personas, db):
    client.force_login(personas.pvp_supervisor)
    page = content(client.get(reverse("core:home")))
    assert all(label in page for label in (">Plans<", ">Without a plan<", ">My tasks<", ">Notifications<"))
    client.force_login(personas.officer)
    page = content(client.get(reverse("core:home")))
    assert ">My tasks<" in page and ">Plans<" not in page


def test_the_task_due_today_is_not_yet_overdue_on_the_plan_page(client, plan, personas, monday):
    def page_on(day: int) -> str:
        monday.move_to(f"2026-03-{day:02d} 09:00:00+00:00")
        client.force_login(personas.pvp_officer)  # a new day, a new session
        response = client.get(plan.get_absolute_url())
        assert response.status_code == 200
        return content(response)

    assert "Overdue" not in page_on(5)  # the task is due on 5 March
    assert "Overdue" in page_on(6)
