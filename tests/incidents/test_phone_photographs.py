"""Injury photographs from the officer's phone (perhaps taken offline): hash checked, kept once, location
stripped from what is shown; and body-worn video clips recorded with the incident."""

import hashlib
import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from rest_framework.test import APIClient

from accounts.roles import Role
from audit.models import AccessLog
from incidents.models import Evidence

from ..factories import make_person
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


def jpeg_with_gps() -> bytes:
    """A JPEG whose EXIF holds a GPS position (as a phone's camera writes it)."""
    img = Image.new("RGB", (40, 30), "red")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    gps = {1: "N", 2: (51.0, 30.0, 0.0), 3: "W", 4: (0.0, 7.0, 0.0)}
    exif[0x8825] = gps
    out = io.BytesIO()
    img.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def post(user, incident, data: bytes, *, sha=None, taken_at=None, device="phone-a"):
    api = APIClient()
    api.force_authenticate(user)
    return api.post(
        reverse("incident-photographs", args=[incident.pk]),
        {
            "image": SimpleUploadedFile("injury.jpg", data, content_type="image/jpeg"),
            "sha256": sha or hashlib.sha256(data).hexdigest(),
            "taken_at": (taken_at or timezone.now() - timedelta(minutes=20)).isoformat(),
            "device": device,
        },
        format="multipart",
    )


def test_a_photograph_taken_offline_is_kept_once_with_its_hash_and_without_location(make_user, incident, client):
    officer = make_user(Role.RESPONSE_OFFICER)
    data = jpeg_with_gps()
    response = post(officer, incident, data)
    assert response.status_code == 201, response.content
    assert response.json()["created"] is True
    again = post(officer, incident, data)  # the reply was lost: the phone sends it again
    assert again.status_code == 200 and again.json()["created"] is False and again.json()["id"] == response.json()["id"]
    photo = Evidence.objects.get()
    assert (
        photo.sha256 == hashlib.sha256(data).hexdigest() and photo.device == "phone-a" and photo.captured_by == officer
    )
    assert photo.image.open("rb").read() == data  # the original, as evidence, byte for byte
    with Image.open(photo.display_image.open("rb")) as shown:
        assert not shown.getexif().get_ifd(0x8825) and 0x8825 not in shown.getexif()
    with Image.open(io.BytesIO(data)) as original:
        assert original.getexif().get_ifd(0x8825)  # the test image did hold a location
    client.force_login(officer)
    shown = client.get(reverse("incidents:evidence_file", args=[incident.pk, photo.pk]))
    assert b"".join(shown.streaming_content) == photo.display_image.open("rb").read()
    original = client.get(reverse("incidents:evidence_file", args=[incident.pk, photo.pk]) + "?original=1")
    assert b"".join(original.streaming_content) == data
    assert AccessLog.objects.filter(user=officer, action=AccessLog.Action.DOWNLOAD).count() == 2


def test_a_hash_mismatch_is_400_and_nothing_is_stored(make_user, incident):
    officer = make_user(Role.RESPONSE_OFFICER)
    data = jpeg_with_gps()
    response = post(officer, incident, data, sha=hashlib.sha256(data + b"x").hexdigest())
    assert response.status_code == 400 and "sha256" in response.json()["errors"]
    assert not Evidence.objects.exists()


@pytest.mark.parametrize(
    "change",
    [
        {"sha": "not-hex"},
        {"taken_at": timezone.now() + timedelta(days=30)},
        {"taken_at": timezone.now() - timedelta(days=3650)},
        {"device": "a\x00b"},
    ],
)
def test_hostile_uploads_are_400(make_user, incident, change):
    response = post(make_user(Role.RESPONSE_OFFICER), incident, jpeg_with_gps(), **change)
    assert response.status_code == 400
    assert not Evidence.objects.exists()


def test_not_an_image_and_too_large_are_refused_as_today(make_user, incident, settings):
    officer = make_user(Role.RESPONSE_OFFICER)
    assert post(officer, incident, b"<?php echo 1; ?>").status_code == 400
    settings.DACASE_MAX_PHOTO_BYTES = 10
    assert post(officer, incident, jpeg_with_gps()).status_code == 400
    assert not Evidence.objects.exists()


@pytest.mark.parametrize("who", ["officer@south", "officer@neighbour"])
def test_another_area_or_force_gets_404(personas, incident, who):
    assert post(personas.named(who), incident, jpeg_with_gps()).status_code == 404
    assert not Evidence.objects.exists()


def test_a_role_without_evidence_gets_403(personas, incident):
    assert post(personas.handler, incident, jpeg_with_gps()).status_code == 403


def test_body_worn_video_clip_is_recorded_shown_and_audited(client, make_user, incident):
    officer = make_user(Role.RESPONSE_OFFICER)
    client.force_login(officer)
    url = reverse("incidents:evidence", args=[incident.pk])
    bad = client.post(
        url,
        {
            "evidence-kind": "bwv",
            "evidence-reference": "BWV-2026-0042",
            "evidence-camera": "CAM 117",
            "evidence-clip_start": "2026-12-01T10:05:00",
            "evidence-clip_end": "2026-12-01T10:01:00",
        },
    )
    assert bad.status_code == 400 and "The clip must end after it starts." in bad.content.decode()
    ok = client.post(
        url,
        {
            "evidence-kind": "bwv",
            "evidence-reference": "BWV-2026-0042",
            "evidence-camera": "CAM 117",
            "evidence-clip_start": "2026-12-01T10:01:00",
            "evidence-clip_end": "2026-12-01T10:05:30",
        },
    )
    assert ok.status_code == 302
    clip = Evidence.objects.get()
    assert clip.camera == "CAM 117" and clip.clip_end - clip.clip_start == timedelta(minutes=4, seconds=30)
    assert clip.events.filter(pgh_label="insert").exists()  # kept in the change history
    page = client.get(reverse("incidents:detail", args=[incident.pk])).content.decode()
    assert "camera CAM 117" in page and "10:05:30" in page
    photo_with_clip = client.post(
        url, {"evidence-kind": "statement", "evidence-reference": "S1", "evidence-camera": "C"}
    )
    assert photo_with_clip.status_code == 400 and "body-worn video only" in photo_with_clip.content.decode()
