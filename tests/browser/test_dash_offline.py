"""The DASH at a scene with no signal, on a 360-px phone with the service worker running.

The signal goes mid-DASH; the officer taps answers, reloads, closes the tab and opens it again, finishes the
children and the grading, and submits; the signal returns and every answer reaches the server once.
"""

from django.contrib.sessions.models import Session
from django.urls import reverse
from playwright.sync_api import expect

from accounts.roles import Role
from risk.models import AnswerEvent, Assessment, AssessmentAnswer

from ..factories import make_person
from ..incidents.helpers import log_incident
from ..risk.factories import questionnaire
from .conftest import assert_accessible
from .test_intake_journey import sign_in, tab_to

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}
STORE = """async () => {
  const db = await new Promise((ok, ko) => { const r = indexedDB.open("dacase-device", 1);
    r.onsuccess = () => ok(r.result); r.onerror = () => ko(r.error); });
  const count = (name) => new Promise((ok) => { const r = db.transaction(name).objectStore(name).count();
    r.onsuccess = () => ok(r.result); });
  const keyReq = db.transaction("meta").objectStore("meta").get("key");
  const key = await new Promise((ok) => { keyReq.onsuccess = () => ok(keyReq.result ? 1 : 0); });
  const out = {events: await count("events"), pages: await count("pages"), photos: await count("photos"), key: key};
  db.close();
  return out;
}"""


def _incident(make_user, world):
    questionnaire()
    return log_incident(
        user=make_user(Role.CALL_HANDLER),
        area=world.area,
        victim=make_person(given_name="Lucy", surname="Grey"),
        suspect=make_person(given_name="Mark", surname="Dunn"),
    )


def _phone(browser, live_server):
    context = browser.new_context(base_url=live_server.url, **PHONE)
    page = context.new_page()
    page.set_default_timeout(20_000)
    return context, page


def _ready(page):
    """The service worker controls the page and the draft's pages are kept on the device."""
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.wait_for_function("() => document.body.dataset.deviceReady === 'true'")


def _open_dash(page, incident):
    page.goto(reverse("incidents:detail", args=[incident.pk]))
    page.get_by_role("link", name="Start a DASH assessment").click()
    page.get_by_role("button", name="Start").click()
    expect(page.locator("h1")).to_contain_text("(1 of 1)")
    # The first load installs the service worker; a second is controlled by it and keeps the pages.
    page.wait_for_function("() => navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    _ready(page)


def test_a_dash_finished_without_a_signal_reaches_the_server_once(browser, live_server, make_user, password, world):
    make_user(Role.RESPONSE_OFFICER, username="sam")
    incident = _incident(make_user, world)
    context, page = _phone(browser, live_server)
    sign_in(page, "sam", password)
    _open_dash(page, incident)
    assessment = Assessment.objects.get()
    section_url = reverse("risk:section", args=[assessment.pk, 1])
    questions = page.locator("fieldset.question")
    total = questions.count()
    assert total == 27

    questions.nth(0).get_by_text("Yes", exact=True).tap()
    expect(questions.nth(0).locator(".save-state")).to_contain_text("Saved")

    # The signal goes: each tapped answer is kept on the phone and says so; the page counts them.
    context.set_offline(True)
    for i in range(1, 6):
        questions.nth(i).get_by_text("Yes", exact=True).tap()
        expect(questions.nth(i).locator(".save-state")).to_contain_text("Waiting")
    expect(page.locator("#unsaved-count")).to_contain_text("5 waiting to be sent")
    assert AssessmentAnswer.objects.count() == 1

    # Reloaded without a signal: the service worker's offline page, filled from the device's store.
    page.reload()
    expect(page.locator(".offline-banner")).to_contain_text("No signal")
    questions = page.locator("fieldset.question")
    expect(questions).to_have_count(total)
    for i in range(1, 6):
        expect(questions.nth(i).locator("input[value=yes]")).to_be_checked()
        expect(questions.nth(i).locator(".save-state")).to_contain_text("Waiting")
    for i in range(6, 12):
        questions.nth(i).get_by_text("Yes", exact=True).tap()
    expect(page.locator("#unsaved-count")).to_contain_text("11 waiting")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(page)

    # The tab is closed and opened again, still without a signal.
    page.close()
    page = context.new_page()
    page.goto(section_url)
    expect(page.locator(".offline-banner")).to_be_visible()
    questions = page.locator("fieldset.question")
    expect(page.locator("#unsaved-count")).to_contain_text("11 waiting")
    for i in range(12, total):
        questions.nth(i).get_by_text("No", exact=True).tap()
    expect(page.locator("#unsaved-count")).to_contain_text(f"{total - 1} waiting")

    # The children and the grading, offline. A grade below the count is kept, and refused once online.
    page.get_by_role("button", name="Save and go on to children").click()
    expect(page.locator("h1")).to_have_text("Children")
    page.get_by_role("link", name="Go on to grading").click()
    expect(page.locator("h1")).to_have_text("Grade and submit")
    page.get_by_label("Standard").check()
    page.get_by_label("No children involved").check()
    page.get_by_role("button", name="Submit to my sergeant").click()
    expect(page.locator("#dash-notices")).to_contain_text("kept on this phone")
    assert_accessible(page)
    assert AssessmentAnswer.objects.count() == 1 and Assessment.objects.get().status == "draft"

    # The signal returns: everything goes, in order; the grading is refused by the same rule as online.
    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("#dash-notices")).to_contain_text("was refused now the signal is back", timeout=30_000)
    assert AssessmentAnswer.objects.filter(assessment=assessment).count() == total
    assert AnswerEvent.objects.filter(assessment=assessment).count() == total  # each tap once, no more
    assert AnswerEvent.objects.values("idempotency_key").distinct().count() == total
    assert Assessment.objects.get().yes_count == 12
    assert Assessment.objects.get().status == "draft"

    # Online, the officer grades again; it goes through at once.
    page.goto(reverse("risk:submit", args=[assessment.pk]))
    page.get_by_label("Medium").check()
    page.get_by_label("No children involved").check()
    page.get_by_role("button", name="Submit to my sergeant").click()
    expect(page.get_by_text("Assessment submitted")).to_be_visible()
    assert Assessment.objects.get().status == "submitted"
    context.close()


def test_two_phones_answer_one_draft_the_later_tap_wins(browser, live_server, make_user, password, world):
    make_user(Role.RESPONSE_OFFICER, username="sam")
    incident = _incident(make_user, world)
    first, a = _phone(browser, live_server)
    second, b = _phone(browser, live_server)
    sign_in(a, "sam", password)
    sign_in(b, "sam", password)
    _open_dash(a, incident)
    assessment = Assessment.objects.get()
    b.goto(reverse("risk:section", args=[assessment.pk, 1]))
    _ready(b)

    first.set_offline(True)
    a.locator("fieldset.question").nth(0).get_by_text("Yes", exact=True).tap()
    expect(a.locator("fieldset.question").nth(0).locator(".save-state")).to_contain_text("Waiting")
    # Later, on the second phone (with a signal): "No".
    b.locator("fieldset.question").nth(0).get_by_text("No", exact=True).tap()
    expect(b.locator("fieldset.question").nth(0).locator(".save-state")).to_contain_text("Saved")

    first.set_offline(False)
    a.evaluate("window.dispatchEvent(new Event('online'))")
    fieldset = a.locator("fieldset.question").nth(0)
    expect(fieldset.locator(".save-state")).to_contain_text("a later answer from another device is kept")
    expect(fieldset.locator(".two-devices")).to_contain_text("Also answered on another device")
    answer = AssessmentAnswer.objects.get(assessment=assessment, question_id=fieldset.get_attribute("data-question"))
    assert answer.value == "no"
    assert sorted(AnswerEvent.objects.values_list("value", "outcome")) == [("no", "applied"), ("yes", "superseded")]
    assert_accessible(a)
    first.close()
    second.close()


def test_signing_out_and_an_ended_session_wipe_the_device(browser, live_server, make_user, password, world):
    make_user(Role.RESPONSE_OFFICER, username="sam")
    incident = _incident(make_user, world)
    context, page = _phone(browser, live_server)
    sign_in(page, "sam", password)
    _open_dash(page, incident)
    held = page.evaluate(STORE)
    assert held["pages"] == 3 and held["key"] == 1  # the section, the children, the grading
    # What is kept is encrypted: no victim's or suspect's name in the store's bytes.
    assert page.evaluate(
        """async () => { const db = await new Promise(ok => { const r = indexedDB.open("dacase-device", 1);
          r.onsuccess = () => ok(r.result); });
          const rows = await new Promise(ok => { const r = db.transaction("pages").objectStore("pages").getAll();
          r.onsuccess = () => ok(r.result); }); db.close();
          return rows.every(b => b.data instanceof ArrayBuffer
            && !new TextDecoder().decode(b.data).includes("DUNN")); }"""
    )

    toggler = page.get_by_role("button", name="Show menu")
    toggler.click()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="You have signed out")).to_be_visible()
    assert page.evaluate(STORE) == {"events": 0, "pages": 0, "photos": 0, "key": 0}

    # An administrator ends the session: the next page the phone opens finds it gone and wipes the store.
    sign_in(page, "sam", password)
    page.goto(reverse("risk:section", args=[Assessment.objects.get().pk, 1]))
    _ready(page)
    assert page.evaluate(STORE)["pages"] == 3
    Session.objects.all().delete()
    page.reload()
    expect(page.get_by_label("Username")).to_be_visible()
    page.wait_for_function(f"async () => {{ const s = await ({STORE})(); return s.pages === 0 && s.key === 0; }}")
    assert page.evaluate(STORE) == {"events": 0, "pages": 0, "photos": 0, "key": 0}
    context.close()


def test_a_photograph_taken_offline_is_uploaded_later_with_its_hash(
    browser, live_server, make_user, password, world, settings, tmp_path
):
    import hashlib
    import io

    from PIL import Image

    from incidents.models import Evidence

    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {**settings.STORAGES["evidence"], "OPTIONS": {"location": tmp_path, "base_url": None}},
    }
    make_user(Role.RESPONSE_OFFICER, username="sam")
    incident = _incident(make_user, world)
    context, page = _phone(browser, live_server)
    sign_in(page, "sam", password)
    _open_dash(page, incident)
    out = io.BytesIO()
    Image.new("RGB", (64, 48), "purple").save(out, format="JPEG")
    data = out.getvalue()

    context.set_offline(True)
    capture = page.get_by_label("Take an injury photograph")
    expect(capture).to_have_attribute("capture", "environment")
    capture.set_input_files({"name": "injury.jpg", "mimeType": "image/jpeg", "buffer": data})
    state = page.locator(".photo-capture .photo-state")
    expect(state).to_contain_text("kept on this phone")
    expect(page.locator("#unsaved-count")).to_contain_text("1 photograph waiting")
    assert not Evidence.objects.exists()
    assert page.evaluate(STORE)["photos"] == 1

    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(state).to_contain_text("uploaded; its SHA-256 matched", timeout=30_000)
    photo = Evidence.objects.get()
    assert photo.sha256 == hashlib.sha256(data).hexdigest() and photo.image.open("rb").read() == data
    assert photo.captured_by.username == "sam" and photo.device
    assert page.evaluate(STORE)["photos"] == 0
    context.close()


def test_a_dash_section_from_the_keyboard_alone(page, make_user, password, world):
    make_user(Role.RESPONSE_OFFICER, username="sam")
    incident = _incident(make_user, world)
    sign_in(page, "sam", password)
    page.goto(reverse("risk:start", args=[incident.pk]))
    tab_to(page, "button[type=submit]:not(.btn-outline-light)")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_contain_text("(1 of 1)")

    questions = page.locator("fieldset.question")
    total = questions.count()
    for i in range(total):
        question_id = questions.nth(i).get_attribute("data-question")
        tab_to(page, f"input[name='q{question_id}']")
        if i < 3:
            page.keyboard.press("ArrowRight")  # moves to "No" and chooses it
        else:
            page.keyboard.press("Space")  # chooses "Yes"
        if i == 0:
            # The focus shows on the button the officer sees, not on the hidden radio.
            outline = page.evaluate("() => getComputedStyle(document.activeElement.nextElementSibling).outlineStyle")
            assert outline == "solid"
    expect(page.locator("fieldset.question .save-state", has_text="Saved")).to_have_count(total)
    expect(page.locator("#dash-progress")).to_contain_text(f"{total}/{total}")
    expect(page.locator("#tally")).to_contain_text(f"{total - 3}")
    tab_to(page, "form.dash-section button[type=submit]")
    page.keyboard.press("Enter")
    assessment = Assessment.objects.get()
    expect(page).to_have_url(reverse("risk:children", args=[assessment.pk]))
    assert assessment.answers.filter(value="yes").count() == total - 3
