"""Scoring a pair: Fellegi-Sunter match weights summed over the fields and mapped to 0..1.

The model. Each field comparison (compare.py) gives a level and a weight in bits, log2(m/u): m the chance
of that level when the two records are one person, u when they are two people. The weights are set by hand
from stated m and u (judgements about British police records, not fitted to any benchmark), and exact names
are weighted by how common the name is. Summing the weights is the Fellegi-Sunter log-likelihood ratio
under the assumption that fields err independently, with two corrections where they plainly do not:

- postcode, first line and town describe one place: agreements are combined with diminishing shares;
- two records at one house may be one person or two of a household (partners, children, twins). The house
  then counts once (HOUSE_WEIGHT) and the person fields are weighed against the other members of a
  household rather than the population: a shared surname or landline says little there, a shared date of
  birth less (twins), and the given name and date of birth must do the work.

Names are compared over every alias and in both orientations (given against given, and given against
surname for names in the wrong boxes); the better orientation is kept. A missing field weighs nothing.

The score. The total weight W is mapped by a logistic curve, score = 1 / (1 + exp(-k (W - W_MID))), so that
W = SAME_PERSON_BITS gives SAME_PERSON_THRESHOLD (0.9) and W = CANDIDATE_BITS gives CANDIDATE_THRESHOLD
(0.1). The points were chosen by what evidence should be enough, before any benchmark was run:

- same person (20 bits): a full name and date of birth agree (John Smith with an exact date of birth is
  ~26 bits), or a name, an address and a mobile. A surname and a date of birth alone (Smith, 1980-05-01:
  ~19.5 bits), a full name alone, or a twin at the same house are not enough. 20 bits is also even odds
  when one person in about a million (2^20) is the one sought, the size of a force's person index.
- candidate (4 bits): anything with at least a surname that agrees or nearly agrees, so that a partial query
  (a surname typed while the caller spells it) still lists everyone plausible, best first.

link() keeps these weights but estimates from its data the weight of a shared house and the prior odds of
a match (fitting.py), and reports scores on the same scale: 0.9 is even odds.
"""

import math

from .compare import (
    DOB_EXACT,
    HOUSE_WEIGHT,
    HOUSEHOLD_DOB_MAX,
    HOUSEHOLD_GIVEN_MAX,
    HOUSEHOLD_LANDLINE,
    HOUSEHOLD_MOBILE_MAX,
    HOUSEHOLD_SURNAME_DIFFERENT,
    HOUSEHOLD_SURNAME_MAX,
    PHONE_MOBILE,
    SWAP_DISCOUNT,
    Outcome,
    combine_address,
    compare_dob,
    compare_line,
    compare_names,
    compare_phone,
    compare_postcode,
    compare_town,
)
from .records import Match, MatchRecord, Prepared, prepare

SAME_PERSON_BITS = 20.0
CANDIDATE_BITS = 4.0
SAME_PERSON_THRESHOLD = 0.9
POSSIBLE_THRESHOLD = 0.5  # even odds: the middle of the curve, 12 bits
CANDIDATE_THRESHOLD = 0.1

# What a score means, in the words shown beside every candidate (never a bare number): (lowest score, key, text).
BANDS = (
    (SAME_PERSON_THRESHOLD, "likely", "very likely the same person"),
    (POSSIBLE_THRESHOLD, "possible", "possibly the same person — check"),
    (0.0, "unlikely", "unlikely to be the same person"),
)

_MID = (SAME_PERSON_BITS + CANDIDATE_BITS) / 2
_SLOPE = math.log(SAME_PERSON_THRESHOLD / (1 - SAME_PERSON_THRESHOLD)) / (SAME_PERSON_BITS - _MID)

# The comparisons of a pair, in the order compare_all() returns them. cross_given compares the query's given
# names with the candidate's surnames, cross_surname the other way round.
FIELDS = ("given", "surname", "cross_given", "cross_surname", "dob", "postcode", "line", "town", "phone")

Outcomes = tuple[Outcome | None, ...]
Part = tuple[float, str | None]


def weight_to_score(weight: float) -> float:
    """Map a total match weight in bits to the 0..1 score."""
    return 1.0 / (1.0 + math.exp(max(-700.0, min(700.0, -_SLOPE * (weight - _MID)))))


def band(score: float) -> tuple[str, str]:
    """The band of a 0..1 score: a short key (for styling) and its plain-English text."""
    for lowest, key, text in BANDS:
        if score >= lowest:
            return key, text
    return BANDS[-1][1], BANDS[-1][2]


def compare_all(query: Prepared, candidate: Prepared, *, explain: bool) -> Outcomes:
    """Every comparison of the pair, None where a field is missing on either side (see FIELDS)."""
    cross_given = cross_surname = None
    if query.given and query.surnames and candidate.given and candidate.surnames:
        cross_given = compare_names(query.given, candidate.surnames, given=True, cross=True, explain=explain)
        cross_surname = compare_names(query.surnames, candidate.given, given=False, cross=True, explain=explain)
    return (
        compare_names(query.given, candidate.given, given=True, explain=explain),
        compare_names(query.surnames, candidate.surnames, given=False, explain=explain),
        cross_given,
        cross_surname,
        compare_dob(query, candidate),
        compare_postcode(query, candidate),
        compare_line(query, candidate),
        compare_town(query, candidate),
        compare_phone(query, candidate),
    )


def same_house(outcomes: Outcomes) -> bool:
    """True when the two records are at one house: same first line and postcode (or town), or same UK postcode."""
    postcode, line, town = outcomes[5], outcomes[6], outcomes[7]
    if line is not None and line[0] == "exact":
        if postcode is not None:
            return postcode[0] in ("exact-uk", "exact", "sector", "one-character")
        return town is None or town[0] != "different"
    return line is None and postcode is not None and postcode[0] == "exact-uk"


# Per field: the most a household-conditional agreement is worth, and the domain weight of a typical exact
# agreement; weaker agreements are scaled by their ratio, so that exact still beats a typo at one house.
_AT_HOUSE = {
    "given": (HOUSEHOLD_GIVEN_MAX, 8.0),
    "surname": (HOUSEHOLD_SURNAME_MAX, 9.0),
    "dob": (HOUSEHOLD_DOB_MAX, DOB_EXACT),
    "phone": (HOUSEHOLD_MOBILE_MAX, PHONE_MOBILE),
}
_BOX = {"cross_given": "given", "cross_surname": "surname"}


def _at_house(field: str, level: str, weight: float) -> float:
    """A domain weight as it counts between two records at one house (see compare.HOUSEHOLD_*)."""
    field = _BOX.get(field, field)
    if field not in _AT_HOUSE:
        return weight
    if weight <= 0:
        return max(weight, HOUSEHOLD_SURNAME_DIFFERENT) if field == "surname" else weight
    if level == "landline":
        return HOUSEHOLD_LANDLINE
    cap, typical = _AT_HOUSE[field]
    if level.startswith("exact") or level == "mobile":
        return min(weight, cap)
    return min(weight * cap / typical, cap * 0.9)


def _names(outcomes: Outcomes, at_house: bool) -> list[Part]:
    given, surname, cross_given, cross_surname = outcomes[:4]

    def weight(field: str, outcome: Outcome) -> float:
        return _at_house(field, outcome[0], outcome[1]) if at_house else outcome[1]

    straight = [(weight(f, o), o[2]) for f, o in (("given", given), ("surname", surname)) if o is not None]
    if cross_given is not None and cross_surname is not None:
        crosswise = (weight("cross_given", cross_given), weight("cross_surname", cross_surname))
        # A swap needs at least one name to line up crosswise; the other may disagree (a swap and a slip).
        if max(crosswise) > 0 and sum(crosswise) - SWAP_DISCOUNT > sum(w for w, _ in straight):
            return [(sum(crosswise) - SWAP_DISCOUNT, "first and last names swapped")]
    return straight


def parts(outcomes: Outcomes, house_weight: float = HOUSE_WEIGHT) -> list[Part]:
    """The (weight, reason) terms whose sum is the match weight of the pair.

    Between two records at one house, the house counts once (house_weight) and the person fields count as
    evidence against the other members of a household, not against the population.
    """
    at_house = same_house(outcomes)
    result = _names(outcomes, at_house)
    for field, outcome in (("dob", outcomes[4]), ("phone", outcomes[8])):
        if outcome is not None:
            result.append((_at_house(field, outcome[0], outcome[1]) if at_house else outcome[1], outcome[2]))
    postcode, line, town = outcomes[5:8]
    if at_house:
        result.append((house_weight, "same address"))
        if postcode is not None and postcode[0].startswith("exact"):
            result.append((0.0, postcode[2]))
    else:
        result.extend(combine_address([(o[1], o[2]) for o in (postcode, line, town) if o is not None]))
    return result


def _caution(outcomes: Outcomes) -> str | None:
    given, surname, dob = outcomes[0], outcomes[1], outcomes[4]
    if given and surname and dob and given[0] == "different" and surname[0].startswith("exact") and dob[1] > 0:
        return "different given name with the same surname and date of birth: check for twins"
    return None


def score(query: MatchRecord, candidate: MatchRecord) -> Match:
    """Score a candidate against a query (or any two records) with the reasons, strongest first."""
    outcomes = compare_all(prepare(query), prepare(candidate), explain=True)
    terms = parts(outcomes)
    total = sum(weight for weight, _ in terms)
    terms.sort(key=lambda term: -term[0])
    reasons = list(dict.fromkeys(reason for _, reason in terms if reason))
    caution = _caution(outcomes)
    if caution:
        reasons.append(caution)
    return Match(score=round(weight_to_score(total), 6), reasons=reasons)
