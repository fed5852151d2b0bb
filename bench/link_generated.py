"""Deduplication of generated British people with people.matching.link(): accuracy and time.

    python -m bench.link_generated [n=100000] [seed=1] [--splink]

The generator (bench.generate_people) knows which rows duplicate which; the true pairs are every two rows
of one person. link() runs twice: as it is (the house weight and prior estimated from the data) and with
fit_weights=False (the scores of score() as they are), and each run is measured against the true pairs.

With --splink, Splink 5 deduplicates the same rows with the setup of bench.febrl4_linkage (names with
Jaro-Winkler levels and term frequencies, date of birth, postcode, town, address, phone; prior from full
name and date of birth, u by random sampling, m by EM on date-of-birth and name blocks). It has no notion
of a household; it is shown for what an untuned general model does on data with households, not as a
tuned competitor.
"""

import logging
import sys
import time
import warnings
from collections import defaultdict
from itertools import combinations

from people.matching import MatchRecord, link

from .generate_people import generate_people


def to_match_record(row: dict) -> MatchRecord:
    """A generated row as a MatchRecord: the middle name follows the given name, as an alternative."""
    return MatchRecord(
        given_names=tuple(name for name in (row["given_name"], row["middle_name"]) if name),
        surnames=(row["surname"],) if row["surname"] else (),
        date_of_birth=row["date_of_birth"],
        postcodes=(row["postcode"],) if row["postcode"] else (),
        address_lines=(row["address_1"],) if row["address_1"] else (),
        phones=(row["phone"],) if row["phone"] else (),
        towns=(row["town"],) if row["town"] else (),
    )


def true_pairs(rows: list[dict]) -> set[tuple[str, str]]:
    """Every two rows of one person, as (earlier id, later id)."""
    clusters: dict[int, list[int]] = defaultdict(list)
    for position, row in enumerate(rows):
        clusters[row["duplicate_of"] if row["duplicate_of"] is not None else position].append(position)
    return {(str(a), str(b)) for members in clusters.values() for a, b in combinations(sorted(members), 2)}


def run_splink(rows: list[dict]) -> set[tuple[str, str]]:
    """Pairs Splink 5 (DuckDB, dedupe_only) judges the same person at match probability >= 0.5."""
    import pandas as pd
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    frame = pd.DataFrame(
        {
            "unique_id": str(position),
            **{column: (row[column] or None) for column in ("given_name", "surname", "address_1", "town", "postcode")},
            "date_of_birth": row["date_of_birth"].strftime("%Y%m%d") if row["date_of_birth"] else None,
            "phone": "".join(ch for ch in row["phone"] if ch.isdigit())[-10:] or None,
        }
        for position, row in enumerate(rows)
    )
    for column in ("given_name", "surname", "address_1", "town", "postcode"):
        frame[column] = frame[column].str.lower()
    settings = SettingsCreator(
        link_type="dedupe_only",
        blocking_rules_to_generate_predictions=[
            block_on("given_name", "surname"),
            "l.given_name = r.surname and l.surname = r.given_name",
            block_on("date_of_birth"),
            block_on("postcode"),
            block_on("phone"),
        ],
        comparisons=[
            cl.NameComparison("given_name").configure(term_frequency_adjustments=True),
            cl.NameComparison("surname").configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison("date_of_birth", input_is_string=True, datetime_format="%Y%m%d"),
            cl.DamerauLevenshteinAtThresholds("postcode", [1, 2]),
            cl.JaroWinklerAtThresholds("town", [0.9, 0.7]),
            cl.JaroWinklerAtThresholds("address_1", [0.9, 0.7]),
            cl.ExactMatch("phone"),
        ],
    )
    logging.getLogger("splink").setLevel(logging.ERROR)
    linker = Linker(DuckDBAPI().register(frame), settings, log_level=logging.ERROR)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("given_name", "surname", "date_of_birth")], recall=0.8
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e7, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("date_of_birth"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("given_name", "surname"))
    predictions = linker.inference.predict(threshold_match_probability=0.5).as_pandas_dataframe()
    return {
        tuple(sorted((a, b), key=int)) for a, b in zip(predictions.unique_id_l, predictions.unique_id_r, strict=True)
    }


def _report(label: str, found: set[tuple[str, str]], truth: set[tuple[str, str]], seconds: float) -> None:
    hits = len(found & truth)
    precision, recall = hits / max(1, len(found)), hits / len(truth)
    f1 = 2 * precision * recall / (precision + recall) if hits else 0.0
    print(f"{label:<24} {len(found):>7} {precision:>9.4f} {recall:>7.4f} {f1:>7.4f} {seconds:>8.1f}")


def main(argv: list[str]) -> None:
    """Generate, deduplicate, print precision, recall, F1 and seconds of each run."""
    numbers = [a for a in argv if not a.startswith("--")]
    n = int(numbers[0]) if numbers else 100_000
    seed = int(numbers[1]) if len(numbers) > 1 else 1
    rows = list(generate_people(n, seed))
    records = [(str(position), to_match_record(row)) for position, row in enumerate(rows)]
    truth = true_pairs(rows)
    print(f"{n} generated people, {len(truth)} true duplicate pairs")
    print(f"{'pipeline':<24} {'pairs':>7} {'precision':>9} {'recall':>7} {'F1':>7} {'seconds':>8}")
    for label, fit_weights in (("link(), fitted to data", True), ("link(), score() as is", False)):
        started = time.perf_counter()
        found = {(a, b) for a, b, _ in link(records, fit_weights=fit_weights)}
        _report(label, found, truth, time.perf_counter() - started)
    if "--splink" in argv:
        warnings.simplefilter("ignore")
        started = time.perf_counter()
        found = run_splink(rows)
        _report("Splink 5 (FEBRL setup)", found, truth, time.perf_counter() - started)


if __name__ == "__main__":
    main(sys.argv[1:])
