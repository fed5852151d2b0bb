"""Fitting link() to its data: two unsupervised estimates that score() cannot know in advance.

The domain weights of compare.py describe the errors of police records; two things depend on the data
being linked instead, and link() estimates them from its candidate pairs, without labels:

- How many pairs of different people share a house. In a force's index, households are common (partners,
  children, twins); in a list of people from different addresses (a benchmark file) they are rare, and then
  sharing a house is much stronger evidence. Pairs at one house whose given name and date of birth both
  differ are plainly two people; their count, scaled by how often two members of a household differ on
  both, estimates u for the house and so its weight, log2(HOUSE_M / u). When two files are linked, the
  pairs are counted within each file, where they cannot be matches across the files. This is the same move
  as Splink's estimate of u from pairs known not to match, and it cannot drift the way free EM can.
- The prior: the expected number of matches among all |A| x |B| (or n(n-1)/2) possible pairs, by EM over
  the match status with the weights held fixed. score() assumes one match in 2^20 candidates
  (SAME_PERSON_BITS); a linkage of two files of 5,000 needs less evidence, one of millions more.

m and u of the other levels are not refitted: on realistic data (households, twins, relatives at one
address), EM over them converges to "same household" rather than "same person", which was tried and
rejected. EM iterates over the distinct comparison patterns (a few thousand), not the pairs (millions).
"""

import math
from dataclasses import dataclass

from .compare import HOUSE_WEIGHT
from .scoring import SAME_PERSON_BITS, Outcomes, parts, same_house

Pattern = tuple[str | None, ...]

HOUSE_M = 0.6  # share of true pairs still at the same house (people move)
BOTH_DIFFER_AT_HOUSE = 0.95  # two members of one household differ in both given name and date of birth
HOUSE_WEIGHT_LIMITS = (12.0, 24.0)
MAX_ITERATIONS = 200
TOLERANCE = 1e-6
# Below these the data cannot support a fit, and the domain weights and threshold are used as they are.
MIN_PAIRS_TO_FIT = 2000
MIN_MATCHES_TO_FIT = 20


@dataclass(frozen=True)
class FittedModel:
    """The fitted weight of one house and the log2 prior odds that two records match."""

    house_weight: float
    log2_prior_odds: float
    expected_matches: float
    iterations: int

    def shift(self, outcomes: Outcomes) -> float:
        """How much the fitted house weight changes the match weight of a pair with these outcomes."""
        return self.house_weight - HOUSE_WEIGHT if same_house(outcomes) else 0.0


def pattern_of(outcomes: Outcomes) -> Pattern:
    """The levels of a pair's comparisons, None where a field is missing."""
    return tuple(outcome[0] if outcome is not None else None for outcome in outcomes)


HouseCounts = tuple[int, int, int]  # pairs at one house, of which with given name and dob, of which both differ


def house_counts(outcomes_and_counts) -> HouseCounts:
    """Count pairs at one house, those with given name and dob on both sides, and those differing in both."""
    at_house = both_present = both_differ = 0
    for count, outcomes in outcomes_and_counts:
        if not same_house(outcomes):
            continue
        at_house += count
        given, dob = outcomes[0], outcomes[4]
        if given is not None and dob is not None:
            both_present += count
            if given[0] == "different" and dob[0] == "different":
                both_differ += count
    return at_house, both_present, both_differ


def house_weight(counts: HouseCounts, possible_pairs: int) -> float:
    """The weight of sharing a house, from the pairs at one house that are plainly two people."""
    at_house, both_present, both_differ = counts
    if at_house and not both_present:
        return HOUSE_WEIGHT  # people share houses, but nothing tells how many are two people
    # Scale up to all pairs of people at one house: for missing values and for members who happen to agree.
    estimated = both_differ / BOTH_DIFFER_AT_HOUSE * at_house / both_present if at_house else 0.0
    bits = math.log2(HOUSE_M * possible_pairs / max(1.0, estimated))
    return max(HOUSE_WEIGHT_LIMITS[0], min(HOUSE_WEIGHT_LIMITS[1], bits))


def fit(
    patterns: dict[Pattern, tuple[int, Outcomes]],
    possible_pairs: int,
    households: tuple[HouseCounts, int] | None = None,
) -> FittedModel | None:
    """Fit the house weight and the prior to the candidate pairs' patterns (count, outcomes); None if unfit.

    households, when given, are house counts and the number of possible pairs they were drawn from, taken
    within each of two linked files: those pairs cannot be matches across the files, so they measure
    households without the true pairs that cross-file candidates include. Otherwise (deduplication) the
    candidate pairs themselves are counted.
    """
    blocked = sum(count for count, _ in patterns.values())
    if blocked < MIN_PAIRS_TO_FIT or possible_pairs <= blocked:
        return None
    if households is None:
        house = house_weight(house_counts(patterns.values()), possible_pairs)
    else:
        house = house_weight(*households)
    weighted = [(count, sum(w for w, _ in parts(outcomes, house))) for count, outcomes in patterns.values()]
    expected = max(1.0, float(sum(count for count, weight in weighted if weight >= SAME_PERSON_BITS)))
    iterations = 0
    while iterations < MAX_ITERATIONS:
        iterations += 1
        log2_odds = math.log2(expected / (possible_pairs - expected))
        updated = sum(count / (1.0 + 2.0 ** -max(-60.0, min(60.0, w + log2_odds))) for count, w in weighted)
        converged = abs(updated - expected) < TOLERANCE * max(1.0, expected)
        expected = max(1.0, updated)
        if converged:
            break
    if expected < MIN_MATCHES_TO_FIT:
        return None
    return FittedModel(house, math.log2(expected / (possible_pairs - expected)), expected, iterations)
