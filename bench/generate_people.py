"""Realistic British people for benchmarks, about a tenth of them noisy duplicates of earlier ones.

    from bench.generate_people import generate_people
    for row in generate_people(1_000_000, seed=1): ...

    python -m bench.generate_people 1000000      # time it and print a sample

Each row is a dict: given_name, middle_name, surname, date_of_birth (date or None), gender ('female',
'male' or 'unknown'), address_1, town, postcode (valid UK format), phone (UK mobile or landline), and
duplicate_of (the 0-based position of the original row this one duplicates, or None). Missing text is "".

Names follow the frequency lists in people/data (Zipf-like) plus a synthetic long tail; addresses are real
West Mercia towns with their postcode districts and made-up streets, one postcode per few houses; a third of
the originals join the household of a recent person (same address, mostly the same surname, sometimes a
twin). Duplicates carry one to three errors of the kinds seen in police data: typos, nicknames, names in
the wrong boxes, day and month swapped, one digit of the date wrong, dates and postcodes missing, a move,
a new surname, an initial for a given name, a middle name used as the given name, a new phone.

Rows are produced one at a time; memory is bounded by a window of recent originals that duplicates and
households are drawn from.
"""

import csv
import datetime
import random
import sys
import time
from bisect import bisect
from collections import deque
from collections.abc import Iterator, Sequence
from itertools import accumulate

from people.matching.names import DATA_DIR

from .corruptions import corrupt
from .people_parts import (
    GIVEN_ENDINGS_FEMALE,
    GIVEN_ENDINGS_MALE,
    GIVEN_ONSETS,
    POSTCODE_UNIT_LETTERS,
    STREET_NAMES,
    STREET_TYPES,
    SURNAME_FIRST,
    SURNAME_LAST,
    SURNAME_MIDDLE,
    TOWNS,
)

REFERENCE_DATE = datetime.date(2025, 1, 1)
DUPLICATE_SHARE = 0.10
HOUSEHOLD_SHARE = 0.33
TWIN_SHARE = 0.02  # of those joining a household
WINDOW = 20_000  # recent originals kept for duplicates and households
STREETS_PER_THOUSAND = 4


class _Weighted:
    """Draws from values with the given weights (cumulative table and bisection: fast for big lists)."""

    def __init__(self, values: Sequence, weights: Sequence[float]) -> None:
        self.values = list(values)
        self.cumulative = list(accumulate(weights))
        self.total = self.cumulative[-1]

    def draw(self, rng: random.Random):
        return self.values[bisect(self.cumulative, rng.random() * self.total)]


def _read_names() -> tuple[dict[str, _Weighted], dict[str, float], _Weighted, float]:
    by_gender: dict[str, tuple[list[str], list[float]]] = {"female": ([], []), "male": ([], [])}
    with open(DATA_DIR / "given_names.csv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            names, weights = by_gender[row["gender"]]
            names.append(row["name"])
            weights.append(float(row["per_100k"]))
    given = {gender: _Weighted(*lists) for gender, lists in by_gender.items()}
    listed_given = {gender: min(1.0, sum(lists[1]) / 100_000) for gender, lists in by_gender.items()}
    with open(DATA_DIR / "surnames.csv", newline="", encoding="utf-8") as handle:
        rows = [(row["surname"], float(row["per_100k"])) for row in csv.DictReader(handle)]
    surnames = _Weighted([r[0] for r in rows], [r[1] for r in rows])
    return given, listed_given, surnames, sum(r[1] for r in rows) / 100_000


def _streets(rng: random.Random) -> list[tuple[str, str, str, str, list[tuple[str, str, str]]]]:
    """Per town: (town, area code, ..., streets as (name, abbreviated name, postcode sector))."""
    towns = []
    for town, thousands, districts, area_code in TOWNS:
        streets = []
        seen = set()
        while len(streets) < thousands * STREETS_PER_THOUSAND:
            name = rng.choice(STREET_NAMES)
            kind, short = rng.choice(STREET_TYPES)
            if (name, kind) in seen and len(seen) < len(STREET_NAMES) * len(STREET_TYPES) // 2:
                continue
            seen.add((name, kind))
            sector = f"{rng.choice(districts)} {rng.randrange(10)}"
            streets.append((f"{name} {kind}", f"{name} {short}", sector))
        towns.append((town, area_code, streets))
    return towns


class _World:
    """Everything drawn from: name lists, towns and streets, nicknames."""

    def __init__(self, seed: int) -> None:
        self.given, self.listed_given, self.surnames, self.listed_surnames = _read_names()
        self.towns = _Weighted(_streets(random.Random(seed)), [t[1] for t in TOWNS])
        self.nicknames: dict[str, list[str]] = {}
        self.formal: dict[str, list[str]] = {}
        with open(DATA_DIR / "nicknames.csv", newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                self.nicknames.setdefault(row["canonical"], []).append(row["name"])
                self.formal.setdefault(row["name"], []).append(row["canonical"])

    def given_name(self, rng: random.Random, gender: str) -> str:
        if gender == "unknown":
            gender = rng.choice(("female", "male"))
        if rng.random() < self.listed_given[gender]:
            return self.given[gender].draw(rng)
        endings = GIVEN_ENDINGS_FEMALE if gender == "female" else GIVEN_ENDINGS_MALE
        return rng.choice(GIVEN_ONSETS) + rng.choice(endings)

    def surname(self, rng: random.Random) -> str:
        if rng.random() < self.listed_surnames:
            return self.surnames.draw(rng)
        # The tail: a skewed index into ~21,000 compound names, so some tail names recur and most are rare.
        size = len(SURNAME_FIRST) * len(SURNAME_MIDDLE) * len(SURNAME_LAST)
        index = int(size * rng.random() ** 1.5)
        first, rest = divmod(index, len(SURNAME_MIDDLE) * len(SURNAME_LAST))
        middle, last = divmod(rest, len(SURNAME_LAST))
        return SURNAME_FIRST[first] + SURNAME_MIDDLE[middle] + SURNAME_LAST[last]

    def address(self, rng: random.Random) -> tuple[str, str, str, str]:
        """(address_1, town, postcode, landline area code) of a random house."""
        town, area_code, streets = self.towns.draw(rng)
        street_index = rng.randrange(len(streets))
        street, short, sector = streets[street_index]
        number = rng.randint(1, 90)
        # Neighbouring houses share a postcode: one unit per dozen house numbers of a street.
        unit = (street_index * 37 + number // 12 * 11) % (len(POSTCODE_UNIT_LETTERS) ** 2)
        letters = POSTCODE_UNIT_LETTERS[unit // len(POSTCODE_UNIT_LETTERS)] + POSTCODE_UNIT_LETTERS[unit % 20]
        line = f"{number} {short if rng.random() < 0.15 else street}"
        if rng.random() < 0.08:
            line = f"Flat {rng.randint(1, 12)}, {line}"
        return line, town, f"{sector}{letters}", area_code


def _date_of_birth(rng: random.Random) -> datetime.date:
    roll = rng.random()
    age = rng.uniform(0, 18) if roll < 0.18 else rng.uniform(18, 56) if roll < 0.85 else rng.uniform(56, 95)
    return REFERENCE_DATE - datetime.timedelta(days=int(age * 365.25))


def _phone(rng: random.Random, area_code: str) -> str:
    roll = rng.random()
    if roll < 0.68:
        number = f"07{rng.randrange(100_000_000, 1_000_000_000)}"
        style = rng.random()
        return (
            f"+44 {number[1:5]} {number[5:]}"
            if style < 0.1
            else f"{number[:5]} {number[5:]}"
            if style < 0.5
            else number
        )
    if roll < 0.80:
        return f"{area_code} {rng.randrange(200_000, 1_000_000)}"
    return ""


def _original(world: _World, rng: random.Random, window: deque) -> dict:
    gender = "female" if (roll := rng.random()) < 0.49 else "male" if roll < 0.98 else "unknown"
    person = {
        "given_name": world.given_name(rng, gender),
        "middle_name": world.given_name(rng, gender) if rng.random() < 0.4 else "",
        "gender": gender,
    }
    if window and rng.random() < HOUSEHOLD_SHARE:
        head = window[rng.randrange(len(window))]
        person["surname"] = head["surname"] if rng.random() < 0.7 else world.surname(rng)
        twin = rng.random() < TWIN_SHARE and head["date_of_birth"] is not None
        person["date_of_birth"] = head["date_of_birth"] if twin else _date_of_birth(rng)
        if twin:
            person["surname"] = head["surname"]
        person.update(address_1=head["address_1"], town=head["town"], postcode=head["postcode"])
        landline = head["phone"] if head["phone"] and not head["phone"].startswith(("07", "+44")) else ""
        person["phone"] = landline or _phone(rng, head["area_code"])
        person["area_code"] = head["area_code"]
    else:
        person["surname"] = world.surname(rng)
        person["date_of_birth"] = _date_of_birth(rng) if rng.random() > 0.03 else None
        line, town, postcode, area_code = world.address(rng)
        person.update(address_1=line, town=town, postcode=postcode, area_code=area_code)
        person["phone"] = _phone(rng, area_code)
    if rng.random() < 0.1:
        person["surname"] = person["surname"].upper()
    return person


def generate_people(n: int, seed: int) -> Iterator[dict]:
    """Yield n people; about DUPLICATE_SHARE of them are noisy copies of earlier rows (see module docstring)."""
    rng = random.Random(seed)
    world = _World(seed)
    window: deque = deque(maxlen=WINDOW)
    for position in range(n):
        if window and rng.random() < DUPLICATE_SHARE:
            source = window[rng.randrange(len(window))]
            row = corrupt(source, rng, world)
            row["duplicate_of"] = source["position"]
        else:
            row = _original(world, rng, window)
            row["position"] = position
            window.append(row)
            row = {k: v for k, v in row.items() if k not in ("position", "area_code")}
            row["duplicate_of"] = None
        yield row


def main(argv: list[str]) -> None:
    """Time the generation of n rows (default 1,000,000) and print the first few."""
    n = int(argv[0]) if argv else 1_000_000
    started = time.perf_counter()
    duplicates = 0
    for position, row in enumerate(generate_people(n, seed=1)):
        duplicates += row["duplicate_of"] is not None
        if position < 5:
            print(row)
    print(f"{n} people ({duplicates} duplicates) in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
