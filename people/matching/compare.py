"""Field comparisons: each turns one field of a pair into a level, a match weight in bits and a reason.

A weight is log2(m/u): m is the chance that the field looks like this when the two records are the same
person, u the chance when they are two different people. Positive weights are evidence for, negative against;
a field missing on either side gives no outcome (neutral). The constants are the domain weights used by
score(); the m and u behind each are stated beside it, judgements about British police records rather than
values fitted to any benchmark. link() estimates only the house weight and the prior from its data.
"""

import math

from rapidfuzz.distance import DamerauLevenshtein, JaroWinkler

from .names import canonical_given, display, phonetic
from .normalise import AddressLine, Postcode, is_mobile
from .records import NameForm, Prepared

# (level, weight in bits, reason or None)
Outcome = tuple[str, float, str | None]

# m for an exact name: 0.92 (typos, nicknames and missing names take the rest).
M_NAME_EXACT = 0.92
# Exact-name weights are capped: beyond ~11 bits a name's rarity says more about the frequency list than
# about the person, and a floor keeps even "Smith" worth something.
NAME_WEIGHT_MIN, NAME_WEIGHT_MAX = 3.0, 11.0
# Frequency bands of exact names, as levels of their own when link() refits the weights.
COMMON_NAME, RARE_NAME = 1 / 200, 1 / 2000
# Share of the exact-name weight kept by weaker agreements (an approximation of their own m/u).
TYPO_SHARE, SOUNDS_SHARE, SIMILAR_SHARE = 0.65, 0.55, 0.35
NICKNAME_DISCOUNT = 2.0  # Bill/William: m ~ 0.04, u a quarter of the exact-name u
INITIAL_WEIGHT = 1.5  # "J" and "John": m ~ 0.95 given one side is an initial, u ~ 0.08 (names starting J)
PART_DISCOUNT = 1.0  # Jones against Smith-Jones: a double-barrelled name may be used in part
SWAP_DISCOUNT = 1.0  # names in the wrong boxes happen, but less often than in the right ones
GIVEN_DIFFERENT = -4.6  # m ~ 0.04 (middle name or alias used, misheard on the phone), u ~ 0.97
SURNAME_DIFFERENT = -3.6  # m ~ 0.08 (marriage, separation, a new partner's name), u ~ 0.99

DOB_EXACT = 13.5  # m 0.93; u 1/(365 x 35): police subjects are mostly born within 35 years of each other
DOB_SWAPPED = 8.0  # m 0.01 (day and month typed the American way); u as exact
DOB_ONE_DIGIT = 5.0  # m 0.03; u ~ 30 neighbouring dates in 12,800
DOB_SAME_MONTH = 2.0  # m 0.01; u 1/420
DOB_DIFFERENT = -5.0  # m 0.03 (several digits wrong, another person's date), u ~ 1

# Address weights for pairs not at one house (see HOUSE_WEIGHT); what one house implies for the other fields
# is handled by the HOUSEHOLD_* weights below.
POSTCODE_UK_EXACT = 13.0  # m 0.6 (people move); u ~ 40 people per postcode in 1,000,000 (with households)
POSTCODE_OTHER_EXACT = 8.0  # a postcode without UK structure (four digits, say) covers far more people
POSTCODE_SECTOR = 4.0  # WR5 1 ~ 3,000 addresses; also catches a slip in the last two letters
POSTCODE_ONE_CHARACTER = 3.0  # a typing slip in a code without UK structure
POSTCODE_DISTRICT = 1.5
POSTCODE_DIFFERENT = -1.5  # m 0.35: people move, which is why this is mild
LINE_EXACT = 8.0  # u: "12 Station Road" is in every town, so a line alone is less than a postcode
LINE_SAME_STREET = 2.5  # same street, other or missing house number
LINE_DIFFERENT = -1.0
TOWN_EXACT = 2.0  # u ~ 0.2 within one force's area
TOWN_SIMILAR = 1.5
TOWN_DIFFERENT = -0.5
ADDRESS_SHARES = (1.0, 0.5, 0.25)
ADDRESS_DIFFERENT_FLOOR = -3.0

# Two records at one house (same first line and postcode): m 0.6, u ~ 1.5 other residents per person in a
# million, fewer for flats, hostels and houses in multiple occupation: ~17.5 bits. link() re-estimates it
# from the data (fitting.py). It replaces the postcode, line and town weights of such a pair.
HOUSE_WEIGHT = 17.5
# Two records at one address may be one person or two of a household. Among household members surnames and
# landlines are mostly shared, given names rarely (a son named after his father), dates of birth rarely
# (twins), so conditional on a shared address their agreement counts for much less than in the population.
HOUSEHOLD_SURNAME_MAX = 0.6  # m 0.9, u 0.6 within a household
HOUSEHOLD_SURNAME_DIFFERENT = -2.3  # m 0.08, u 0.4: partners often have different surnames
HOUSEHOLD_GIVEN_MAX = 4.9  # m 0.92, u 0.03
HOUSEHOLD_DOB_MAX = 5.5  # m 0.93, u 0.02 (twins)
HOUSEHOLD_LANDLINE = 0.2  # m 0.3, u 0.9 (one phone on the wall)
HOUSEHOLD_MOBILE_MAX = 6.0  # m 0.6, u 0.01 (a phone shared, or held by a controlling partner)

PHONE_MOBILE = 12.0  # a mobile is one person's
PHONE_LANDLINE = 7.0  # a landline is a household's
PHONE_ONE_DIGIT = 3.0
PHONE_DIFFERENT = -1.0  # numbers change often


def exact_name_weight(freq: float) -> float:
    """log2(m/u) for agreement on a name held by a share `freq` of people, within the caps."""
    return min(NAME_WEIGHT_MAX, max(NAME_WEIGHT_MIN, math.log2(M_NAME_EXACT / freq)))


def frequency_band(freq: float) -> str:
    """The band of an exact-name level: common (1 in 200 or more), rare (under 1 in 2,000) or mid."""
    return "common" if freq >= COMMON_NAME else "rare" if freq < RARE_NAME else "mid"


def _nickname_reason(a: str, b: str, canon: frozenset[str]) -> str:
    if b in canon or a in canonical_given(b):
        short, full = (a, b) if b in canonical_given(a) else (b, a)
        alike = phonetic(short) == phonetic(full) or JaroWinkler.similarity(short, full) >= 0.8
        return f"{display(short)} is {'another spelling' if alike else 'a short form'} of {display(full)}"
    return f"{display(a)} and {display(b)} are both forms of {display(sorted(canon)[0])}"


def _name_pair(a: NameForm, b: NameForm, *, given: bool, cross: bool, explain: bool) -> Outcome:
    """Level, weight and reason for two forms; `cross` compares a given name with a surname (swapped boxes)."""
    noun = "name" if cross else "given name" if given else "surname"
    different = GIVEN_DIFFERENT if given else SURNAME_DIFFERENT
    freq = max(a.freq, b.freq)
    full = exact_name_weight(freq)
    if a.initial or b.initial:
        # An initial agrees with any name that starts with it, so it is weak evidence either way.
        if a.text[0] != b.text[0]:
            return "different", different, (f"different {noun}" if explain else None)
        reason = f"same initial of {noun}" if a.text == b.text else f"initial matches {noun}"
        return "initial", INITIAL_WEIGHT, reason
    if a.text == b.text:
        level, weight, reason = f"exact-{frequency_band(freq)}", full, f"same {noun}"
    elif given and not cross and a.canon & b.canon:
        level, weight = "nickname", max(NAME_WEIGHT_MIN - 1.0, full - NICKNAME_DISCOUNT)
        reason = _nickname_reason(a.text, b.text, a.canon & b.canon) if explain else None
    else:
        shortest = min(len(a.text), len(b.text))
        distance = DamerauLevenshtein.distance(a.text, b.text, score_cutoff=2)
        similarity = JaroWinkler.similarity(a.text, b.text)
        if (distance <= 1 and shortest >= 4) or (distance <= 2 and shortest >= 8) or similarity >= 0.93:
            level, weight, reason = "typo", TYPO_SHARE * full, f"{noun} spelt similarly"
        elif a.phon and a.phon == b.phon:
            level, weight, reason = "sounds", SOUNDS_SHARE * full, f"{noun} sounds alike"
        elif similarity >= 0.85:
            level, weight, reason = "similar", SIMILAR_SHARE * full, f"{noun} partly alike"
        else:
            return "different", different, (f"different {noun}" if explain else None)
    if a.part or b.part:
        weight -= PART_DISCOUNT
        if explain and not cross:
            reason = f"{reason} (part of a double-barrelled name)"
    if explain and not cross and (a.alias or b.alias):
        reason = f"{reason} (alias or previous name)"
    return level, weight, reason


def compare_names(
    left: tuple[NameForm, ...], right: tuple[NameForm, ...], *, given: bool, cross: bool = False, explain: bool
) -> Outcome | None:
    """The best agreement over every pair of forms (aliases included), or None when either side has no name."""
    if not left or not right:
        return None
    best: Outcome | None = None
    for a in left:
        for b in right:
            outcome = _name_pair(a, b, given=given, cross=cross, explain=explain)
            if best is None or outcome[1] > best[1]:
                best = outcome
    return best


def compare_dob(query: Prepared, candidate: Prepared) -> Outcome | None:
    """Exact, day and month swapped, one digit out, same month and year, or different."""
    a, b = query.dob, candidate.dob
    if a is None or b is None:
        return None
    if a == b:
        return "exact", DOB_EXACT, "same date of birth"
    if a.year == b.year and a.day == b.month and a.month == b.day:
        return "swapped", DOB_SWAPPED, "day and month swapped in date of birth"
    if DamerauLevenshtein.distance(query.dob_text, candidate.dob_text, score_cutoff=1) <= 1:
        return "one-digit", DOB_ONE_DIGIT, "date of birth differs by one digit"
    if a.year == b.year and a.month == b.month:
        return "same-month", DOB_SAME_MONTH, "same month and year of birth"
    return "different", DOB_DIFFERENT, "different date of birth"


def _postcode_pair(a: Postcode, b: Postcode) -> Outcome:
    if a.full == b.full:
        if a.sector:
            return "exact-uk", POSTCODE_UK_EXACT, "same postcode"
        return "exact", POSTCODE_OTHER_EXACT, "same postcode"
    if a.sector and a.sector == b.sector:
        return "sector", POSTCODE_SECTOR, "postcode in the same sector"
    if len(a.full) == len(b.full) and DamerauLevenshtein.distance(a.full, b.full, score_cutoff=1) <= 1:
        return "one-character", POSTCODE_ONE_CHARACTER, "postcode differs by one character"
    if a.district and a.district == b.district:
        return "district", POSTCODE_DISTRICT, "postcode in the same district"
    return "different", POSTCODE_DIFFERENT, "different postcode"


def _line_pair(a: AddressLine, b: AddressLine) -> Outcome:
    if a.text == b.text:
        return "exact", LINE_EXACT, "same address"
    street = a.street and b.street and JaroWinkler.similarity(a.street, b.street) >= 0.9
    if street and a.number == b.number:
        return "exact", LINE_EXACT, "same address"
    if street:
        return "street", LINE_SAME_STREET, "same street"
    if a.number and a.number == b.number and (not a.street or not b.street):
        return "number", 0.0, None
    return "different", LINE_DIFFERENT, "different address"


def _town_pair(a: str, b: str) -> Outcome:
    left, right = a.replace(" ", ""), b.replace(" ", "")
    if left == right:
        return "exact", TOWN_EXACT, "same town"
    if JaroWinkler.similarity(left, right) >= 0.9:
        return "similar", TOWN_SIMILAR, "similar town"
    return "different", TOWN_DIFFERENT, None


def _best(outcomes) -> Outcome | None:
    best: Outcome | None = None
    for outcome in outcomes:
        if best is None or outcome[1] > best[1]:
            best = outcome
    return best


def compare_postcode(query: Prepared, candidate: Prepared) -> Outcome | None:
    """The best agreement between any postcode of one and any of the other."""
    return _best(_postcode_pair(a, b) for a in query.postcodes for b in candidate.postcodes)


def compare_line(query: Prepared, candidate: Prepared) -> Outcome | None:
    """The best agreement between any first line of an address of one and any of the other."""
    return _best(_line_pair(a, b) for a in query.lines for b in candidate.lines)


def compare_town(query: Prepared, candidate: Prepared) -> Outcome | None:
    """The best agreement between any town of one and any of the other."""
    return _best(_town_pair(a, b) for a in query.towns for b in candidate.towns)


def combine_address(parts: list[tuple[float, str | None]]) -> list[tuple[float, str | None]]:
    """Postcode, first line and town describe one place, so their agreements are not independent.

    The strongest agreement counts in full, the next at half and the third at a quarter; disagreements count
    only when nothing agrees (a moved person), and then at most ADDRESS_DIFFERENT_FLOOR.
    """
    agreeing = sorted((p for p in parts if p[0] > 0), key=lambda p: -p[0])
    if agreeing:
        return [(weight * share, reason) for (weight, reason), share in zip(agreeing, ADDRESS_SHARES, strict=False)]
    against = [p for p in parts if p[0] < 0]
    if not against:
        return []
    reason = "different address" if any(p[1] for p in against) else None
    return [(max(ADDRESS_DIFFERENT_FLOOR, sum(p[0] for p in against)), reason)]


def compare_phone(query: Prepared, candidate: Prepared) -> Outcome | None:
    """Same number (a mobile counts more than a landline), one digit out, or different."""
    if not query.phones or not candidate.phones:
        return None
    best: Outcome = ("different", PHONE_DIFFERENT, "different phone number")
    for a in query.phones:
        for b in candidate.phones:
            if a == b:
                outcome: Outcome = (
                    ("mobile", PHONE_MOBILE, "same phone number")
                    if is_mobile(a)
                    else ("landline", PHONE_LANDLINE, "same phone number")
                )
            elif DamerauLevenshtein.distance(a, b, score_cutoff=1) <= 1:
                outcome = ("one-digit", PHONE_ONE_DIGIT, "phone number differs by one digit")
            else:
                continue
            if outcome[1] > best[1]:
                best = outcome
    return best
