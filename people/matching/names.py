"""Name knowledge: the nickname table, name frequencies and the phonetic code.

The tables live in people/data/ as CSV and are read once, on first use:

- nicknames.csv (name,canonical): short forms and other spellings of British and English given names.
  A name may have several canonical forms (Harry: Henry, Harold, Harriet).
- given_names.csv (name,gender,per_100k) and surnames.csv (surname,per_100k): approximate frequencies in
  the population of England and Wales. They weight agreement: two records that share "Smith" say less than
  two that share "Quartermaine". Names not listed are taken to be rare.
"""

import csv
import functools
from pathlib import Path

import jellyfish

from .normalise import fold

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

# Share of people with a name that is not in the frequency lists (the long tail): rare, so agreement on one
# is strong evidence, but not unbounded.
UNLISTED_GIVEN_FREQUENCY = 1 / 4000
UNLISTED_SURNAME_FREQUENCY = 1 / 8000


@functools.cache
def _nickname_table() -> dict[str, frozenset[str]]:
    table: dict[str, set[str]] = {}
    with open(DATA_DIR / "nicknames.csv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            name, canonical = fold(row["name"]).replace(" ", ""), fold(row["canonical"]).replace(" ", "")
            if name and canonical and name != canonical:
                table.setdefault(name, set()).add(canonical)
    return {name: frozenset(canonicals) for name, canonicals in table.items()}


@functools.cache
def canonical_given(name: str) -> frozenset[str]:
    """The canonical forms of a folded given name: {"william"} for "bill", {"mary"} for "mary"."""
    return _nickname_table().get(name, frozenset({name}))


@functools.cache
def _frequencies() -> tuple[dict[str, float], dict[str, float]]:
    given: dict[str, float] = {}
    with open(DATA_DIR / "given_names.csv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            # per_100k is within one gender; half of that is the share of all people.
            key = fold(row["name"]).replace(" ", "")
            given[key] = given.get(key, 0.0) + float(row["per_100k"]) / 200_000
    surnames: dict[str, float] = {}
    with open(DATA_DIR / "surnames.csv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            surnames[fold(row["surname"]).replace(" ", "")] = float(row["per_100k"]) / 100_000
    return given, surnames


def given_frequency(name: str) -> float:
    """The share of people with this folded given name (its frequency list value, or the long-tail default)."""
    return _frequencies()[0].get(name, UNLISTED_GIVEN_FREQUENCY)


def surname_frequency(name: str) -> float:
    """The share of people with this folded surname (its frequency list value, or the long-tail default)."""
    return _frequencies()[1].get(name, UNLISTED_SURNAME_FREQUENCY)


@functools.cache
def phonetic(name: str) -> str:
    """A sound-alike code for a folded name: Metaphone, adapted to the spellings of British names.

    Metaphone keeps consonant sounds (Smith/Smyth -> SMT, Catherine/Kathryn -> KTRN). Two changes make it
    forgive more of the slips seen in British records: TH is taken as T (Thompson/Thomson, Matthews/Mathews),
    and H after the first letter is dropped (Stanlhy/Stanley), as are doubled letters. Codes are cut to six
    letters so that slips at the end of long names do not change them.
    """
    name = name.replace(" ", "")
    if not name:
        return ""
    code = jellyfish.metaphone(name).replace("0", "T").replace(" ", "")
    if not code:
        return ""
    code = code[0] + code[1:].replace("H", "")
    # Thompson: M before P before S sounds like Thomson.
    code = code.replace("MPS", "MS")
    collapsed = [code[0]]
    for ch in code[1:]:
        if ch != collapsed[-1]:
            collapsed.append(ch)
    return "".join(collapsed)[:6]


def display(name: str) -> str:
    """A folded name capitalised for a reason shown to a user ("bill" -> "Bill")."""
    return " ".join(part[:1].upper() + part[1:] for part in name.split())
