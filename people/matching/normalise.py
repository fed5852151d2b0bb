"""Normalisation of the raw fields of a record: names, dates of birth, postcodes, phones, addresses, towns.

Every function is total: rubbish in gives an empty value out, never an exception, because police data
carries placeholders ("UNKNOWN", "NFA", "01/01/1900") that must read as missing rather than as a value.
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass

_NON_LETTERS = re.compile(r"[^a-z ]+")
_SPACES = re.compile(r"\s+")
_NON_ALNUM = re.compile(r"[^A-Z0-9]")
_NON_DIGITS = re.compile(r"\D")
_UK_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9])([A-Z]{2})$")

# Words that stand for "no value" in police exports; they must not become names that agree with each other.
_PLACEHOLDERS = frozenset(
    {"unknown", "unk", "not known", "nk", "none", "nil", "na", "n a", "nfa", "refused", "xx", "xxx"}
)
_TITLES = frozenset({"mr", "mrs", "miss", "ms", "mx", "dr", "rev", "sir", "dame", "lady", "lord", "prof", "master"})
# Surname particles are kept inside the compact surname but are not names on their own.
_PARTICLES = frozenset(
    {"van", "von", "der", "den", "de", "la", "le", "da", "di", "du", "del", "al", "el", "bin", "ibn"}
)
# Dates that systems write when the real one is unknown.
_PLACEHOLDER_DATES = frozenset({datetime.date(1900, 1, 1), datetime.date(1901, 1, 1), datetime.date(1800, 1, 1)})

_STREET_WORDS = {
    "st": "street",
    "rd": "road",
    "ave": "avenue",
    "av": "avenue",
    "ln": "lane",
    "cl": "close",
    "cres": "crescent",
    "cresc": "crescent",
    "cr": "crescent",
    "dr": "drive",
    "pl": "place",
    "ct": "court",
    "crt": "court",
    "gdns": "gardens",
    "gdn": "garden",
    "gr": "grove",
    "gro": "grove",
    "sq": "square",
    "ter": "terrace",
    "terr": "terrace",
    "tce": "terrace",
    "wy": "way",
    "pde": "parade",
    "cir": "circuit",
    "cct": "circuit",
    "hwy": "highway",
    "mt": "mount",
    "nth": "north",
    "sth": "south",
    "est": "estate",
    "vlge": "village",
    "bldgs": "buildings",
}
_FLAT_WORDS = frozenset({"flat", "apartment", "apt", "unit", "room", "no", "number"})


def fold(text: str | None) -> str:
    """Lower-case text with accents removed and anything but letters and single spaces dropped."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    # Apostrophes join (O'Brien -> obrien); hyphens, dots and other punctuation separate words.
    text = text.replace("'", "").replace("\u2019", "")
    text = _NON_LETTERS.sub(" ", text)
    text = _SPACES.sub(" ", text).strip()
    return "" if text in _PLACEHOLDERS else text


def name_tokens(text: str | None, *, given: bool = False) -> list[str]:
    """Words of a name after folding; titles are dropped from given names."""
    tokens = fold(text).split()
    if given:
        tokens = [t for t in tokens if t not in _TITLES]
    return tokens


def name_forms(text: str | None, *, given: bool = False) -> list[str]:
    """The forms a name is compared and indexed under: the whole name without spaces first, then its words.

    "Smith-Jones" gives ["smithjones", "smith", "jones"]; "Ja Yde" (a stray space) gives ["jayde", "ja", "yde"];
    single letters are kept only as the whole name (an initial), and surname particles ("van", "de") never stand
    alone.
    """
    tokens = name_tokens(text, given=given)
    if not tokens:
        return []
    forms = ["".join(tokens)]
    if len(tokens) > 1:
        for token in tokens:
            if len(token) > 1 and token not in _PARTICLES and token not in forms:
                forms.append(token)
    return forms


def parse_date(value: str | datetime.date | None) -> datetime.date | None:
    """A date from YYYYMMDD or ISO text (or a date), None when blank; ValueError when present but not a date."""
    if value is None or isinstance(value, datetime.date):
        return value
    text = value.strip()
    if not text:
        return None
    if len(text) == 8 and text.isdigit():
        return datetime.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    return datetime.date.fromisoformat(text[:10])


def clean_dob(value: datetime.date | None, *, today: datetime.date | None = None) -> datetime.date | None:
    """The date of birth, or None when it is a placeholder, before 1880 or in the future."""
    if value is None or value in _PLACEHOLDER_DATES or value.year < 1880:
        return None
    if value > (today or datetime.date.today()):
        return None
    return value


def swap_day_month(value: datetime.date) -> datetime.date | None:
    """The date with day and month exchanged, or None when that is not a date or is the same date."""
    if value.day == value.month or value.day > 12:
        return None
    return value.replace(month=value.day, day=value.month)


@dataclass(frozen=True, slots=True)
class Postcode:
    """A postcode split into the parts that are compared: full, district ("WR5") and sector ("WR51") when UK."""

    full: str
    district: str | None
    sector: str | None


def normalise_postcode(text: str | None) -> Postcode | None:
    """Upper-case alphanumerics; a UK postcode also gets its district and sector, with O/I typos in digits fixed."""
    if not text:
        return None
    full = _NON_ALNUM.sub("", text.upper())
    if len(full) < 3:
        return None
    if len(full) >= 5:
        # The inward code is digit-letter-letter: a letter O or I where the digit belongs is a typing slip.
        inward = full[-3:]
        fixed = {"O": "0", "I": "1"}.get(inward[0], inward[0]) + inward[1:].replace("0", "O")
        candidate = full[:-3] + fixed
        match = _UK_POSTCODE.match(candidate)
        if match:
            return Postcode(candidate, match.group(1), match.group(1) + match.group(2))
    return Postcode(full, None, None)


def normalise_phone(text: str | None) -> str | None:
    """The last ten digits of a phone number (a UK number without its leading 0), None when too short."""
    digits = _NON_DIGITS.sub("", text or "")
    if len(digits) < 9 or len(set(digits)) == 1:
        return None
    return digits[-10:]


def is_mobile(phone: str) -> bool:
    """True for a UK mobile (07... written as ten digits 7...), which belongs to one person, not a household."""
    return len(phone) == 10 and phone.startswith("7")


@dataclass(frozen=True, slots=True)
class AddressLine:
    """A first line of an address: the house number (with any letter) and the street words."""

    text: str
    number: str
    street: str


def normalise_address(text: str | None) -> AddressLine | None:
    """Lower-case words with common street abbreviations expanded and the house number set apart."""
    if not text:
        return None
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    words = re.findall(r"[a-z]+|\d+[a-z]?\b|\d+", text)
    number = ""
    street: list[str] = []
    for word in words:
        if word[0].isdigit():
            # The last number before the street name is the house number ("Flat 3, 12 High St" -> 12).
            if not street:
                number = word
            continue
        if word in _FLAT_WORDS and not street:
            continue
        street.append(_STREET_WORDS.get(word, word))
    street_text = " ".join(street)
    if not number and not street_text:
        return None
    return AddressLine(" ".join(filter(None, [number, street_text])), number, street_text)


def normalise_town(text: str | None) -> str:
    """The folded town name ("St. Ives" -> "st ives")."""
    return fold(text)
