"""The problem profile counted in SQL: one set-based query per part, whatever the number of incidents.

Every query starts from the same set, ``inc``: the domestic-abuse incidents received in [since, until) in the
scope (an area, or every area of a force). Person ids come back only for the rows listed (the top perpetrators,
the pairs holding most of the harm); figures.py turns them into pseudonyms.
"""

from datetime import datetime

from django.conf import settings
from django.db import connection

from accounts.models import Area
from incidents.models import Checklist, Crime, Incident, Party
from people.models import Address, Marker, Person
from risk.models import Assessment

from ..policies import Scope
from .harm import HarmIndex

T = {
    "incident": Incident._meta.db_table,
    "party": Party._meta.db_table,
    "crime": Crime._meta.db_table,
    "arrest": "incidents_arrest",
    "checklist": Checklist._meta.db_table,
    "person": Person._meta.db_table,
    "marker": Marker._meta.db_table,
    "address": Address._meta.db_table,
    "assessment": Assessment._meta.db_table,
    "area": Area._meta.db_table,
}

INC = """
inc AS (
    SELECT i.id, i.received_at, (i.received_at AT TIME ZONE %(tz)s) AS local_at, i.location, i.location_postcode,
           i.relationship, i.family_relation, i.abuse_types
    FROM {incident} i JOIN {area} a ON a.id = i.area_id
    WHERE i.is_domestic_abuse AND a.force_id = %(force)s AND (%(area)s::bigint IS NULL OR i.area_id = %(area)s)
      AND i.received_at >= %(since)s AND i.received_at < %(until)s
),
harm AS (SELECT * FROM unnest(%(offences)s::text[], %(days)s::int[]) AS h(offence, days)),
inc_harm AS (
    SELECT c.incident_id, SUM(h.days)::bigint AS harm
    FROM {crime} c JOIN inc ON inc.id = c.incident_id JOIN harm h ON h.offence = c.offence
    GROUP BY c.incident_id
),
victim AS (SELECT DISTINCT p.incident_id, p.person_id FROM {party} p JOIN inc ON inc.id = p.incident_id
           WHERE p.role = 'victim'),
suspect AS (SELECT DISTINCT p.incident_id, p.person_id FROM {party} p JOIN inc ON inc.id = p.incident_id
            WHERE p.role = 'suspect')
"""

# Age bands of the victims, by their age on their first incident of the period.
AGE_BANDS = [
    ("under_16", "Under 16", None, 15),
    ("16_17", "16 to 17", 16, 17),
    ("18_24", "18 to 24", 18, 24),
    ("25_34", "25 to 34", 25, 34),
    ("35_44", "35 to 44", 35, 44),
    ("45_54", "45 to 54", 45, 54),
    ("55_64", "55 to 64", 55, 64),
    ("65_over", "65 and over", 65, None),
]


def _band(low: int | None, high: int | None) -> str:
    if low is None:
        return f"<= {high}"
    return f">= {low}" if high is None else f"BETWEEN {low} AND {high}"


# Built from the constants above only (never from input), as are the table names in T.
_BAND_SQL = " ".join(f"WHEN age {_band(low, high)} THEN '{key}'" for key, _, low, high in AGE_BANDS)
# A full UK postcode, spaces taken out: outward code, then the sector's digit and the unit's two letters.
POSTCODE = r"^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$"

PARTS = {
    "counts": """
SELECT (SELECT COUNT(*) FROM inc) AS incidents,
       (SELECT COUNT(DISTINCT person_id) FROM victim) AS victims,
       (SELECT COUNT(*) FROM (SELECT person_id FROM victim GROUP BY person_id HAVING COUNT(*) > 1) r) AS repeat_victims,
       (SELECT COUNT(DISTINCT person_id) FROM suspect) AS perpetrators,
       (SELECT COUNT(*) FROM inc JOIN {checklist} c ON c.incident_id = inc.id WHERE c.children_present = 'yes')
           AS children_yes,
       (SELECT COUNT(*) FROM inc JOIN {checklist} c ON c.incident_id = inc.id WHERE c.children_present = 'no')
           AS children_no,
       (SELECT COALESCE(SUM(harm), 0) FROM inc_harm) AS harm
""",
    "victims": """
, first_seen AS (SELECT v.person_id, MIN(inc.local_at)::date AS first_day
                 FROM victim v JOIN inc ON inc.id = v.incident_id GROUP BY v.person_id),
aged AS (SELECT p.gender, COALESCE(date_part('year', age(f.first_day, p.date_of_birth))::int, p.estimated_age) AS age
         FROM first_seen f JOIN {person} p ON p.id = f.person_id)
SELECT CASE WHEN age IS NULL THEN 'not_known' """  # noqa: S608 (constants, not input)
    + _BAND_SQL
    + """ END AS band, gender, COUNT(*) FROM aged GROUP BY 1, 2
""",
    "markers": """
SELECT m.code, COUNT(DISTINCT m.person_id) FROM {marker} m JOIN (SELECT DISTINCT person_id FROM victim) v
    ON v.person_id = m.person_id
WHERE m.active AND m.kind IN ('vulnerability', 'disability') GROUP BY m.code
UNION ALL
SELECT '*', COUNT(DISTINCT m.person_id) FROM {marker} m JOIN (SELECT DISTINCT person_id FROM victim) v
    ON v.person_id = m.person_id
WHERE m.active AND m.kind IN ('vulnerability', 'disability')
""",
    "perpetrators": """
, sv AS (SELECT DISTINCT s.person_id AS suspect, v.person_id AS victim FROM suspect s
         JOIN {party} v ON v.incident_id = s.incident_id AND v.role = 'victim' AND v.person_id <> s.person_id),
-- Pairs of a suspect's victims who were victims together at one of his incidents: few (most incidents have one
-- victim), so a suspect is serial when these are fewer than all pairs of his victims (linear, not quadratic).
together AS (SELECT s.person_id AS suspect, COUNT(DISTINCT (a.person_id, b.person_id)) AS pairs FROM suspect s
             JOIN {party} a ON a.incident_id = s.incident_id AND a.role = 'victim'
             JOIN {party} b ON b.incident_id = s.incident_id AND b.role = 'victim'
             AND a.person_id < b.person_id AND a.person_id <> s.person_id AND b.person_id <> s.person_id
             GROUP BY s.person_id),
per AS (SELECT s.person_id, COUNT(*) AS incidents, MAX(i.received_at) AS last_at,
               COALESCE(SUM(ih.harm), 0)::bigint AS gravity
        FROM suspect s JOIN {incident} i ON i.id = s.incident_id
        LEFT JOIN (SELECT c.incident_id, SUM(h.days)::bigint AS harm FROM {crime} c JOIN harm h ON h.offence = c.offence
                   GROUP BY c.incident_id) ih ON ih.incident_id = s.incident_id
        GROUP BY s.person_id),
scored AS (
    SELECT per.*, COALESCE(nv.victims, 0) AS victims,
           COALESCE(nv.victims, 0) >= 2 AND COALESCE(t.pairs, 0) < nv.victims * (nv.victims - 1) / 2 AS serial,
           CEIL(5 * CUME_DIST() OVER (ORDER BY per.last_at))::int AS r_score,
           CEIL(5 * CUME_DIST() OVER (ORDER BY per.incidents))::int AS f_score,
           CEIL(5 * CUME_DIST() OVER (ORDER BY per.gravity))::int AS g_score,
           CEIL(5 * CUME_DIST() OVER (ORDER BY COALESCE(nv.victims, 0)))::int AS v_score
    FROM per
    LEFT JOIN (SELECT suspect, COUNT(*) AS victims FROM sv GROUP BY suspect) nv ON nv.suspect = per.person_id
    LEFT JOIN together t ON t.suspect = per.person_id
)
SELECT * FROM (
    SELECT person_id, incidents, last_at, gravity, victims, serial, r_score, f_score, g_score, v_score,
           r_score + f_score + g_score + v_score AS score,
           ROW_NUMBER() OVER (ORDER BY r_score + f_score + g_score + v_score DESC, gravity DESC, incidents DESC,
                              last_at DESC, person_id) AS rank,
           COUNT(*) OVER () AS perpetrators, COUNT(*) FILTER (WHERE serial) OVER () AS serials
    FROM scored
) ranked WHERE rank <= %(listed)s OR serial ORDER BY rank LIMIT 4 * %(listed)s
""",
    "pairs": """
, pair_incident AS (SELECT DISTINCT v.person_id AS victim, s.person_id AS suspect, v.incident_id FROM victim v
                    JOIN {party} s ON s.incident_id = v.incident_id AND s.role = 'suspect'
                    AND s.person_id <> v.person_id),
pair AS (SELECT victim, suspect, COUNT(*) AS incidents, COALESCE(SUM(ih.harm), 0)::bigint AS harm
         FROM pair_incident pi LEFT JOIN inc_harm ih ON ih.incident_id = pi.incident_id GROUP BY victim, suspect),
ranked AS (SELECT pair.*, SUM(harm) OVER (ORDER BY harm DESC, victim, suspect ROWS UNBOUNDED PRECEDING) AS running,
                  SUM(harm) OVER () AS total, COUNT(*) OVER () AS pairs FROM pair),
needed AS (SELECT ranked.*, COUNT(*) OVER () AS holding FROM ranked
           WHERE total > 0 AND 10 * (running - harm) < 8 * total)
SELECT victim, suspect, incidents, harm, total, pairs, holding FROM needed
ORDER BY harm DESC, victim, suspect LIMIT %(listed)s
""",
    "pair_totals": """
, pair AS (SELECT DISTINCT v.person_id AS victim, s.person_id AS suspect FROM victim v
           JOIN {party} s ON s.incident_id = v.incident_id AND s.role = 'suspect' AND s.person_id <> v.person_id)
SELECT COUNT(*) FROM pair
""",
    "places": """
, place AS (SELECT regexp_replace(upper(btrim(location)), '\\s+', ' ', 'g') AS address,
                   upper(replace(location_postcode, ' ', '')) AS postcode FROM inc),
per_address AS (SELECT address, postcode, COUNT(*) AS incidents FROM place GROUP BY address, postcode),
ranked AS (SELECT per_address.*, ROW_NUMBER() OVER (ORDER BY incidents DESC, address, postcode) AS rn,
                  COUNT(*) OVER () AS addresses FROM per_address)
SELECT (SELECT COUNT(*) FROM per_address) AS addresses,
       (SELECT COUNT(*) FROM per_address WHERE incidents > 1) AS repeat_addresses,
       (SELECT COALESCE(SUM(incidents), 0) FROM per_address WHERE incidents > 1) AS repeat_address_incidents,
       (SELECT COALESCE(SUM(incidents), 0) FROM ranked WHERE rn <= CEIL(addresses * 0.01)) AS top1_incidents,
       (SELECT COALESCE(SUM(incidents), 0) FROM ranked WHERE rn <= CEIL(addresses * 0.05)) AS top5_incidents,
       (SELECT CEIL(COUNT(*) * 0.01) FROM per_address)::int AS top1_addresses,
       (SELECT CEIL(COUNT(*) * 0.05) FROM per_address)::int AS top5_addresses
""",
    "repeat_addresses": """
, place AS (SELECT regexp_replace(upper(btrim(location)), '\\s+', ' ', 'g') AS address,
                   upper(replace(location_postcode, ' ', '')) AS postcode FROM inc),
confidential AS (SELECT DISTINCT upper(replace(ad.postcode, ' ', '')) AS postcode FROM {address} ad
                 JOIN {person} p ON p.id = ad.person_id WHERE ad.confidential AND p.force_id = %(force)s
                 AND ad.postcode <> '')
SELECT address, postcode, COUNT(*) AS incidents,
       EXISTS (SELECT 1 FROM confidential c WHERE c.postcode = place.postcode AND place.postcode <> '') AS withheld
FROM place GROUP BY address, postcode HAVING COUNT(*) > 1
ORDER BY incidents DESC, address, postcode LIMIT %(listed)s
""",
    "sectors": """
, place AS (SELECT regexp_replace(upper(btrim(location)), '\\s+', ' ', 'g') AS address,
                   upper(replace(location_postcode, ' ', '')) AS postcode FROM inc),
sector AS (SELECT address, postcode,
                  CASE WHEN postcode ~ %(postcode)s
                       THEN left(postcode, length(postcode) - 3) || ' ' || substr(postcode, length(postcode) - 2, 1)
                  END AS sector FROM place),
per_address AS (SELECT sector, address, postcode, COUNT(*) AS incidents FROM sector GROUP BY 1, 2, 3)
SELECT COALESCE(sector, ''), SUM(incidents)::int, COUNT(*) FILTER (WHERE incidents > 1)
FROM per_address GROUP BY sector ORDER BY 2 DESC, 1 LIMIT %(listed)s
""",
    "hour_weekday": "SELECT EXTRACT(ISODOW FROM local_at)::int, EXTRACT(HOUR FROM local_at)::int, COUNT(*) FROM inc "
    "GROUP BY 1, 2",
    "months": "SELECT date_trunc('month', local_at)::date, COUNT(*) FROM inc GROUP BY 1",
    "abuse_types": "SELECT t, COUNT(*) FROM inc, unnest(abuse_types) AS t GROUP BY t",
    "relationships": "SELECT relationship, family_relation, COUNT(*) FROM inc GROUP BY 1, 2",
    "attrition": """
SELECT COUNT(*),
       COUNT(*) FILTER (WHERE EXISTS (SELECT 1 FROM {crime} c WHERE c.incident_id = inc.id)),
       COUNT(*) FILTER (WHERE EXISTS (SELECT 1 FROM {arrest} r WHERE r.incident_id = inc.id)),
       COUNT(*) FILTER (WHERE EXISTS (SELECT 1 FROM {crime} c WHERE c.incident_id = inc.id AND c.outcome = 'charge')),
       COUNT(*) FILTER (WHERE EXISTS (SELECT 1 FROM {crime} c WHERE c.incident_id = inc.id
                                      AND c.outcome <> 'pending'))
FROM inc
""",
}

# Not from ``inc``: the DASH assessments submitted in the period (at the scope's DA incidents), and the trend.
GRADES_SQL = """
SELECT date_trunc('month', s.submitted_at AT TIME ZONE %(tz)s)::date, s.grade, COUNT(*)
FROM {assessment} s JOIN {incident} i ON i.id = s.incident_id JOIN {area} a ON a.id = i.area_id
WHERE i.is_domestic_abuse AND a.force_id = %(force)s AND (%(area)s::bigint IS NULL OR i.area_id = %(area)s)
  AND s.submitted_at >= %(since)s AND s.submitted_at < %(until)s
GROUP BY 1, 2
"""
TREND_SQL = """
SELECT date_trunc('month', i.received_at AT TIME ZONE %(tz)s)::date, COUNT(*)
FROM {incident} i JOIN {area} a ON a.id = i.area_id
WHERE i.is_domestic_abuse AND a.force_id = %(force)s AND (%(area)s::bigint IS NULL OR i.area_id = %(area)s)
  AND i.received_at >= %(trend_since)s AND i.received_at < %(until)s
GROUP BY 1
"""


def run(
    scope: Scope, *, since: datetime, until: datetime, trend_since: datetime, harm: HarmIndex, listed: int
) -> dict[str, list[tuple]]:
    """Every part's rows, by name: about fifteen queries in all."""
    offences, days = harm.arrays()
    params = {
        "tz": settings.TIME_ZONE,
        "force": scope.force.pk,
        "area": scope.area.pk if scope.area else None,
        "since": since,
        "until": until,
        "trend_since": trend_since,
        "offences": offences,
        "days": days,
        "listed": listed,
        "postcode": POSTCODE,
    }
    prefix = "WITH " + INC.format(**T)
    found = {}
    with connection.cursor() as cursor:
        for name, sql in PARTS.items():
            body = sql.format(**T)
            cursor.execute(prefix + ("" if body.startswith("\n,") else "\n") + body, params)
            found[name] = cursor.fetchall()
        for name, sql in (("grades", GRADES_SQL), ("trend", TREND_SQL)):
            cursor.execute(sql.format(**T), params)
            found[name] = cursor.fetchall()
    return found
