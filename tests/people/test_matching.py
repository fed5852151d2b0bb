"""Normalisation, nicknames, phonetic codes and blocking keys of the identity matcher (pure Python)."""

import datetime

import pytest

from people.matching import MatchRecord, match_keys, prefix_query, query_keys
from people.matching.keys import MAX_VALUE_LENGTH
from people.matching.names import canonical_given, phonetic
from people.matching.normalise import (
    clean_dob,
    fold,
    name_forms,
    normalise_address,
    normalise_phone,
    normalise_postcode,
    parse_date,
    swap_day_month,
)

DOB = datetime.date(1980, 5, 3)


def person(given="John", surname="Smith", dob=DOB, postcode="WR5 1AA", line="12 Pinkerton Circuit", phone="", town=""):
    """A MatchRecord with one value per field ("" or None for missing)."""
    return MatchRecord(
        given_names=(given,) if given else (),
        surnames=(surname,) if surname else (),
        date_of_birth=dob,
        postcodes=(postcode,) if postcode else (),
        address_lines=(line,) if line else (),
        phones=(phone,) if phone else (),
        towns=(town,) if town else (),
    )


@pytest.mark.parametrize(
    ("raw", "folded"),
    [(" O'Brien ", "obrien"), ("Zoë", "zoe"), ("SMITH-JONES", "smith jones"), ("UNKNOWN", ""), (None, "")],
)
def test_fold_lowercases_strips_accents_and_placeholders(raw, folded):
    """Names are compared without case, accents, apostrophes or placeholder words."""
    assert fold(raw) == folded


@pytest.mark.parametrize(
    ("raw", "given", "forms"),
    [
        ("Smith-Jones", False, ["smithjones", "smith", "jones"]),
        ("Ja Yde", True, ["jayde", "ja", "yde"]),
        ("Mr John", True, ["john"]),
        ("van der Berg", False, ["vanderberg", "berg"]),
        ("J", True, ["j"]),
        ("", True, []),
    ],
)
def test_name_forms_cover_the_whole_name_and_its_words(raw, given, forms):
    """A double-barrelled or split name is indexed whole and by its words; titles and particles are dropped."""
    assert name_forms(raw, given=given) == forms


@pytest.mark.parametrize(
    ("raw", "full", "sector"),
    [
        ("wr5 1aa", "WR51AA", "WR51"),
        ("WR5 IAA", "WR51AA", "WR51"),
        ("B97 4NL", "B974NL", "B974"),
        ("2152", "2152", None),
    ],
)
def test_postcodes_are_normalised_and_split(raw, full, sector):
    """UK postcodes get a sector (and an I typed for a 1 is repaired); other codes are kept whole."""
    postcode = normalise_postcode(raw)
    assert (postcode.full, postcode.sector) == (full, sector)


def test_blank_postcode_is_missing():
    """A blank postcode is no postcode."""
    assert normalise_postcode("  ") is None


@pytest.mark.parametrize(
    ("raw", "digits"),
    [
        ("+44 7700 900123", "7700900123"),
        ("07700 900123", "7700900123"),
        ("01905 123456", "1905123456"),
        ("999", None),
        ("0000000000", None),
    ],
)
def test_phones_keep_their_last_ten_digits(raw, digits):
    """+44 and 0 forms of one number agree; short or placeholder numbers are missing."""
    assert normalise_phone(raw) == digits


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("19800503", DOB), ("1980-05-03", DOB), ("", None), (" ", None)],
)
def test_dates_are_read_from_yyyymmdd_or_iso(raw, expected):
    """Dates of birth come as YYYYMMDD or ISO; blank is missing."""
    assert parse_date(raw) == expected


@pytest.mark.parametrize("raw", ["1980-13-01", "19800532", "03/05/1980", "soon"])
def test_bad_dates_are_an_error(raw):
    """Text that is not a date is an error for the caller to report, not a silent guess."""
    with pytest.raises(ValueError):
        parse_date(raw)


@pytest.mark.parametrize(
    ("dob", "kept"),
    [(datetime.date(1900, 1, 1), None), (datetime.date(2999, 1, 1), None), (DOB, DOB)],
)
def test_placeholder_and_future_dates_of_birth_are_missing(dob, kept):
    """01/01/1900 and dates in the future are placeholders, not dates of birth."""
    assert clean_dob(dob) == kept


@pytest.mark.parametrize(
    ("dob", "swapped"),
    [(DOB, datetime.date(1980, 3, 5)), (datetime.date(1980, 5, 13), None), (datetime.date(1980, 5, 5), None)],
)
def test_day_and_month_swap(dob, swapped):
    """Day and month swap only when the result is another valid date."""
    assert swap_day_month(dob) == swapped


def test_address_lines_expand_abbreviations_and_find_the_house_number():
    """Flat numbers are skipped and street abbreviations expanded."""
    line = normalise_address("Flat 3, 12 High St.")
    assert (line.number, line.street) == ("12", "high street")


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("bill", "william"),
        ("peggy", "margaret"),
        ("jack", "john"),
        ("liz", "elizabeth"),
        ("harry", "henry"),
        ("kathryn", "catherine"),
        ("mary", "mary"),
    ],
)
def test_nicknames_map_to_their_full_name(name, canonical):
    """Short forms and other spellings share a canonical given name."""
    assert canonical in canonical_given(name)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("smith", "smyth"),
        ("thompson", "thomson"),
        ("catherine", "kathryn"),
        ("stephen", "steven"),
        ("mohammed", "muhammad"),
        ("stanley", "stanlhy"),
        ("mcdonald", "macdonald"),
    ],
)
def test_sound_alike_names_share_a_phonetic_code(a, b):
    """Spellings that sound the same get the same code."""
    assert phonetic(a) == phonetic(b)


def test_different_names_have_different_phonetic_codes():
    """The code still tells Smith from Jones."""
    assert phonetic("smith") != phonetic("jones")


ORIGINAL = person(phone="07700 900123", town="Worcester")


@pytest.mark.parametrize(
    "variant",
    [
        pytest.param(person(given="Jon", surname="Smyth", dob=None, postcode="", line=""), id="typos"),
        pytest.param(person(given="Jack", dob=None, postcode="", line=""), id="nickname"),
        pytest.param(person(given="Smith", surname="John", dob=None, postcode="", line=""), id="swapped-names"),
        pytest.param(person(given="Jhon", surname="Smiht", dob=datetime.date(1980, 3, 5), postcode=""), id="dob-swap"),
        pytest.param(person(dob=datetime.date(1980, 5, 8), postcode="", line=""), id="dob-digit"),
        pytest.param(person(given="", surname="Brown", postcode="", line=""), id="married-name"),
        pytest.param(person(given="", surname="", dob=None, line="", phone="+44 7700 900123"), id="phone-only"),
        pytest.param(person(given="", surname="", dob=None, line=""), id="postcode-only"),
        pytest.param(person(surname="Brown", dob=None, postcode="WR5 1AB", town="Worcester"), id="new-name-bad-pc"),
    ],
)
def test_true_variants_share_a_key_with_the_original(variant):
    """Whatever realistic error a record has, a search for it finds the original through some key."""
    assert query_keys(variant) & match_keys(ORIGINAL)


def test_stored_keys_are_short_strings():
    """Every key value fits the index column."""
    record = person(given="Mary Ann Elizabeth", surname="Featherstonehaugh-Cholmondeley-Smythe")
    assert all(len(value) <= MAX_VALUE_LENGTH for _, value in match_keys(record))


def test_full_queries_do_not_look_up_a_surname_alone():
    """With a given name or date of birth the query uses combined keys, not the 10,000 Smiths."""
    kinds = {kind for kind, _ in query_keys(person())}
    assert not kinds & {"sn", "sp"}


def test_surname_only_query_falls_back_to_surname_keys():
    """A surname alone (perhaps with an initial) looks up everyone with that surname or one that sounds like it."""
    assert query_keys(person(given="J", dob=None, postcode="", line="")) == {("sn", "smith"), ("sp", phonetic("smith"))}


def test_given_name_alone_cannot_be_searched():
    """A given name with nothing else has no key."""
    assert query_keys(person(surname="", dob=None, postcode="", line="")) == set()


@pytest.mark.parametrize(("typed", "expected"), [("O'Bri", ("sn", "obri")), ("S", None), ("", None)])
def test_prefix_query_while_a_surname_is_typed(typed, expected):
    """Two letters of a surname start a prefix search on the folded surname."""
    assert prefix_query(person(given="", surname=typed, dob=None, postcode="", line="")) == expected
