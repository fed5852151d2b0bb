"""Evidence photographs (checked, private, audited) and call audits."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from audit.models import AccessLog
from incidents.models import CallAudit, Evidence
from incidents.models.supervision import CALL_STANDARD
from incidents.selectors import call_audit_shares
from incidents.services import call_audit_draw, call_audit_score

from ..factories import make_person
from ..test_access_table import png_upload
from .helpers import log_incident


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {**settings.STORAGES["evidence"], "OPTIONS": {"location": tmp_path, "base_url": None}},
    }


@pytest.fixture
def incident(make_user, world):
    return log_incident(user=make_user(Role.CALL_HANDLER), area=world.area, victim=make_person())


def _upload(client, incident, upload):
    return client.post(
        reverse("incidents:evidence", args=[incident.pk]), {"evidence-kind": "photo", "evidence-image": upload}
    )


def test_photograph_is_stored_privately_and_served_only_through_the_checked_view(client, make_user, incident):
    officer = make_user(Role.RESPONSE_OFFICER)
    client.force_login(officer)
    assert _upload(client, incident, png_upload()).status_code == 302
    photo = Evidence.objects.get()
    response = client.get(reverse("incidents:evidence_file", args=[incident.pk, photo.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert AccessLog.objects.filter(user=officer, action=AccessLog.Action.DOWNLOAD).exists()


@pytest.mark.parametrize(
    "upload, message",
    [
        (SimpleUploadedFile("x.png", b"<?php system($_GET['c']); ?>", content_type="image/png"), "not an image"),
        (SimpleUploadedFile("doc.pdf", b"%PDF-1.4 fake", content_type="application/pdf"), "not an image"),
    ],
)
def test_files_that_are_not_images_are_refused(client, make_user, incident, upload, message):
    client.force_login(make_user(Role.RESPONSE_OFFICER))
    response = _upload(client, incident, upload)
    assert response.status_code == 400 and message in response.content.decode()
    assert not Evidence.objects.exists()


def test_oversized_photograph_is_refused(client, make_user, incident, settings):
    settings.DACASE_MAX_PHOTO_BYTES = 10
    client.force_login(make_user(Role.RESPONSE_OFFICER))
    response = _upload(client, incident, png_upload())
    assert response.status_code == 400 and "too large" in response.content.decode()


def test_other_area_cannot_fetch_the_photograph(client, make_user, incident, world):
    client.force_login(make_user(Role.RESPONSE_OFFICER))
    _upload(client, incident, png_upload())
    client.force_login(make_user(Role.RESPONSE_OFFICER, area=world.other_area))
    assert (
        client.get(reverse("incidents:evidence_file", args=[incident.pk, Evidence.objects.get().pk])).status_code == 404
    )


def test_call_audit_draw_is_random_capped_and_idempotent(make_user, world):
    handler = make_user(Role.CALL_HANDLER)
    supervisor = make_user(Role.CONTROL_ROOM_SUPERVISOR)
    for n in range(5):
        log_incident(user=handler, area=world.area, victim=make_person(given_name=f"P{n}"))
    month = timezone.localdate()
    first = call_audit_draw(auditor=supervisor, month=month, per_handler=2, seed=1)
    again = call_audit_draw(auditor=supervisor, month=month, per_handler=2, seed=2)
    assert len(first) == 2 and again == [] and CallAudit.objects.count() == 2


def test_scores_cover_the_whole_standard_and_the_share_is_shown(make_user, world):
    handler = make_user(Role.CALL_HANDLER)
    supervisor = make_user(Role.CONTROL_ROOM_SUPERVISOR)
    for n in range(4):
        log_incident(user=handler, area=world.area, victim=make_person(given_name=f"P{n}"))
    audit = call_audit_draw(auditor=supervisor, month=timezone.localdate(), per_handler=1)[0]
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        call_audit_score(audit=audit, auditor=supervisor, scores={"empathy": 2})
    call_audit_score(audit=audit, auditor=supervisor, scores={k: 2 for k in CALL_STANDARD})
    audit.refresh_from_db()
    assert audit.percentage == 100
    share = call_audit_shares(user=supervisor, month=timezone.localdate())[0]
    assert (share.calls, share.audited, share.share) == (4, 1, 0.25)


def test_png_helper_is_a_real_image():
    from PIL import Image

    assert Image.open(io.BytesIO(png_upload().read())).format == "PNG"
