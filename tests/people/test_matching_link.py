"""In-memory linkage with people.matching.link(): deduplication, two-file linkage, one-to-one, threshold."""

import datetime

from people.matching import SAME_PERSON_THRESHOLD, link

from .test_matching import person

PEGGY = person("Margaret", "Smith", datetime.date(1980, 5, 3), "WR5 1AA", "12 Pinkerton Circuit")
PEGGY_AGAIN = person("Peggy", "Smyth", datetime.date(1980, 3, 5), "WR5 1AA", "12 Pinkerton Cct")
JOHN = person("John", "Jones", datetime.date(1971, 11, 2), "HR1 2AB", "4 Church Lane")
MARY = person("Mary", "Brown", datetime.date(1990, 1, 20), "SY1 1AA", "9 Mill Road")


def test_duplicates_within_one_list():
    """Without a second list, each duplicate pair is found once, earlier record first."""
    pairs = link([("1", PEGGY), ("2", JOHN), ("3", PEGGY_AGAIN)])
    assert [(a, b) for a, b, _ in pairs] == [("1", "3")]
    assert pairs[0][2] >= SAME_PERSON_THRESHOLD


def test_a_person_recorded_three_times_gives_every_pair():
    """Deduplication is not one-to-one: three records of one person are three pairs."""
    pairs = link([("1", PEGGY), ("2", PEGGY_AGAIN), ("3", PEGGY)])
    assert {(a, b) for a, b, _ in pairs} == {("1", "2"), ("1", "3"), ("2", "3")}


def test_two_lists_are_linked_b_to_a():
    """With two lists, pairs are (id in A, id in B), strangers are left alone."""
    pairs = link([("a1", PEGGY), ("a2", JOHN)], [("b1", MARY), ("b2", PEGGY_AGAIN)])
    assert [(a, b) for a, b, _ in pairs] == [("a1", "b2")]


def test_one_to_one_keeps_the_best_pair():
    """Each id appears at most once, the better pair winning."""
    records_b = [("b1", PEGGY_AGAIN), ("b2", PEGGY)]
    assert [(a, b) for a, b, _ in link([("a1", PEGGY)], records_b)] == [("a1", "b2")]
    assert len(link([("a1", PEGGY)], records_b, one_to_one=False)) == 2


def test_threshold_filters_pairs():
    """Only pairs scoring at least the threshold are returned."""
    assert link([("a1", PEGGY)], [("b1", PEGGY_AGAIN)], threshold=0.999999) == []


def test_empty_lists_link_to_nothing():
    """No records, no pairs."""
    assert link([]) == []
    assert link([], [("b1", PEGGY)]) == []
