"""The dip sampling pages and API: who may see and do what, the compliance figures, the review form."""

from datetime import date, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.roles import Role
from audit.models import AccessLog
from risk.models import Assessment
from sampling.models import DipSample, DipSampleItem
from sampling.selectors import compliance
from sampling.services import Period, dip_sample_draw, dip_sample_record_result

from ..factories import AreaFactory, ForceFactory
from .factories import Pool, at
from .test_draw import WEEK

PREVIOUS = Period(WEEK.start - timedelta(days=7), WEEK.start)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(date(2025, 3, 12), tick=False):
        yield


@pytest.fixture
def pool(personas):
    return Pool(officer=personas.officer, handler=personas.handler)


@pytest.fixture
def sample(pool, world) -> DipSample:
    """Area A, last week: 21 standard assessments, so 3 drawn; the first drawn has its answers."""
    pool.add(21, area=world.area, reviewed_at=at(WEEK.start))
    drawn = dip_sample_draw(area=world.area, period_start=WEEK.start, period_end=WEEK.end, percent=10, seed=4)
    pool.answered(_item(drawn).assessment, yes=4)
    return drawn


def _item(sample) -> DipSampleItem:
    return sample.items.order_by("pk").first()


# Access


@pytest.mark.parametrize(
    "name, kwargs",
    [
        ("sampling:compliance", None),
        ("sampling:sample", "sample"),
        ("sampling:item", "item"),
        ("sampling:issue", "item"),
    ],
)
def test_pages_need_login(client, sample, name, kwargs):
    args = {"sample": [sample.pk], "item": [_item(sample).pk]}.get(kwargs)
    response = client.get(reverse(name, args=args))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_draw_needs_login(client, db):
    assert client.post(reverse("sampling:draw")).status_code == 302


@pytest.mark.parametrize("role", [Role.RESPONSE_OFFICER, Role.SERGEANT, Role.CALL_HANDLER, Role.IDVA, Role.ANALYST])
def test_roles_without_dip_sampling_get_403(client, make_user, sample, role):
    client.force_login(make_user(role))
    assert client.get(reverse("sampling:compliance")).status_code == 403
    assert client.get(reverse("sampling:sample", args=[sample.pk])).status_code == 403
    assert client.get(reverse("sampling:item", args=[_item(sample).pk])).status_code == 403


def test_pvp_officer_sees_compliance_and_samples_but_cannot_review_or_draw(client, personas, sample):
    client.force_login(personas.pvp_officer)
    assert client.get(reverse("sampling:compliance")).status_code == 200
    assert client.get(reverse("sampling:sample", args=[sample.pk])).status_code == 200
    assert client.get(reverse("sampling:item", args=[_item(sample).pk])).status_code == 403
    assert client.post(reverse("sampling:draw"), {"area": sample.area_id}).status_code == 403


def test_a_supervisor_of_another_area_gets_404(client, personas, sample):
    client.force_login(personas.named("pvp_supervisor@south"))
    assert client.get(reverse("sampling:sample", args=[sample.pk])).status_code == 404
    assert client.get(reverse("sampling:item", args=[_item(sample).pk])).status_code == 404
    assert client.post(reverse("sampling:item", args=[_item(sample).pk]), {"result": "agree"}).status_code == 404
    assert not DipSampleItem.objects.exclude(result="").exists()


def test_a_sergeant_of_another_area_cannot_open_a_practice_issue(client, personas, sample, make_user, world):
    item = dip_sample_record_result(
        item=_item(sample), reviewer=personas.pvp_supervisor, result="practice_issue", reason="x"
    )
    client.force_login(make_user(Role.SERGEANT, area=world.other_area))
    assert client.get(reverse("sampling:issue", args=[item.pk])).status_code == 404


def test_an_item_not_a_practice_issue_has_no_issue_page(client, personas, sample):
    client.force_login(personas.sergeant)
    assert client.get(reverse("sampling:issue", args=[_item(sample).pk])).status_code == 404


def test_senior_officers_see_every_area_of_their_force_only(personas, sample, pool, world):
    other = dip_sample_draw(area=world.other_area, period_start=WEEK.start, period_end=WEEK.end, percent=10)
    elsewhere = AreaFactory(force=ForceFactory(name="Elsewhere Police", code="elsewhere"), name="E", code="e")
    foreign = dip_sample_draw(area=elsewhere, period_start=WEEK.start, period_end=WEEK.end, percent=10)
    assert set(DipSample.objects.visible_to(personas.senior_officer)) == {sample, other}
    assert set(DipSample.objects.visible_to(personas.pvp_supervisor)) == {sample}
    assert foreign not in DipSample.objects.visible_to(personas.senior_officer)


# Compliance


def test_compliance_figures(personas, sample, world):
    items = list(sample.items.order_by("pk"))
    dip_sample_record_result(item=items[0], reviewer=personas.pvp_supervisor, result="agree")
    dip_sample_record_result(
        item=items[1], reviewer=personas.pvp_supervisor, result="practice_issue", reason="No rationale"
    )
    rows, totals = compliance(personas.senior_officer, first=PREVIOUS.start, last=date(2025, 3, 12))
    by_key = {(r.area.code, r.period.start): r for r in rows}
    assert set(by_key) == {(a, p.start) for a in ("north", "south") for p in (PREVIOUS, WEEK)}
    row = by_key[("north", WEEK.start)]
    assert (row.population, row.sample_size, row.reviewed, row.status) == (21, 3, 2, "outstanding")
    assert round(row.share_sampled, 3) == 0.143 and round(row.share_reviewed, 3) == 0.667
    assert row.results == {"agree": 1, "regrade": 0, "practice_issue": 1}
    assert by_key[("north", PREVIOUS.start)].status == "not_drawn"
    assert (totals.population, totals.sample_size, totals.reviewed, totals.not_drawn) == (21, 3, 2, 3)
    dip_sample_record_result(
        item=items[2], reviewer=personas.pvp_supervisor, result="regrade", grade="medium", reason="Threats"
    )
    rows, _ = compliance(personas.pvp_supervisor, first=WEEK.start, last=WEEK.end, status="complete")
    assert [(r.area, r.results["regrade"]) for r in rows] == [(world.area, 1)]


def test_compliance_page_shows_the_figures_with_a_fixed_number_of_queries(client, personas, pool, world):
    # Twelve weeks of samples in two areas: the page reads as many times for two weeks as for twelve.
    for weeks_back in range(12):
        start = WEEK.start - timedelta(weeks=weeks_back)
        for area in (world.area, world.other_area):
            pool.add(11, area=area, reviewed_at=at(start))
            dip_sample_draw(area=area, period_start=start, period_end=start + timedelta(days=7), percent=10)
    client.force_login(personas.senior_officer)
    url = reverse("sampling:compliance")
    with CaptureQueriesContext(connection) as short:
        client.get(url, {"first": "2025-02-24", "last": "2025-03-12"})
    with CaptureQueriesContext(connection) as long:
        response = client.get(url, {"first": "2024-12-01", "last": "2025-03-12"})
    # Reach reads the senior officer's force's areas and whether they are a partner once: 14 at most.
    assert len(long.captured_queries) == len(short.captured_queries) <= 14
    html = response.content.decode()
    assert response.status_code == 200
    assert "<caption>Dip sample compliance by area and period, newest first</caption>" in html
    assert '<th scope="row"><a href="' in html and "18%" in html  # 2 of 11
    assert "Page 1 of 2" in html  # 14 weeks x 2 areas, 25 rows a page
    page2 = client.get(url, {"first": "2024-12-01", "last": "2025-03-12", "page": 2}).content.decode()
    assert "Not drawn" in page2  # the two weeks before the first sample
    assert "first=2024-12-01" in page2  # the filters survive paging


def test_compliance_filters_by_area_and_status(client, personas, sample, world):
    client.force_login(personas.senior_officer)
    html = client.get(reverse("sampling:compliance"), {"area": world.other_area.pk}).content.decode()
    assert "South" in html and "North" not in html.split("<tbody>")[1]
    html = client.get(reverse("sampling:compliance"), {"status": "outstanding"}).content.decode()
    assert html.split("<tbody>")[1].count("<tr>") == 1
    backwards = client.get(reverse("sampling:compliance"), {"first": "2025-03-12", "last": "2025-01-01"})
    assert backwards.status_code == 400


def test_a_supervisor_can_only_filter_by_their_own_areas(client, personas, sample, world):
    client.force_login(personas.pvp_supervisor)
    response = client.get(reverse("sampling:compliance"), {"area": world.other_area.pk})
    assert response.status_code == 400  # not a choice: refused, not shown


# Drawing now


def test_a_supervisor_draws_the_last_period_now_and_a_second_press_opens_it(client, personas, pool, world):
    pool.add(5, area=world.area, reviewed_at=at(WEEK.start))
    client.force_login(personas.pvp_supervisor)
    response = client.post(reverse("sampling:draw"), {"area": world.area.pk})
    sample = DipSample.objects.get()
    assert response.status_code == 302 and response["Location"] == sample.get_absolute_url()
    assert (sample.period_start, sample.drawn_by, sample.sample_size) == (WEEK.start, personas.pvp_supervisor, 1)
    client.post(reverse("sampling:draw"), {"area": world.area.pk})
    assert DipSample.objects.count() == 1


def test_a_supervisor_cannot_draw_for_another_area(client, personas, world):
    client.force_login(personas.pvp_supervisor)
    client.post(reverse("sampling:draw"), {"area": world.other_area.pk})
    assert not DipSample.objects.exists()


# The sample and the review


def test_sample_page_lists_the_assessments_and_is_logged(client, personas, sample):
    client.force_login(personas.pvp_supervisor)
    url = reverse("sampling:sample", args=[sample.pk])
    html = client.get(url).content.decode()
    assert "<caption>Assessments drawn in this sample</caption>" in html
    assert html.count("Not reviewed") == 3 and str(sample.seed) in html
    log = AccessLog.objects.get(path=url)
    victims = set(DipSampleItem.objects.filter(sample=sample).values_list("assessment__victim_id", flat=True))
    assert log.object_id == str(sample.pk) and set(log.person_ids) == victims


def test_review_page_shows_the_answers_by_section_in_the_versions_wording(client, personas, sample):
    item = _item(sample)
    first_question = item.assessment.answers.order_by("question__number").first().question
    client.force_login(personas.pvp_supervisor)
    url = reverse("sampling:item", args=[item.pk])
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert first_question.section.title in html and first_question.wording in html
    assert "Said he would kill her" in html
    assert f"Answers: {first_question.section.title}</caption>" in html
    assert 'name="result"' in html and "<label" in html
    # The page is the sample item's, about its assessment's victim.
    log = AccessLog.objects.get(path=url)
    assert log.object_id == str(item.pk) and item.assessment.victim_id in log.person_ids


def test_review_page_queries_do_not_grow_with_the_answers(client, personas, sample, django_assert_max_num_queries):
    client.force_login(personas.pvp_supervisor)
    with django_assert_max_num_queries(20):
        client.get(reverse("sampling:item", args=[_item(sample).pk]))


def test_recording_a_regrade_through_the_form(client, personas, sample):
    items = list(sample.items.order_by("pk"))
    client.force_login(personas.pvp_supervisor)
    response = client.post(
        reverse("sampling:item", args=[items[0].pk]),
        {"result": "regrade", "grade": "high", "reason": "Threat to kill in the comment"},
    )
    assert response.status_code == 302 and response["Location"] == items[1].get_absolute_url()  # on to the next
    assert Assessment.objects.get(pk=items[0].assessment_id).grade == "high"
    again = client.post(reverse("sampling:item", args=[items[0].pk]), {"result": "agree"})
    assert again.status_code == 400 and "already recorded" in again.content.decode()
    html = client.get(reverse("sampling:item", args=[items[0].pk])).content.decode()
    assert "Regraded from standard to high" in html and 'name="result"' not in html


def test_a_regrade_without_a_reason_is_shown_beside_the_field(client, personas, sample):
    client.force_login(personas.pvp_supervisor)
    url = reverse("sampling:item", args=[_item(sample).pk])
    response = client.post(url, {"result": "regrade", "grade": "high"})
    assert response.status_code == 400 and "Explain why you are changing the grade" in response.content.decode()


def test_the_sergeant_deals_with_the_practice_issue_from_my_work(client, personas, sample):
    item = dip_sample_record_result(
        item=_item(sample), reviewer=personas.pvp_supervisor, result="practice_issue", reason="Q3 comment missing"
    )
    client.force_login(personas.sergeant)
    home = client.get(reverse("core:home")).content.decode()
    assert reverse("sampling:issue", args=[item.pk]) in home
    page = client.get(reverse("sampling:issue", args=[item.pk])).content.decode()
    assert "Q3 comment missing" in page
    logged = AccessLog.objects.get(path=reverse("sampling:issue", args=[item.pk])).person_ids
    assert item.assessment.victim_id in logged
    response = client.post(reverse("sampling:issue", args=[item.pk]), {"response": "Discussed on 12 March"})
    assert response.status_code == 302
    assert reverse("sampling:issue", args=[item.pk]) not in client.get(reverse("core:home")).content.decode()
    assert DipSampleItem.objects.get(pk=item.pk).issue_addressed_by == personas.sergeant


def test_navigation_shows_dip_sampling_to_those_who_may_see_it(client, personas):
    client.force_login(personas.pvp_officer)
    assert reverse("sampling:compliance") in client.get(reverse("core:home")).content.decode()
    client.force_login(personas.officer)
    assert reverse("sampling:compliance") not in client.get(reverse("core:home")).content.decode()


# API


@pytest.fixture
def api():
    return APIClient()


def test_api_lists_samples_with_their_figures(api, personas, sample):
    dip_sample_record_result(item=_item(sample), reviewer=personas.pvp_supervisor, result="agree")
    api.force_authenticate(personas.pvp_officer)
    body = api.get(reverse("dipsample-list")).json()
    assert body["count"] == 1
    row = body["results"][0]
    assert (row["area"], row["population"], row["sample_size"], row["reviewed"], row["seed"]) == ("north", 21, 3, 1, 4)
    assert row["results"] == {"agree": 1, "regrade": 0, "practice_issue": 0}
    outside = api.get(reverse("dipsample-list"), {"area": "south"})  # not one of the officer's areas
    assert outside.status_code == 400 and outside.json()["errors"]["area"]
    bad = api.get(reverse("dipsample-list"), {"period_from": "last week"})
    assert bad.status_code == 400 and "period_from" in bad.json()["errors"]


def test_api_detail_lists_the_items_and_is_logged(api, personas, sample):
    api.force_authenticate(personas.pvp_supervisor)
    url = reverse("dipsample-detail", args=[sample.pk])
    body = api.get(url).json()
    assert len(body["items"]) == 3 and body["items"][0]["result"] == ""
    log = AccessLog.objects.get(path=url)
    victims = set(DipSampleItem.objects.filter(sample=sample).values_list("assessment__victim_id", flat=True))
    assert log.object_id == str(sample.pk) and set(log.person_ids) == victims


def test_api_records_a_result_once(api, personas, sample):
    item = _item(sample)
    api.force_authenticate(personas.pvp_supervisor)
    url = reverse("dipsampleitem-result", args=[item.pk])
    response = api.post(url, {"result": "regrade", "grade": "medium"}, format="json")
    assert response.status_code == 400 and response.json()["errors"]["reason"]
    response = api.post(url, {"result": "regrade", "grade": "medium", "reason": "Escalating"}, format="json")
    assert response.status_code == 200 and response.json()["result"] == "regrade"
    response = api.post(url, {"result": "agree"}, format="json")
    assert response.status_code == 400 and "already recorded" in response.json()["errors"]["non_field_errors"][0]


def test_api_access(api, personas, sample, make_user):
    url = reverse("dipsampleitem-result", args=[_item(sample).pk])
    assert api.get(reverse("dipsample-list")).status_code == 401
    api.force_authenticate(personas.pvp_officer)
    assert api.post(url, {"result": "agree"}, format="json").status_code == 403
    api.force_authenticate(personas.named("pvp_supervisor@south"))
    assert api.post(url, {"result": "agree"}, format="json").status_code == 404
    assert api.get(reverse("dipsample-detail", args=[sample.pk])).status_code == 404
    api.force_authenticate(make_user(Role.RESPONSE_OFFICER))
    assert api.get(reverse("dipsample-list")).status_code == 403


def test_the_default_range_shows_last_week_first(client, personas, sample):
    client.force_login(personas.pvp_supervisor)
    html = client.get(reverse("sampling:compliance")).content.decode()
    first_row = html.split("<tbody>")[1].split("</tr>")[0]
    assert f"{WEEK.start:%-d %b %Y} to {WEEK.last_day:%-d %b %Y}" in first_row
