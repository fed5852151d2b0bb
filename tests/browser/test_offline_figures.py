"""The figures of the note on issue 15, measured in Chromium on the loopback (printed, never asserted):
what the phone downloads to work offline, and how long a sync of 27 answers and 3 photographs takes."""

import io
import time
from pathlib import Path

from django.contrib.staticfiles import finders
from django.urls import reverse
from PIL import Image
from playwright.sync_api import expect

from accounts.roles import Role
from core.offline import PRECACHE, WORKBOX
from incidents.models import Evidence
from risk.models import AnswerEvent, Assessment

from .test_dash_offline import _incident, _open_dash, _phone
from .test_intake_journey import sign_in


def test_offline_download_size_and_sync_time(browser, live_server, make_user, password, world, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {**settings.STORAGES["evidence"], "OPTIONS": {"location": tmp_path, "base_url": None}},
    }
    make_user(Role.RESPONSE_OFFICER, username="sam")
    incident = _incident(make_user, world)
    context, page = _phone(browser, live_server)
    sign_in(page, "sam", password)
    _open_dash(page, incident)
    assessment = Assessment.objects.get()

    names = [*PRECACHE, *(f"vendor/workbox/{w}" for w in WORKBOX), "vendor/workbox/workbox-sw.js"]
    static_bytes = sum(Path(finders.find(n)).stat().st_size for n in names if finders.find(n))
    sw_bytes = len(page.request.get(reverse("core:service_worker")).body())
    shell_bytes = len(page.request.get(reverse("core:offline")).body())
    pages = [reverse("risk:section", args=[assessment.pk, 1]), reverse("risk:children", args=[assessment.pk])]
    pages.append(reverse("risk:submit", args=[assessment.pk]))
    page_bytes = sum(len(page.request.get(p).body()) for p in pages)

    photos = []
    for _ in range(3):
        out = io.BytesIO()
        Image.effect_noise((1600, 1200), 60).convert("RGB").save(out, format="JPEG", quality=85)
        photos.append(out.getvalue())

    context.set_offline(True)
    questions = page.locator("fieldset.question")
    for i in range(27):
        questions.nth(i).get_by_text("No", exact=True).tap()
    capture = page.get_by_label("Take an injury photograph")
    for n, data in enumerate(photos):
        capture.set_input_files({"name": f"injury{n}.jpg", "mimeType": "image/jpeg", "buffer": data})
        expect(page.locator("#unsaved-count")).to_contain_text(f"{n + 1} photograph")
    expect(page.locator("#unsaved-count")).to_contain_text("27 waiting")

    context.set_offline(False)
    started = time.perf_counter()
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("#unsaved-count")).to_have_text("", timeout=60_000)
    elapsed = time.perf_counter() - started
    assert AnswerEvent.objects.count() == 27 and Evidence.objects.count() == 3
    print(
        f"\nOFFLINE FIGURES: static files precached {static_bytes} B, service worker {sw_bytes} B, "
        f"offline page {shell_bytes} B, the draft's 3 pages {page_bytes} B "
        f"(total {static_bytes + sw_bytes + shell_bytes + page_bytes} B); "
        f"sync of 27 answers and 3 photographs ({sum(map(len, photos))} B) {elapsed:.2f} s on the loopback"
    )
    context.close()
