"""Stable pseudonyms for the people in a report, and re-identification.

An analyst sees ``P-`` and ten characters instead of a name: an HMAC-SHA256 of the person's force and id keyed
with ``settings.DACASE_PSEUDONYM_KEY``. The same person has the same pseudonym in every report and period (so
analysts can follow them), nobody without the key can compute one from an id, and a changed key gives everyone a
new one. Re-identifying a pseudonym needs the permission ``reports.reidentify_person``, the person within the
user's reach and a reason; every re-identification is logged (reports.services.person_reidentify).
"""

import base64
import hashlib
import hmac

from django.conf import settings

PREFIX = "P-"
LENGTH = 10  # base32 characters: 50 bits, no collision in practice within one force's index


def pseudonym(person_id: int, force_code: str) -> str:
    key = settings.DACASE_PSEUDONYM_KEY.encode()
    digest = hmac.new(key, f"{force_code}:{int(person_id)}".encode(), hashlib.sha256).digest()
    return PREFIX + base64.b32encode(digest).decode()[:LENGTH]


def find(pseudonym_text: str, person_ids, force_code: str) -> int | None:
    """The id, among ``person_ids``, whose pseudonym this is (None if none): the key cannot be run backwards."""
    wanted = pseudonym_text.strip().upper()
    for person_id in person_ids:
        if hmac.compare_digest(pseudonym(person_id, force_code), wanted):
            return person_id
    return None


BASE32 = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")


def is_well_formed(text: str) -> bool:
    text = text.strip().upper()
    rest = text.removeprefix(PREFIX)
    return text.startswith(PREFIX) and len(rest) == LENGTH and set(rest) <= BASE32
