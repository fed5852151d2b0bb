"""The DASH pages: answers saved, errors beside the fields, queues in a fixed number of queries."""

from django.urls import reverse

from audit.models import AccessLog
from risk.models import Assessment, Question

from .factories import draft, in_pvp_queue, submitted


def test_section_saves_answers_and_moves_on(client, personas, world):
    a = draft(officer=personas.officer, handler=personas.handler, area=world.area)
    client.force_login(personas.officer)
    q = Question.objects.filter(section__in=a.sections.all()).order_by("number").first()
    response = client.post(reverse("risk:section", args=[a.pk, 1]), {f"q{q.pk}": "yes", f"q{q.pk}_source": "Son"})
    assert response.status_code == 302 and response["Location"] == reverse("risk:children", args=[a.pk])
    answer = a.answers.get()
    assert (answer.value, answer.source) == ("yes", "Son")


def test_bad_answer_value_is_an_error_beside_the_question(client, personas, world):
    a = draft(officer=personas.officer, handler=personas.handler, area=world.area)
    client.force_login(personas.officer)
    q = Question.objects.filter(section__in=a.sections.all()).first()
    response = client.post(reverse("risk:section", args=[a.pk, 1]), {f"q{q.pk}": "maybe"})
    assert response.status_code == 400 and f"q{q.pk}" in response.context["form"].errors
    assert not a.answers.exists()


def test_htmx_answer_returns_the_new_tally(client, personas, world):
    a = draft(officer=personas.officer, handler=personas.handler, area=world.area)
    client.force_login(personas.officer)
    q = Question.objects.filter(section__in=a.sections.all(), counts_to_score=True).first()
    html = client.post(
        reverse("risk:answer", args=[a.pk]), {"question": q.pk, "value": "yes"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "Saved" in html and 'hx-swap-oob="true"' in html and "<strong>1</strong>" in html


def test_grade_below_the_count_is_an_error_beside_the_grade(client, personas, world):
    from .factories import answer_all

    a = draft(officer=personas.officer, handler=personas.handler, area=world.area)
    answer_all(a, personas.officer, 15)
    client.force_login(personas.officer)
    response = client.post(reverse("risk:submit", args=[a.pk]), {"grade": "medium", "children_referral": "no_children"})
    assert response.status_code == 400 and "grade" in response.context["form"].errors
    assert Assessment.objects.get(pk=a.pk).status == Assessment.Status.DRAFT


def test_viewing_an_assessment_is_audited(client, personas, world):
    a = submitted(officer=personas.officer, handler=personas.handler, area=world.area, yes=3, grade="standard")
    client.force_login(personas.sergeant)
    assert client.get(a.get_absolute_url()).status_code == 200
    assert AccessLog.objects.filter(user=personas.sergeant, person_ids__contains=[a.victim_id]).exists()


def test_pvp_queue_page_query_count_does_not_grow_with_the_queue(
    client, personas, world, django_assert_max_num_queries
):
    for _ in range(5):
        in_pvp_queue(officer=personas.officer, handler=personas.handler, sergeant=personas.sergeant, area=world.area)
    client.force_login(personas.pvp_supervisor)
    with django_assert_max_num_queries(15):  # one more since reach asks whether the user is a partner
        response = client.get(reverse("risk:pvp_queue"))
    assert response.content.decode().count("Claim<span") == 5


def test_sergeant_queue_page_lists_the_submitted(client, personas, world):
    a = submitted(officer=personas.officer, handler=personas.handler, area=world.area, yes=3, grade="standard")
    client.force_login(personas.sergeant)
    assert a.victim.full_name in client.get(reverse("risk:sergeant_queue")).content.decode()


def test_the_queues_log_whose_names_they_showed(client, personas, world):
    item = in_pvp_queue(officer=personas.officer, handler=personas.handler, sergeant=personas.sergeant, area=world.area)
    waiting = submitted(officer=personas.officer, handler=personas.handler, area=world.area, yes=2, grade="standard")
    client.force_login(personas.pvp_supervisor)
    client.get(reverse("risk:pvp_queue"))
    client.force_login(personas.sergeant)
    client.get(reverse("risk:sergeant_queue"))
    logs = AccessLog.objects.filter(action="search")
    assert logs.filter(user=personas.pvp_supervisor, person_ids__contains=[item.assessment.victim_id]).exists()
    assert logs.filter(user=personas.sergeant, person_ids__contains=[waiting.victim_id]).exists()
