"""Scores and reasons of the identity matcher: ordering, calibration against the thresholds, explanations."""

import datetime

import pytest

from people.matching import CANDIDATE_THRESHOLD, SAME_PERSON_THRESHOLD, MatchRecord, score

from .test_matching import DOB, person

QUERY = person(phone="07700 900123", town="Worcester")


def test_exact_beats_typo_beats_unrelated():
    """The same record outranks a mistyped one, which outranks a stranger."""
    exact = score(QUERY, QUERY).score
    typo = score(QUERY, person(given="Jhon", surname="Smiht", phone="07700 900123", town="Worcester")).score
    stranger = score(QUERY, person("Mary", "Jones", datetime.date(1975, 1, 1), "B1 1AA", "1 New St", "07000 000001"))
    assert exact > typo > stranger.score


@pytest.mark.parametrize(
    ("candidate", "verdict"),
    [
        pytest.param(person(postcode="", line=""), "same", id="full-name-and-dob"),
        pytest.param(person(given="Jack", postcode="", line=""), "same", id="nickname-and-dob"),
        pytest.param(person(given="Smith", surname="John", postcode="", line=""), "same", id="swapped-names"),
        pytest.param(person(dob=datetime.date(1980, 3, 5), postcode="", line=""), "same", id="dob-day-month-swapped"),
        pytest.param(person(dob=None, postcode="", line=""), "candidate", id="name-only"),
        pytest.param(person(given="", dob=None, postcode="", line=""), "candidate", id="surname-only"),
        pytest.param(person(given="James", postcode="WR5 1AA"), "candidate", id="twin-at-same-house"),
        pytest.param(person(dob=datetime.date(1955, 2, 9)), "candidate", id="father-at-same-house"),
        pytest.param(person(given="Mary", dob=datetime.date(1982, 7, 1)), "candidate", id="partner-at-same-house"),
        pytest.param(person("Mary", "Jones", datetime.date(1975, 1, 1), "B1 1AA", "1 New St"), "no", id="stranger"),
    ],
)
def test_scores_fall_on_the_right_side_of_the_thresholds(candidate, verdict):
    """Name and date of birth judge the same person; a name alone or a household member is only a candidate."""
    value = score(person(), candidate).score
    if verdict == "same":
        assert value >= SAME_PERSON_THRESHOLD
    elif verdict == "candidate":
        assert CANDIDATE_THRESHOLD <= value < SAME_PERSON_THRESHOLD
    else:
        assert value < CANDIDATE_THRESHOLD


def test_missing_values_are_neutral():
    """A missing date of birth costs less than a different one."""
    missing = score(person(dob=None), person()).score
    different = score(person(dob=datetime.date(1961, 11, 30)), person()).score
    assert missing > different


def test_a_surname_query_ranks_the_surname_first():
    """A partial query still ranks sensibly: same surname, then a sound-alike, then a different one."""
    query = MatchRecord((), ("Smith",), None, (), (), ())
    ranked = [score(query, person(surname=s)).score for s in ("Smith", "Smyth", "Jones")]
    assert ranked == sorted(ranked, reverse=True)
    assert ranked[0] > ranked[1] > ranked[2]


def test_alias_surnames_are_compared():
    """A previous surname of the candidate counts like the current one."""
    candidate = MatchRecord(("Mary",), ("Brown", "Smith"), DOB, (), (), ())
    match = score(person(given="Mary", postcode="", line=""), candidate)
    assert match.score >= SAME_PERSON_THRESHOLD
    assert "same surname (alias or previous name)" in match.reasons


@pytest.mark.parametrize(
    ("query", "candidate", "reason"),
    [
        (person(dob=None, phone="+44 7700 900123"), person(dob=None, phone="07700 900123"), "same phone number"),
        (person(given="Bill"), person(given="William"), "Bill is a short form of William"),
        (person(given="Peggy"), person(given="Margaret"), "Peggy is a short form of Margaret"),
        (person(given="Kathryn"), person(given="Catherine"), "Kathryn is another spelling of Catherine"),
        (person(given="Smith", surname="John"), person(), "first and last names swapped"),
        (person(dob=datetime.date(1980, 3, 5)), person(), "day and month swapped in date of birth"),
        (person(dob=datetime.date(1980, 5, 8)), person(), "date of birth differs by one digit"),
        (person(surname="Tomson"), person(surname="Thompson"), "surname sounds alike"),
        (person(surname="Smiht"), person(), "surname spelt similarly"),
        (person(line=""), person(line=""), "same postcode"),
        (person(), person(), "same date of birth"),
        (person(given="J"), person(), "initial matches given name"),
        (
            person(given="James"),
            person(),
            "different given name with the same surname and date of birth: check for twins",
        ),
    ],
)
def test_reasons_are_plain_english(query, candidate, reason):
    """Each agreement or conflict is explained in words a call handler understands."""
    assert reason in score(query, candidate).reasons


def test_score_is_symmetric_enough_to_rank_either_way():
    """Which record is the query does not change the verdict."""
    a, b = person(given="Bill"), person(given="William", dob=datetime.date(1980, 3, 5))
    assert score(a, b).score == pytest.approx(score(b, a).score, abs=0.02)


def test_thresholds_are_ordered():
    """A candidate threshold below the same-person threshold, both inside 0..1."""
    assert 0 < CANDIDATE_THRESHOLD < SAME_PERSON_THRESHOLD < 1
