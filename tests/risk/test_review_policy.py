"""Who may continue a DASH and who may review it is one policy each (risk/policies.py), asked alike by the page,
its links and forms, and the API; the sergeant's refused review shows the assessment page as it always looks."""

import re

import pytest
from django.urls import reverse

from accounts.roles import Role
from core.policies import Decision, ask
from risk.models import Review
from risk.policies import can_change_assessment, can_review_assessment
from risk.services import reviews

from .factories import draft, submitted


@pytest.fixture
def team(make_user, world):
    return {
        "officer": make_user(Role.RESPONSE_OFFICER),
        "handler": make_user(Role.CALL_HANDLER),
        "sergeant": make_user(Role.SERGEANT),
        "other_area_sergeant": make_user(Role.SERGEANT, area=world.other_area),
    }


def _submitted(team, world, officer=None):
    return submitted(officer=officer or team["officer"], handler=team["handler"], area=world.area, yes=15, grade="high")


def _main_without_the_review_form(response) -> str:
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    return re.sub(r'<section aria-labelledby="review-h".*?</section>', "", main, flags=re.DOTALL)


def test_a_refused_sergeants_review_shows_the_page_its_detail_shows(client, team, world):
    """The error page is the detail page itself: answers in order, the reviews so far, the PVP item, the history."""
    assessment = _submitted(team, world)
    # An earlier review on record, so that losing the review history would show.
    Review.objects.create(
        assessment=assessment,
        stage=Review.Stage.DIP_SAMPLE,
        reviewer=team["sergeant"],
        decision=Review.Decision.CONFIRM,
        grade_before="high",
        grade="high",
    )
    client.force_login(team["sergeant"])
    shown = client.get(assessment.get_absolute_url())
    refused = client.post(reverse("risk:sergeant_review", args=[assessment.pk]), {"grade": "medium"})
    assert (shown.status_code, refused.status_code) == (200, 400)
    assert "Dip sample by" in refused.content.decode()
    assert _main_without_the_review_form(refused) == _main_without_the_review_form(shown)
    assert set(shown.context.keys()) == set(refused.context.keys())
    assert refused.context["forms"]["review"].errors  # beside the grade, in the review form


def test_the_officer_who_completed_the_dash_never_reviews_it(client, team, world, as_user):
    sergeant = team["sergeant"]
    own = _submitted(team, world, officer=sergeant)
    assert can_review_assessment(sergeant, own) is Decision.FORBIDDEN
    client.force_login(sergeant)
    assert "Your review" not in client.get(own.get_absolute_url()).content.decode()
    assert client.post(reverse("risk:sergeant_review", args=[own.pk]), {"grade": "high"}).status_code == 403
    url = reverse("assessment-sergeant-review", args=[own.pk])
    assert as_user(sergeant).post(url, {"grade": "high"}, format="json").status_code == 403
    assert not own.reviews.exists()


def test_a_sergeant_of_another_area_is_not_told_the_dash_exists(client, team, world, as_user):
    assessment = _submitted(team, world)
    outsider = team["other_area_sergeant"]
    assert can_review_assessment(outsider, assessment) is Decision.HIDDEN
    client.force_login(outsider)
    assert client.post(reverse("risk:sergeant_review", args=[assessment.pk]), {"grade": "high"}).status_code == 404
    url = reverse("assessment-sergeant-review", args=[assessment.pk])
    assert as_user(outsider).post(url, {"grade": "high"}, format="json").status_code == 404


def test_a_reviewed_dash_offers_no_second_review(client, team, world, as_user):
    assessment = _submitted(team, world)
    reviews.sergeant_review(assessment=assessment, sergeant=team["sergeant"], grade="high")
    assessment.refresh_from_db()
    assert ask("review_assessment", team["sergeant"], assessment) is Decision.FORBIDDEN
    client.force_login(team["sergeant"])
    assert "Your review" not in client.get(assessment.get_absolute_url()).content.decode()
    url = reverse("assessment-sergeant-review", args=[assessment.pk])
    assert as_user(team["sergeant"]).post(url, {"grade": "high"}, format="json").status_code == 403


def test_only_the_officer_continues_their_own_draft_and_only_while_a_draft(client, team, world, make_user, as_user):
    officer = team["officer"]
    a = draft(officer=officer, handler=team["handler"], area=world.area)
    other = make_user(Role.RESPONSE_OFFICER)
    assert (can_change_assessment(officer, a), can_change_assessment(other, a)) == (Decision.ALLOW, Decision.FORBIDDEN)
    continue_url = reverse("risk:section", args=[a.pk, 1])
    client.force_login(other)
    assert continue_url not in client.get(a.get_absolute_url()).content.decode()
    assert client.get(continue_url).status_code == 403
    client.force_login(officer)
    assert continue_url in client.get(a.get_absolute_url()).content.decode()

    done = _submitted(team, world)
    assert can_change_assessment(officer, done) is Decision.FORBIDDEN
    assert client.get(reverse("risk:section", args=[done.pk, 1])).status_code == 403
    # The API asks the same policy: a submitted DASH is refused as on the page, not left to the service.
    answers = {"answers": [{"question_id": done.answers.first().question_id, "value": "no"}]}
    response = as_user(officer).post(reverse("assessment-answers", args=[done.pk]), answers, format="json")
    assert response.status_code == 403
