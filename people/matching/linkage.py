"""In-memory linkage of two lists of records (or deduplication of one), blocked on the match keys.

Each candidate pair (records sharing a selective key, see keys.LINK_KINDS) is compared once with the weights
of score(); its comparison levels are kept as a small pattern id. With enough pairs, the weight of a shared
house and the prior odds of a match are then estimated from the patterns (fitting.py) and every pair's
score adjusted; otherwise the scores of score() are used as they are. Memory is a few arrays of numbers per
candidate pair, the prepared records and the key index; 100,000 records take under a minute on one core.
"""

from array import array
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from itertools import chain

from .fitting import FittedModel, HouseCounts, Pattern, fit, house_counts, pattern_of
from .keys import LINK_KINDS, prepared_match_keys, prepared_query_keys
from .names import given_frequency, surname_frequency
from .normalise import name_forms
from .records import MatchRecord, Prepared, prepare_record
from .scoring import SAME_PERSON_BITS, SAME_PERSON_THRESHOLD, Outcomes, compare_all, parts, weight_to_score

# A key value shared by more records than this is skipped as a block: at 100,000 records only freak values
# (a placeholder postcode, a switchboard number) reach it, and every true pair also shares a selective key.
MAX_BLOCK_SIZE = 1000
# With this many records, name frequencies are counted in the data rather than taken from the national lists.
MIN_RECORDS_FOR_DATA_FREQUENCIES = 2000

Records = Sequence[tuple[str, MatchRecord]]


def _frequency_functions(records: Iterable[MatchRecord], count: int) -> tuple[Callable, Callable]:
    if count < MIN_RECORDS_FOR_DATA_FREQUENCIES:
        return given_frequency, surname_frequency
    given: Counter = Counter()
    surnames: Counter = Counter()
    for record in records:
        given.update({form for name in record.given_names for form in name_forms(name, given=True)})
        surnames.update({form for name in record.surnames for form in name_forms(name)})
    return (lambda name: max(given[name], 1) / count), (lambda name: max(surnames[name], 1) / count)


class _KeyIndex:
    """The records holding each blocking key, as two sorted arrays (key hash, position): a few bytes a key.

    Two keys whose hashes collide merely share a block, which costs a comparison, never a match.
    """

    def __init__(self, records: list[Prepared]) -> None:
        hashes, positions = array("q"), array("i")
        for position, record in enumerate(records):
            for key in prepared_match_keys(record):
                if key[0] in LINK_KINDS:
                    hashes.append(hash(key))
                    positions.append(position)
        order = sorted(range(len(hashes)), key=hashes.__getitem__)
        self.hashes = array("q", (hashes[i] for i in order))
        self.positions = array("i", (positions[i] for i in order))

    def get(self, key: tuple[str, str]) -> Sequence[int]:
        """Positions of the records holding the key; none when it is held by more than MAX_BLOCK_SIZE."""
        code = hash(key)
        start = bisect_left(self.hashes, code)
        end = bisect_right(self.hashes, code, start)
        return self.positions[start:end] if end - start <= MAX_BLOCK_SIZE else ()


class _Pairs:
    """Candidate pairs as parallel arrays (positions in A and B, pattern id, domain weight), and per pattern
    its count and the mean domain weight of each comparison, which stands for the pattern when fitting."""

    def __init__(self) -> None:
        self.a, self.b, self.pattern = array("i"), array("i"), array("i")
        self.weight = array("d")
        self.pattern_ids: dict[Pattern, int] = {}
        self.pattern_sums: list[list[float]] = []
        self.pattern_counts: list[int] = []

    def add(self, position_a: int, position_b: int, query: Prepared, candidate: Prepared) -> None:
        outcomes = compare_all(query, candidate, explain=False)
        pattern = pattern_of(outcomes)
        pattern_id = self.pattern_ids.get(pattern)
        if pattern_id is None:
            pattern_id = self.pattern_ids[pattern] = len(self.pattern_sums)
            self.pattern_sums.append([0.0] * len(outcomes))
            self.pattern_counts.append(0)
        sums = self.pattern_sums[pattern_id]
        for field, outcome in enumerate(outcomes):
            if outcome is not None:
                sums[field] += outcome[1]
        self.pattern_counts[pattern_id] += 1
        self.a.append(position_a)
        self.b.append(position_b)
        self.pattern.append(pattern_id)
        self.weight.append(sum(weight for weight, _ in parts(outcomes)))

    def patterns(self) -> dict[Pattern, tuple[int, Outcomes]]:
        """Each pattern with its count and representative outcomes (levels with their mean weights)."""
        result = {}
        for pattern, pattern_id in self.pattern_ids.items():
            count, sums = self.pattern_counts[pattern_id], self.pattern_sums[pattern_id]
            outcomes = tuple(
                (level, total / count, None) if level is not None else None
                for level, total in zip(pattern, sums, strict=True)
            )
            result[pattern] = (count, outcomes)
        return result

    def scores(self, model: FittedModel | None) -> list[float]:
        """The score of every pair: its domain weight, shifted by the fitted m and prior when there is a fit."""
        if model is None:
            return [weight_to_score(weight) for weight in self.weight]
        offset = SAME_PERSON_BITS + model.log2_prior_odds
        shifts = {self.pattern_ids[p]: model.shift(outcomes) for p, (_, outcomes) in self.patterns().items()}
        return [weight_to_score(offset + w + shifts[p]) for w, p in zip(self.weight, self.pattern, strict=True)]


def candidate_pairs(prepared_a: list[Prepared], prepared_b: list[Prepared], *, dedupe: bool) -> _Pairs:
    """Compare every pair of A and B that shares a blocking key (each pair once when deduplicating)."""
    index = _KeyIndex(prepared_a)
    pairs = _Pairs()
    for position_b, record_b in enumerate(prepared_b):
        candidates: set[int] = set()
        for key in prepared_query_keys(record_b):
            candidates.update(index.get(key))
        for position_a in sorted(candidates):
            if dedupe and position_a >= position_b:
                continue
            pairs.add(position_a, position_b, record_b, prepared_a[position_a])
    return pairs


def _households_within(*files: list[Prepared]) -> tuple[HouseCounts, int]:
    """House counts of the pairs within each file (see fitting.fit), and how many pairs each file has."""
    totals = [0, 0, 0]
    possible = 0
    for records in files:
        possible += len(records) * (len(records) - 1) // 2
        houses: dict[str, list[int]] = {}
        for position, record in enumerate(records):
            places = [p.full for p in record.postcodes] or list(record.towns) or [""]
            for key in {f"{line.text}|{place}" for line in record.lines if line.number for place in places}:
                houses.setdefault(key, []).append(position)
        seen: set[tuple[int, int]] = set()
        for members in houses.values():
            if len(members) > MAX_BLOCK_SIZE:
                continue
            for i, first in enumerate(members):
                for second in members[i + 1 :]:
                    if (first, second) not in seen:
                        seen.add((first, second))
                        outcomes = compare_all(records[first], records[second], explain=False)
                        counts = house_counts([(1, outcomes)])
                        totals = [t + c for t, c in zip(totals, counts, strict=True)]
    return (totals[0], totals[1], totals[2]), possible


def link(
    records_a: Records,
    records_b: Records | None = None,
    *,
    threshold: float = SAME_PERSON_THRESHOLD,
    one_to_one: bool = True,
    fit_weights: bool = True,
) -> list[tuple[str, str, float]]:
    """Pairs (id_a, id_b, score) judged the same person (score >= threshold), best first.

    With records_b, each record of B is compared with the records of A that share a key with it; with
    one_to_one, pairs are then taken best first so that each id of A and of B appears at most once. Without
    records_b, duplicates within A are found: each pair once, the earlier record of A first, and one_to_one
    does not apply (a person may be recorded three times). With fit_weights (and at least a few thousand
    candidate pairs) the weight of a shared house and the prior odds of a match are estimated from the data
    (fitting.py), so the score is 0.9 at even odds for this linkage; without, scores are those of score().
    """
    dedupe = records_b is None
    everything = [record for _, record in (records_a if dedupe else chain(records_a, records_b))]
    given_freq, surname_freq = _frequency_functions(everything, len(everything))
    prepared_a = [prepare_record(record, given_freq, surname_freq) for _, record in records_a]
    prepared_b = prepared_a if dedupe else [prepare_record(record, given_freq, surname_freq) for _, record in records_b]
    del everything
    pairs = candidate_pairs(prepared_a, prepared_b, dedupe=dedupe)
    possible = len(prepared_a) * (len(prepared_a) - 1) // 2 if dedupe else len(prepared_a) * len(prepared_b)
    model = None
    if fit_weights:
        households = None if dedupe else _households_within(prepared_a, prepared_b)
        model = fit(pairs.patterns(), possible, households)
    scores = pairs.scores(model)
    ids_a = [record_id for record_id, _ in records_a]
    ids_b = ids_a if dedupe else [record_id for record_id, _ in records_b]
    chosen = sorted(
        (k for k, value in enumerate(scores) if value >= threshold),
        key=lambda k: (-scores[k], ids_a[pairs.a[k]], ids_b[pairs.b[k]]),
    )
    if one_to_one and not dedupe:
        used_a: set[int] = set()
        used_b: set[int] = set()
        kept = []
        for k in chosen:
            if pairs.a[k] not in used_a and pairs.b[k] not in used_b:
                used_a.add(pairs.a[k])
                used_b.add(pairs.b[k])
                kept.append(k)
        chosen = kept
    return [(ids_a[pairs.a[k]], ids_b[pairs.b[k]], round(scores[k], 6)) for k in chosen]
