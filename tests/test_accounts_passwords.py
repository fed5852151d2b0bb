"""Password rules (OWASP ASVS 5.0 level 2): long, not common, not a dressed-up common word."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError


@pytest.mark.parametrize(
    "password",
    [
        "short",  # too short
        "password1234",  # common
        "P@ssw0rd2024!",  # common word dressed up
        "Football!!1999",  # common word with decoration
        "abcdabcdabcdabcd",  # repetition
        "qwertyuiop12",  # keyboard run
        "123456789012",  # numeric
        "x" * 129,  # over the maximum
    ],
)
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


@pytest.mark.parametrize(
    "password",
    [
        "correct horse battery staple",
        "Kettle-Orchard-Minnow-42",
        "tea at four by the river bend",
        "Ça me plaît: thé à l’anglaise",
    ],
)
def test_passphrases_are_accepted(password):
    validate_password(password)


def test_sixty_four_character_passphrases_are_allowed():
    validate_password("a long sentence about lighthouses, herons and rain over severn " + "x")


def test_password_like_the_username_is_refused(make_user):
    user = make_user(username="helenprice")
    with pytest.raises(ValidationError):
        validate_password("helenprice2026", user)
