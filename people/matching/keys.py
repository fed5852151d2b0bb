"""Blocking keys: what is stored for each person, and what a query looks up, to find candidates to score.

A key is (kind, value). Every person stores the keys below (one per form, alias and combination); a search
looks up the keys of its query and scores the union of the persons found. The kinds are chosen so that a
realistic true match shares at least one selective key with its query: the date of birth catches name
errors, names catch date errors, the postcode and the phone catch both.

Sizes are persons per value in an index of 1,000,000 people, measured on 200,000 generated people
(bench.generate_people) and scaled: the typical value and the largest one. About 14 keys per person.

| kind     | value                                  | example          | typical | largest at 1M         |
|----------|----------------------------------------|------------------|---------|-----------------------|
| sn       | folded surname, each form              | smith            | 40      | Smith 12,400          |
| sp       | phonetic surname                       | SMT              | 100     | Smith/Smyth 12,500    |
| gp+sp    | phonetic given + phonetic surname      | JN|SMT           | 7       | John/Jane/Joan S. 600 |
| dob      | date of birth                          | 19800503         | 30      | 130                   |
| sp+dy    | phonetic surname + year of birth       | SMT|1980         | 8       | 300                   |
| gp+dym   | phonetic given + year and month        | JN|198005        | 9       | 125                   |
| pc       | full postcode                          | WR51AA           | 40      | 300 (a hostel)        |
| sp+pcs   | phonetic surname + UK postcode sector  | SMT|WR51         | 8       | 125                   |
| ph       | last ten digits of a phone             | 7700900123       | 1       | a household landline  |
| ad       | house number + sound of a street word  | 12|PNKR          | 120     | 480 (43 Station Rd)   |
| gp+st    | phonetic given + street word + town    | JN|PNKR|WRST     | 8       | 200                   |
| gp+sn    | phonetic given + folded surname        | JN|smith         | 6       | 600                   |

sn and sp alone are not selective: they serve partial queries (a surname and nothing else) and prefix
search, and link() does not block on them. gp+sn serves prefix search while a surname is still being typed
after the given name ("John Smi..." looks up JN|smi%). Given names are never stored alone: a given name with
nothing else is looked up as the prefix of gp+sn ("JN|%", given_name_prefixes()), a bounded scan of the same
index that finds some of the people of that name, never all of them at this scale. Given-name codes include the
canonical form (Bill -> William), so nicknames share keys; and the keys of a dob with day and month swapped,
and of names in the wrong boxes, are added on the query side only (both are their own inverse, so storing them
too would double the table).
"""

from .names import canonical_given, phonetic
from .normalise import AddressLine, swap_day_month
from .records import MatchRecord, Prepared, prepare

Key = tuple[str, str]

# Kinds selective enough to block on in link(); sn and sp are for partial queries only.
LINK_KINDS = frozenset({"gp+sp", "dob", "sp+dy", "gp+dym", "pc", "sp+pcs", "ph", "ad", "gp+st"})
# Words that say what kind of street it is, not which: never part of an address key.
STREET_TYPES = frozenset(
    [
        "the",
        "street",
        "road",
        "avenue",
        "lane",
        "close",
        "crescent",
        "drive",
        "place",
        "court",
        "gardens",
        "garden",
        "grove",
        "square",
        "terrace",
        "way",
        "parade",
        "circuit",
        "highway",
        "walk",
        "rise",
        "view",
        "row",
        "mews",
    ]
)
STREET_WORDS_PER_LINE = 3
STREET_CODE_LENGTH = 4
MAX_VALUE_LENGTH = 64
MIN_PREFIX_LENGTH = 2


def _given_codes(record: Prepared) -> set[str]:
    codes: set[str] = set()
    for form in record.given:
        if form.initial:
            continue
        codes.add(form.phon)
        codes.update(phonetic(c) for c in form.canon)
    codes.discard("")
    return codes


def _surname_codes(record: Prepared) -> set[str]:
    return {form.phon for form in record.surnames if len(form.text) > 1 and form.phon}


def _surname_as_given_codes(record: Prepared) -> set[str]:
    """The given-name codes the surnames would have if they were given names (for names in the wrong boxes)."""
    codes: set[str] = set()
    for form in record.surnames:
        if len(form.text) > 1:
            codes.add(form.phon)
            codes.update(phonetic(c) for c in canonical_given(form.text))
    codes.discard("")
    return codes


def _selective_keys(record: Prepared) -> set[Key]:
    keys: set[Key] = set()
    given, surnames = _given_codes(record), _surname_codes(record)
    keys.update(("gp+sp", f"{g}|{s}") for g in given for s in surnames)
    if record.dob is not None:
        keys.add(("dob", record.dob_text))
        keys.update(("sp+dy", f"{s}|{record.dob_text[:4]}") for s in surnames)
        keys.update(("gp+dym", f"{g}|{record.dob_text[:6]}") for g in given)
    for postcode in record.postcodes:
        keys.add(("pc", postcode.full))
        if postcode.sector:
            keys.update(("sp+pcs", f"{s}|{postcode.sector}") for s in surnames)
    keys.update(("ph", phone) for phone in record.phones)
    keys.update(("ad", value) for value in _address_values(record))
    keys.update(("gp+st", value[:MAX_VALUE_LENGTH]) for value in _street_values(record, given))
    return keys


def _street_codes(line: AddressLine) -> list[str]:
    words = [w for w in line.street.split() if len(w) > 1 and w not in STREET_TYPES][:STREET_WORDS_PER_LINE]
    return [code for code in (phonetic(w)[:STREET_CODE_LENGTH] for w in words) if code]


def _address_values(record: Prepared) -> set[str]:
    """House number with the sound of each of the first street words: survives a wrong postcode."""
    return {f"{line.number}|{code}" for line in record.lines if line.number for code in _street_codes(line)}


def _street_values(record: Prepared, given: set[str]) -> set[str]:
    """Given name, street and place (town, else postcode district): survives a wrong number and postcode."""
    places = {phonetic(town.split()[0])[:STREET_CODE_LENGTH] for town in record.towns}
    places.update(p.district for p in record.postcodes if p.district)
    places.discard("")
    streets = {code for line in record.lines for code in _street_codes(line)}
    return {f"{g}|{street}|{place}" for g in given for street in streets for place in places}


def _surname_keys(record: Prepared) -> set[Key]:
    keys: set[Key] = {("sn", form.text[:MAX_VALUE_LENGTH]) for form in record.surnames if len(form.text) > 1}
    keys.update(("sp", code) for code in _surname_codes(record))
    return keys


def _given_surname_keys(record: Prepared) -> set[Key]:
    """Given-name code with the folded surname, for prefix search once a given name has been typed."""
    surnames = [form.text for form in record.surnames if len(form.text) > 1]
    return {("gp+sn", f"{g}|{s}"[:MAX_VALUE_LENGTH]) for g in _given_codes(record) for s in surnames}


def prepared_match_keys(record: Prepared) -> set[Key]:
    """match_keys() of a record already prepared."""
    return _selective_keys(record) | _surname_keys(record) | _given_surname_keys(record)


def prepared_query_keys(record: Prepared) -> set[Key]:
    """query_keys() of a record already prepared."""
    keys = _selective_keys(record)
    if record.dob is not None:
        swapped = swap_day_month(record.dob)
        if swapped is not None:
            keys.add(("dob", swapped.strftime("%Y%m%d")))
            keys.update(("gp+dym", f"{g}|{swapped.strftime('%Y%m')}") for g in _given_codes(record))
    given_as_surname = {form.phon for form in record.given if len(form.text) > 1 and form.phon}
    keys.update(("gp+sp", f"{g}|{s}") for g in _surname_as_given_codes(record) for s in given_as_surname)
    if not keys:
        # Nothing selective (a surname alone, or with an initial or a town): fall back on the surname.
        keys = _surname_keys(record)
    return keys


def match_keys(record: MatchRecord) -> set[Key]:
    """The keys to store for a person, as (kind, value) pairs; see the module docstring for the kinds."""
    return prepared_match_keys(prepare(record))


def query_keys(query: MatchRecord) -> set[Key]:
    """The keys to look up for a query: its own selective keys plus swapped-dob and swapped-name variants.

    A query with nothing selective (only a surname, perhaps with an initial or a town) gets the surname
    keys sn and sp instead, which match every person with that surname or one that sounds like it. A query
    with only a given name gets no keys: see given_name_prefixes().
    """
    return prepared_query_keys(prepare(query))


def prefix_query(query: MatchRecord) -> Key | None:
    """A (kind, prefix) for searching while a surname is being typed, or None without two letters of surname.

    With a given name it is ("gp+sn", "JN|smi"), which stays selective at any size; without one, ("sn",
    "smi"). Look it up as kind = %s AND value LIKE prefix || '%' on a btree (kind, value text_pattern_ops)
    index; the prefix is folded (lower case, no accents, spaces or punctuation), as the stored values are.
    """
    record = prepare(query)
    if not record.surnames:
        return None
    prefix = record.surnames[0].text[:MAX_VALUE_LENGTH]
    if len(prefix) < MIN_PREFIX_LENGTH:
        return None
    given = next((form.phon for form in record.given if not form.initial and form.phon), None)
    if given:
        return ("gp+sn", f"{given}|{prefix}"[:MAX_VALUE_LENGTH])
    return ("sn", prefix)


def given_name_prefixes(query: MatchRecord) -> list[Key]:
    """(kind, prefix) pairs for a query with only a given name (perhaps with a town): ("gp+sn", "JN|") per code.

    Used only when the query has no key and no surname prefix: the scan is bounded by the caller, so it lists
    some people of that given name (or a nickname of it), never every one.
    """
    record = prepare(query)
    return [("gp+sn", f"{code}|") for code in sorted(_given_codes(record))]
