"""A new DASH for a victim with an open plan joins that plan (instead of the dead end "already has an open plan"),
brings its review forward when the grade rose or the force says so, and tells the plan's owner."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.models import Notification
from plans import services
from plans.models import PlanAssessment, RiskManagementPlan
from risk.services import reviews

from ..factories import make_person
from ..risk import factories as risk_factories
from .factories import assessment, make_plan


@pytest.fixture
def vera():
    return make_person(given_name="Vera", surname="Moss")


@pytest.fixture
def plan(personas, world, monday, vera):
    """Vera's medium-risk plan, owned by the PVP supervisor; its next review is four weeks off."""
    return make_plan(owner=personas.pvp_supervisor, area=world.area, victim=vera, grade="medium")


def new_dash(personas, world, vera, grade="high"):
    return assessment(area=world.area, handler=personas.handler, officer=personas.officer, grade=grade, victim=vera)


class TestTheService:
    def test_a_higher_grade_joins_the_plan_makes_its_review_due_today_and_tells_the_owner(
        self, personas, world, vera, plan, send_outbox
    ):
        dash = new_dash(personas, world, vera, grade="high")
        assert plan.next_review_due == date(2026, 3, 30)
        link = services.plan_attach_assessment(plan=plan, assessment=dash, user=personas.pvp_officer)
        plan.refresh_from_db()
        assert (link.plan, link.assessment, link.grade, link.added_by) == (plan, dash, "high", personas.pvp_officer)
        assert link.review_brought_forward and plan.next_review_due == date(2026, 3, 2) and plan.version == 2
        assert plan.grade == "medium"  # only a review regrades the plan
        note = Notification.objects.get(user=personas.pvp_supervisor)
        assert note.kind == "plan_assessment_added" and note.url == plan.get_absolute_url()
        assert plan.reference in note.message and "review is now due" in note.message
        assert "Vera" not in note.message and "MOSS" not in note.message.upper()  # e-mail leaves the force
        [email] = send_outbox()
        assert email.to == [personas.pvp_supervisor.email]

    def test_the_same_grade_joins_the_plan_without_moving_its_review(self, personas, world, vera, plan):
        dash = new_dash(personas, world, vera, grade="medium")
        link = services.plan_attach_assessment(plan=plan, assessment=dash, user=personas.pvp_officer)
        plan.refresh_from_db()
        assert not link.review_brought_forward and plan.next_review_due == date(2026, 3, 30) and plan.version == 1
        assert "see whether the plan needs reviewing" in Notification.objects.get(user=personas.pvp_supervisor).message

    def test_the_forces_rule_can_make_every_new_dash_bring_the_review_forward(self, personas, world, vera, plan):
        world.force.plan_review_on_new_dash = True
        world.force.save()
        dash = new_dash(personas, world, vera, grade="medium")
        assert services.plan_attach_assessment(
            plan=plan, assessment=dash, user=personas.pvp_officer
        ).review_brought_forward
        plan.refresh_from_db()
        assert plan.next_review_due == date(2026, 3, 2)

    def test_the_owner_adding_it_is_not_notified(self, personas, world, vera, plan):
        services.plan_attach_assessment(
            plan=plan, assessment=new_dash(personas, world, vera), user=personas.pvp_supervisor
        )
        assert not Notification.objects.exists()

    def test_a_dash_joins_one_plan_once(self, personas, world, vera, plan):
        dash = new_dash(personas, world, vera)
        services.plan_attach_assessment(plan=plan, assessment=dash, user=personas.pvp_officer)
        with pytest.raises(ValidationError, match="already been added to a plan"):
            services.plan_attach_assessment(plan=plan, assessment=dash, user=personas.pvp_officer)
        assert PlanAssessment.objects.count() == 1

    def test_another_persons_dash_a_draft_or_the_plans_own_dash_is_refused(self, personas, world, vera, plan):
        other = new_dash(personas, world, make_person(given_name="Other", surname="Person"))
        with pytest.raises(ValidationError, match="another person"):
            services.plan_attach_assessment(plan=plan, assessment=other, user=personas.pvp_officer)
        draft = risk_factories.draft(officer=personas.officer, handler=personas.handler, area=world.area, victim=vera)
        with pytest.raises(ValidationError, match="still a draft"):
            services.plan_attach_assessment(plan=plan, assessment=draft, user=personas.pvp_officer)
        own_dash = new_dash(personas, world, make_person(given_name="Own", surname="Dash"))
        own = services.plan_start(assessment=own_dash, owner=personas.pvp_officer, user=personas.pvp_officer)
        with pytest.raises(ValidationError, match="started from this DASH"):
            services.plan_attach_assessment(plan=own, assessment=own_dash, user=personas.pvp_officer)
        assert not PlanAssessment.objects.exists() and not Notification.objects.exists()

    def test_a_closed_plan_takes_nothing(self, personas, world, vera, plan):
        services.plan_close(
            plan=plan, user=personas.pvp_officer, version=plan.version, reason="moved_away", note="Moved to Leeds"
        )
        with pytest.raises(ValidationError, match="closed"):
            services.plan_attach_assessment(
                plan=plan, assessment=new_dash(personas, world, vera), user=personas.pvp_officer
            )


def reviewed(personas, world, vera, grade="high"):
    """Vera's new DASH, through the sergeant and the PVP officer's completed review."""
    yes = {"high": 15, "medium": 11}[grade]
    item = risk_factories.in_pvp_queue(
        officer=personas.officer,
        handler=personas.handler,
        sergeant=personas.sergeant,
        area=world.area,
        yes=yes,
        grade=grade,
        victim=vera,
    )
    reviews.pvp_claim(item=item, user=personas.pvp_officer)
    reviews.pvp_complete(
        item=item, user=personas.pvp_officer, grade=grade, refer_to_marac=grade == "high", refer_to_idva=True
    )
    return item


class TestThePages:
    def test_the_pvp_review_offers_the_open_plan_with_its_owner_and_next_review(
        self, client, personas, world, vera, plan
    ):
        item = reviewed(personas, world, vera)
        client.force_login(personas.pvp_officer)
        page = client.get(reverse("risk:pvp_review", args=[item.pk])).content.decode()
        assert "Add to the open plan" in page and "Start a risk-management plan" not in page
        assert plan.reference in page and str(personas.pvp_supervisor) in page and "30/03/2026" in page
        assert "review due today" in page  # the new DASH is high, the plan medium

    def test_adding_from_the_review_joins_the_plan_and_the_plan_shows_it(self, client, personas, world, vera, plan):
        item = reviewed(personas, world, vera)
        client.force_login(personas.pvp_officer)
        back = reverse("risk:pvp_review", args=[item.pk])
        response = client.post(reverse("plans:add_assessment", args=[item.assessment_id]), {"next": back})
        assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
        link = PlanAssessment.objects.get()
        assert (link.plan, link.assessment_id) == (plan, item.assessment_id)
        assert RiskManagementPlan.objects.count() == 1
        plan_page = client.get(plan.get_absolute_url()).content.decode()
        assert f"DASH {item.assessment_id}" in plan_page and "review brought forward" in plan_page
        review = client.get(back).content.decode()
        assert "was added to plan" in review and "Add to the open plan" not in review

    def test_the_start_page_offers_the_open_plan_instead_of_a_dead_end(self, client, personas, world, vera, plan):
        dash = new_dash(personas, world, vera)
        client.force_login(personas.pvp_officer)
        page = client.get(reverse("plans:start", args=[dash.pk])).content.decode()
        assert "Add to the open plan" in page and "Start the plan" not in page

    def test_a_victim_without_an_open_plan_is_sent_to_start_one(self, client, personas, world, vera, monday):
        dash = new_dash(personas, world, vera)
        client.force_login(personas.pvp_officer)
        response = client.post(reverse("plans:add_assessment", args=[dash.pk]))
        assert response.status_code == 302 and response["Location"] == reverse("plans:start", args=[dash.pk])
        assert not PlanAssessment.objects.exists()

    def test_the_plan_is_the_victims_own_whatever_the_form_says(self, client, personas, world, vera, plan):
        decoy = make_plan(owner=personas.pvp_officer, area=world.area, given_name="Decoy", surname="Victim")
        dash = new_dash(personas, world, vera)
        client.force_login(personas.pvp_officer)
        client.post(
            reverse("plans:add_assessment", args=[dash.pk]), {"plan": decoy.pk, "next": "https://evil.example/"}
        )
        assert PlanAssessment.objects.get().plan == plan

    def test_an_offsite_next_is_not_followed(self, client, personas, world, vera, plan):
        dash = new_dash(personas, world, vera)
        services.plan_attach_assessment(plan=plan, assessment=dash, user=personas.pvp_officer)
        client.force_login(personas.pvp_officer)
        response = client.post(reverse("plans:add_assessment", args=[dash.pk]), {"next": "https://evil.example/"})
        assert response.status_code == 302 and response["Location"] == dash.get_absolute_url()

    @pytest.mark.parametrize(
        ("who", "status"), [("pvp_officer@south", 404), ("officer", 403), ("idva", 403), ("handler", 403)]
    )
    def test_the_wrong_role_or_area_is_refused(self, client, personas, world, vera, plan, who, status):
        dash = new_dash(personas, world, vera)
        client.force_login(personas.named(who))
        assert client.post(reverse("plans:add_assessment", args=[dash.pk])).status_code == status
        assert not PlanAssessment.objects.exists()

    def test_it_needs_login_and_a_post(self, client, personas, world, vera, plan):
        dash = new_dash(personas, world, vera)
        url = reverse("plans:add_assessment", args=[dash.pk])
        assert client.post(url).status_code == 302 and not PlanAssessment.objects.exists()
        client.force_login(personas.pvp_officer)
        assert client.get(url).status_code == 405
        assert client.post(reverse("plans:add_assessment", args=[2**62])).status_code == 404
