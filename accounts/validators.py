"""Password rules beyond Django's own (OWASP ASVS 5.0 level 2, V6.2)."""

import re
from functools import cache

from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i"})
_KEYBOARD_RUNS = ("qwertyuiop", "asdfghjkl", "zxcvbnm", "abcdefghijklmnopqrstuvwxyz", "01234567890")


@cache
def _common_passwords() -> frozenset[str]:
    """Django's list of 20,000 common passwords, lower-cased."""
    return frozenset(CommonPasswordValidator().passwords)


def _core(password: str) -> str:
    """The word under the decoration breached lists are full of: 'P@ssw0rd2024!' -> 'password'."""
    lowered = password.lower()
    stripped = re.sub(r"^[\W\d_]+|[\W\d_]+$", "", lowered)
    return stripped.translate(_LEET)


def _without_keyboard_runs(text: str) -> str:
    """The text with every run of four or more keyboard or alphabet neighbours taken out."""
    for run in _KEYBOARD_RUNS:
        for seq in (run, run[::-1]):
            for size in range(len(seq), 3, -1):
                for start in range(len(seq) - size + 1):
                    text = text.replace(seq[start : start + size], "")
    return text


class BreachedPatternValidator:
    """Refuse passwords that are a common password dressed up, a repeat or a keyboard run.

    No breach corpus can be queried from a closed police network, so this catches
    the shapes that fill breach lists: a common word with digits, symbols or
    letter-for-number swaps added, one short unit repeated, or a keyboard run.
    """

    def validate(self, password: str, user=None) -> None:
        core = _core(password)
        if core and (core in _common_passwords() or _core(password.translate(_LEET)) in _common_passwords()):
            raise ValidationError(
                _("This password is a common password with small changes; choose a passphrase."),
                code="password_breached_pattern",
            )
        lowered = password.lower()
        if re.fullmatch(r"(.{1,4})\1+.{0,3}", lowered):
            raise ValidationError(_("This password repeats the same few characters."), code="password_repetitive")
        if len(_without_keyboard_runs(lowered)) < 4:
            raise ValidationError(_("This password is mostly a keyboard run."), code="password_keyboard_run")

    def get_help_text(self) -> str:
        return _("Your password can't be a common password with numbers or symbols added, a repeat or a keyboard run.")


class MaximumLengthValidator:
    """Refuse absurdly long passwords (ASVS allows at least 64 characters; this allows 128)."""

    def __init__(self, max_length: int = 128):
        self.max_length = max_length

    def validate(self, password: str, user=None) -> None:
        if len(password) > self.max_length:
            raise ValidationError(
                _("This password is too long: at most %(max)d characters."),
                code="password_too_long",
                params={"max": self.max_length},
            )

    def get_help_text(self) -> str:
        return _("Your password can be up to %(max)d characters long.") % {"max": self.max_length}
