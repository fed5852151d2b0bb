"""Person search at realistic scale: p50/p95 of people.selectors.person_search at 100k and 1M people.

    make bench-search                      # 100,000 and 1,000,000 people
    python -m dacase.devstack services -- python -m bench.people_search --size 100000

It loads generated people (bench.generate_people) into a database of its own,
dacase_bench_<size>, on the server DATABASE_URL names, once; later runs reuse it.
The load goes through COPY with the same match keys and match data the
services write (people.match_data.match_data_of, people.matching.match_keys),
with the change-history triggers off for the load only. The queries are what
call handlers type: full names with dates of birth, typos, nicknames, a phone
alone, a surname and postcode, half a surname; each comes from a known person,
so the run also reports how often that person ranks first and in the top ten.
"""

import argparse
import datetime
import hashlib
import json
import os
import random
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dacase.settings")
os.environ.setdefault("DJANGO_ENV", "test")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import Area, Force, User  # noqa: E402
from accounts.roles import Role  # noqa: E402
from accounts.services import user_create  # noqa: E402
from bench.corruptions import corrupt  # noqa: E402
from bench.database import copy_rows, use_database  # noqa: E402
from bench.generate_people import _World, generate_people  # noqa: E402
from people.match_data import match_data_of  # noqa: E402
from people.matching import MatchRecord, match_keys  # noqa: E402
from people.selectors import person_search  # noqa: E402

CHUNK = 20_000


def _record(row: dict) -> MatchRecord:
    return MatchRecord(
        given_names=tuple(n for n in (row["given_name"],) if n),
        surnames=(row["surname"],),
        date_of_birth=row["date_of_birth"],
        postcodes=tuple(p for p in (row["postcode"],) if p),
        address_lines=tuple(a for a in (row["address_1"],) if a),
        towns=tuple(t for t in (row["town"],) if t),
        phones=tuple(p for p in (row["phone"],) if p),
    )


def _searcher():
    """A call handler of the bench force: the search looks in the searcher's force's index."""
    force, _ = Force.objects.get_or_create(code="bench", defaults={"name": "Bench Constabulary"})
    area, _ = Area.objects.get_or_create(force=force, code="bench", defaults={"name": "Bench"})
    user = User.objects.filter(username="bench-handler").first() or user_create(
        username="bench-handler", password=None, roles=[Role.CALL_HANDLER], areas=[area]
    )
    return force, user


def load(size: int, seed: int) -> None:
    """Load ``size`` generated people of the bench force with their addresses, phones and match keys."""
    started = time.monotonic()
    now = timezone.now().isoformat()
    force, _ = _searcher()
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")  # no history triggers for a bulk load
        cursor.execute("TRUNCATE people_matchkey, people_phone, people_address, people_person RESTART IDENTITY CASCADE")
        cursor.execute("DROP INDEX IF EXISTS matchkey_lookup")
        cursor.execute("ALTER TABLE people_matchkey DROP CONSTRAINT IF EXISTS matchkey_unique")
        people, addresses, phones, keys = [], [], [], []
        for pk, row in enumerate(generate_people(size, seed=seed), start=1):
            record = _record(row)
            dob = row["date_of_birth"].isoformat() if row["date_of_birth"] else None
            people.append(
                [
                    pk,
                    force.pk,
                    row["given_name"],
                    row["middle_name"],
                    row["surname"],
                    dob,
                    row["gender"],
                    "",
                    "f",
                    json.dumps(match_data_of(record)),
                    now,
                ]
            )
            if row["address_1"] or row["postcode"]:
                addresses.append([pk, row["address_1"] or "Not recorded", "", row["town"], row["postcode"], "f", ""])
            if row["phone"]:
                phones.append([pk, row["phone"], "mobile", "t"])
            keys.extend([pk, force.pk, kind, value] for kind, value in match_keys(record))
            if pk % CHUNK == 0 or pk == size:
                copy_rows(
                    cursor,
                    "people_person",
                    [
                        "id",
                        "force_id",
                        "given_name",
                        "middle_names",
                        "surname",
                        "date_of_birth",
                        "gender",
                        "language",
                        "interpreter_needed",
                        "match_data",
                        "updated_at",
                    ],
                    people,
                )
                copy_rows(
                    cursor,
                    "people_address",
                    ["person_id", "line_1", "line_2", "town", "postcode", "confidential", "confidential_reason"],
                    addresses,
                )
                copy_rows(cursor, "people_phone", ["person_id", "number", "kind", "safe_to_call"], phones)
                copy_rows(cursor, "people_matchkey", ["person_id", "force_id", "kind", "value"], keys)
                people, addresses, phones, keys = [], [], [], []
                print(f"  loaded {pk:,} people ({time.monotonic() - started:.0f} s)", file=sys.stderr)
        cursor.execute("SET session_replication_role = DEFAULT")
        cursor.execute("SELECT setval(pg_get_serial_sequence('people_person', 'id'), %s)", [size])
        cursor.execute(
            "CREATE INDEX matchkey_lookup ON people_matchkey (force_id, kind, value varchar_pattern_ops, person_id)"
        )
        cursor.execute("ALTER TABLE people_matchkey ADD CONSTRAINT matchkey_unique UNIQUE (person_id, kind, value)")
    connection.close()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE people_matchkey")
        cursor.execute("VACUUM ANALYZE people_person")
    print(f"  loaded in {time.monotonic() - started:.0f} s", file=sys.stderr)


def _keys_version() -> str:
    """A fingerprint of the matcher's keys: when match_keys() changes, the index is loaded again."""
    sample = MatchRecord(
        ("William", "Bill"),
        ("Smith",),
        datetime.date(1980, 5, 3),
        ("WR5 1AA",),
        ("12 Pinkerton Circuit",),
        ("07700 900123",),
        ("Worcester",),
    )
    # The index's shape is part of it: keys carry the person's force since the index became each force's own.
    return hashlib.sha256(repr(["force", *sorted(match_keys(sample))]).encode()).hexdigest()[:16]


def _loaded(size: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_meta (key text PRIMARY KEY, value text)")
        cursor.execute("SELECT value FROM bench_meta WHERE key = 'loaded'")
        row = cursor.fetchone()
        return row is not None and row[0] == f"{size}:{_keys_version()}"


def _mark_loaded(size: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO bench_meta VALUES ('loaded', %s) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
            [f"{size}:{_keys_version()}"],
        )


def queries(size: int, count: int, seed: int) -> list[tuple[int, MatchRecord, str]]:
    """Searches as call handlers type them, each for a known person (its id, the query, the pattern)."""
    rng = random.Random(seed)  # noqa: S311 - benchmark sampling
    wanted = sorted(rng.sample(range(1, size + 1), count))
    picked, position = [], 0
    for pk, row in enumerate(generate_people(size, seed=1), start=1):
        if position < len(wanted) and pk == wanted[position]:
            picked.append((pk, row))
            position += 1
        if position == len(wanted):
            break
    result = []
    world = _World(seed)
    for pk, row in picked:
        noisy = corrupt(row, rng, world) if rng.random() < 0.5 else row
        patterns = {
            "name+dob": 35,
            "name": 15,
            "phone": 10,
            "surname+postcode": 15,
            "prefix+given": 10,
            "everything": 15,
        }
        # A search uses what the call handler has: no phone search for someone without a phone.
        if not row["phone"]:
            patterns.pop("phone")
        if not noisy["postcode"]:
            patterns.pop("surname+postcode")
        if not noisy["date_of_birth"]:
            patterns.pop("name+dob")
        pattern = rng.choices(list(patterns), weights=list(patterns.values()))[0]
        q = dict(given_names=(), surnames=(), date_of_birth=None, postcodes=(), address_lines=(), phones=())
        if pattern in ("name+dob", "name", "everything"):
            q.update(given_names=tuple(filter(None, [noisy["given_name"]])), surnames=(noisy["surname"],))
        if pattern in ("name+dob", "everything"):
            q["date_of_birth"] = noisy["date_of_birth"]
        if pattern == "phone":
            q["phones"] = (row["phone"],)
        if pattern == "surname+postcode":
            q.update(surnames=(noisy["surname"],), postcodes=tuple(filter(None, [noisy["postcode"]])))
        if pattern == "prefix+given":
            q.update(
                surnames=(row["surname"][: max(3, len(row["surname"]) // 2)],),
                given_names=tuple(filter(None, [row["given_name"]])),
            )
        if pattern == "everything":
            q.update(postcodes=tuple(filter(None, [noisy["postcode"]])), phones=tuple(filter(None, [noisy["phone"]])))
        result.append((pk, MatchRecord(**q), pattern))
    return result


def run(size: int, count: int, seed: int) -> dict:
    use_database(f"dacase_bench_{size}")
    call_command("migrate", verbosity=0)
    if not _loaded(size):
        print(f"Loading {size:,} people into dacase_bench_{size} (once)...", file=sys.stderr)
        load(size, seed=1)
        _mark_loaded(size)
    searches = queries(size, count, seed)
    _, searcher = _searcher()
    for _, query, _ in searches[:50]:  # warm the caches, as a live server would be
        person_search(query, user=searcher)
    timings, first, top10, sql_counts = [], 0, 0, []
    by_pattern: dict[str, list[int]] = {}
    for pk, query, pattern in searches:
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            found = person_search(query, user=searcher, limit=10)
            timings.append((time.perf_counter() - started) * 1000)
        sql_counts.append(len(ctx.captured_queries))
        ids = [c.person_id for c in found]
        first += bool(ids) and ids[0] == pk
        top10 += pk in ids
        tally = by_pattern.setdefault(pattern, [0, 0, 0])
        tally[0] += 1
        tally[1] += bool(ids) and ids[0] == pk
        tally[2] += pk in ids
    timings.sort()
    return {
        "size": size,
        "searches": len(timings),
        "p50_ms": statistics.median(timings),
        "p95_ms": timings[int(0.95 * len(timings)) - 1],
        "p99_ms": timings[int(0.99 * len(timings)) - 1],
        "max_ms": timings[-1],
        "sql_per_search": max(sql_counts),
        "first": first / len(searches),
        "top10": top10 / len(searches),
        "by_pattern": {p: (n, f / n, t / n) for p, (n, f, t) in sorted(by_pattern.items())},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, action="append", help="people in the index (repeatable)")
    parser.add_argument("--searches", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    for size in args.size or [100_000, 1_000_000]:
        r = run(size, args.searches, args.seed)
        print(
            f"person search at {r['size']:>9,} people: p50 {r['p50_ms']:.1f} ms, p95 {r['p95_ms']:.1f} ms, "
            f"p99 {r['p99_ms']:.1f} ms, max {r['max_ms']:.1f} ms over {r['searches']} searches; "
            f"{r['sql_per_search']} SQL queries per search; the person sought ranked first in {r['first']:.1%}, "
            f"in the top ten in {r['top10']:.1%}"
        )
        for pattern, (n, first, top10) in r["by_pattern"].items():
            print(f"    {pattern:<17} {n:>4} searches: first {first:.1%}, top ten {top10:.1%}")


if __name__ == "__main__":
    main()
