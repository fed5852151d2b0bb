"""Identity matching for the person index: blocking keys, pair scoring and in-memory linkage.

Written for British police data (typos, nicknames, names in the wrong boxes, day and month swapped, missing
values, households and twins) and for plain PostgreSQL: match_keys() gives the (kind, value) rows to store
per person in an ordinary btree-indexed table, query_keys() and prefix_query() what a search looks up, and
score() ranks what they find with reasons in plain English, band() says what a score means in words, and
link() does the same in memory for bulk linkage and deduplication. Pure Python (jellyfish, rapidfuzz); no
Django, no database.

- normalise.py   names, dates, postcodes, phones, addresses to comparable forms
- names.py       nickname table, name frequencies, phonetic code (people/data/*.csv)
- records.py     MatchRecord, Match, and a record prepared once for many comparisons
- keys.py        blocking keys, with a table of kinds and their sizes at 1,000,000 people
- compare.py     field comparisons: levels and weights in bits, with their m and u
- scoring.py     the model (Fellegi-Sunter, households) and the 0..1 score and thresholds
- fitting.py     what link() estimates from its data: the weight of a shared house, the prior
- linkage.py     link()
"""

from .keys import given_name_prefixes, match_keys, prefix_query, query_keys
from .linkage import link
from .records import Match, MatchRecord
from .scoring import BANDS, CANDIDATE_THRESHOLD, POSSIBLE_THRESHOLD, SAME_PERSON_THRESHOLD, band, score

__all__ = [
    "BANDS",
    "CANDIDATE_THRESHOLD",
    "POSSIBLE_THRESHOLD",
    "SAME_PERSON_THRESHOLD",
    "Match",
    "band",
    "given_name_prefixes",
    "MatchRecord",
    "link",
    "match_keys",
    "prefix_query",
    "query_keys",
    "score",
]
