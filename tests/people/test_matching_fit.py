"""What link() estimates from its data (house weight, prior), and its accuracy on generated people."""

import pytest

from bench.generate_people import generate_people
from bench.link_generated import to_match_record, true_pairs
from people.matching import link
from people.matching.compare import HOUSE_WEIGHT
from people.matching.fitting import HOUSE_WEIGHT_LIMITS, house_weight

MILLION_PAIRS = 10**6 * (10**6 - 1) // 2


def test_no_households_make_a_shared_house_near_conclusive():
    """Where no two people share a house, sharing one is the strongest evidence allowed."""
    assert house_weight((0, 0, 0), MILLION_PAIRS) == HOUSE_WEIGHT_LIMITS[1]


def test_many_households_make_a_shared_house_weaker():
    """Where many plainly different people share houses, a shared house counts for less than the default."""
    assert house_weight((2_000_000, 1_500_000, 1_400_000), MILLION_PAIRS) < HOUSE_WEIGHT


def test_houses_without_names_or_dates_keep_the_default():
    """Pairs at one house that say nothing about given names or dates leave the domain weight."""
    assert house_weight((500, 0, 0), MILLION_PAIRS) == HOUSE_WEIGHT


@pytest.fixture(scope="module")
def generated():
    rows = list(generate_people(3000, seed=7))
    return [(str(i), to_match_record(row)) for i, row in enumerate(rows)], true_pairs(rows)


@pytest.mark.parametrize("fit_weights", [True, False])
def test_deduplication_of_generated_people(generated, fit_weights):
    """Households, twins and noisy duplicates: most duplicates are found, few strangers are joined."""
    records, truth = generated
    found = {(a, b) for a, b, _ in link(records, fit_weights=fit_weights)}
    hits = len(found & truth)
    assert hits / len(found) >= 0.95
    assert hits / len(truth) >= 0.9
