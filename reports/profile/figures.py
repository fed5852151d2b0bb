"""What each figure of the problem profile means, and the profile as measures and tables.

The one place of the definitions: the page, the PDF, the CSV and XLSX, the API and the README print them. Every
share is a whole-number percentage (halves up), shown with the two counts it comes from.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from incidents.models import Incident
from people.models import Marker, Person
from risk.models.assessment import Grade

from ..figures import rounded
from ..policies import Scope
from ..tables import Table
from .harm import HarmIndex
from .pseudonyms import pseudonym
from .queries import AGE_BANDS

LISTED = 50  # perpetrators, pairs, addresses and sectors listed (the exports hold the same)
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
SEASONS = {"winter": (12, 1, 2), "spring": (3, 4, 5), "summer": (6, 7, 8), "autumn": (9, 10, 11)}

DEFINITIONS = {
    "scope": "The profile counts the domestic-abuse incidents received in the period (local days, both ends "
    "included) at the area's (or the force's) incidents; a person is a victim or perpetrator (suspect) of those "
    "incidents. People are shown by pseudonym, never by name.",
    "victims": "Victims of the period's incidents, each once. Age on the day of their first incident of the "
    "period, from the date of birth, else the estimated age. Repeat victim: a victim of two or more of the "
    "period's incidents. Vulnerability: an active vulnerability or disability marker on the person (one victim may "
    "have several). Children present: incidents whose call checklist answered yes, over all the period's incidents.",
    "perpetrators": "Perpetrators are the suspects of the period's incidents. Serial perpetrator: one with two or "
    "more victims of whom at least two were never victims together at one of their incidents (unconnected victims). "
    "Ranking: recency (the latest incident), frequency (incidents), gravity (the harm of the crimes recorded at "
    "their incidents, in days of the crime-harm index) and victims (how many); each is scored 1 to 5 by where the "
    "perpetrator stands among all of the period's perpetrators (5 x the share at or below them, rounded up), and "
    "the ranking is by the sum (4 to 20), then gravity, frequency and recency.",
    "pairs": "A pair is one victim and one perpetrator of an incident of the period. The harm of a pair is the "
    "harm (crime-harm index days) of the crimes recorded at the incidents they share. The pairs are ranked by "
    "harm; the pairs holding 80% of the harm are the fewest from the top whose harm reaches 80% of all pairs' "
    "harm; their share is those pairs over all pairs. They are listed for the PVP team.",
    "places": "An address is an incident's location as written (capitals, spaces collapsed) with its postcode. "
    "Repeat address: two or more of the period's incidents. Concentration: the share of incidents at the "
    "1% and the 5% of addresses with the most incidents (the number of addresses rounded up). Postcode sector: "
    "the outward code and the first digit of the inward code of a full postcode. An address whose postcode is a "
    "confidential address's (a refuge) is counted but withheld from the list.",
    "times": "Local time of receipt. Seasons: winter December to February, spring March to May, summer June to "
    "August, autumn September to November. The trend is the 24 months to the end of the period, whatever its "
    "start.",
    "types": "Abuse types as recorded on the incident (one incident may have several), and the relationship of "
    "victim and suspect.",
    "grades": "DASH assessments submitted in the period at the scope's domestic-abuse incidents, by month of "
    "submission and their grade now (after every review).",
    "attrition": "Of the period's incidents, those with a crime recorded, an arrest, a crime charged or "
    "summonsed, and a crime with an outcome (anything but under investigation), as recorded now.",
}
HARM_NOTE = (
    "Gravity and harm weigh each crime by the days of the force's crime-harm index ({source}), in the manner of the "
    "Cambridge Crime Harm Index; the force can change the weights (README, 'Reports: the problem profile')."
)


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    numerator: int
    denominator: int | None

    @property
    def pct(self) -> int | None:
        return None if self.denominator is None else rounded(self.numerator, self.denominator)

    @property
    def shown(self) -> str:
        if self.denominator is None:
            return str(self.numerator)
        return "—" if self.pct is None else f"{self.pct}%"


@dataclass
class Section:
    key: str
    title: str
    measures: list[Measure] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)

    @property
    def definition(self) -> str:
        return DEFINITIONS[self.key]


@dataclass
class ProblemProfile:
    scope: Scope
    start: date
    end: date
    harm: HarmIndex
    sections: list[Section]
    person_ids: list[int]  # the people listed (by pseudonym), for the access log

    @property
    def harm_note(self) -> str:
        return HARM_NOTE.format(source=self.harm.source)

    def measures(self) -> dict[str, Measure]:
        return {m.key: m for s in self.sections for m in s.measures}

    def tables(self) -> dict[str, Table]:
        return {t.key: t for s in self.sections for t in s.tables}


def _choices(choices) -> dict[str, str]:
    return {value: str(label) for value, label in choices}


def _months(start: date, end: date) -> list[date]:
    out, month = [], start.replace(day=1)
    while month <= end:
        out.append(month)
        month = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    return out


def build(scope: Scope, *, start: date, end: date, trend_start: date, rows: dict, harm: HarmIndex) -> ProblemProfile:
    """The profile from the queries' rows (reports.profile.queries.run)."""
    force = scope.force.code
    listed: list[int] = []

    def alias(person_id: int) -> str:
        listed.append(person_id)
        return pseudonym(person_id, force)

    (incidents, victims, repeat_victims, perpetrators, children_yes, children_no, total_harm) = rows["counts"][0]
    sections = []

    # Victims.
    genders = _choices(Person.Gender.choices)
    bands = Counter()
    sexes = Counter()
    for band, gender, n in rows["victims"]:
        bands[band] += n
        sexes[gender] += n
    band_rows = [[label, bands[key], rounded(bands[key], victims)] for key, label, _, _ in AGE_BANDS]
    band_rows.append(["Not known", bands["not_known"], rounded(bands["not_known"], victims)])
    markers = {code: n for code, n in rows["markers"]}
    vulnerable = markers.pop("*", 0)
    codes = _choices(Marker.Code.choices)
    marker_rows = sorted(([codes.get(c, c), n, rounded(n, victims)] for c, n in markers.items()), key=lambda r: -r[1])
    sections.append(
        Section(
            "victims",
            "Victims",
            [
                Measure("incidents", "Domestic-abuse incidents", incidents, None),
                Measure("victims", "Victims", victims, None),
                Measure("repeat_victim_pct", "Repeat victims", repeat_victims, victims),
                Measure("vulnerable_victim_pct", "Victims with a vulnerability marker", vulnerable, victims),
                Measure("children_present_pct", "Incidents with children present", children_yes, incidents),
                Measure("children_absent_pct", "Incidents with no children present", children_no, incidents),
            ],
            [
                Table(
                    "victim_age",
                    "Victims by age band",
                    ["Age band", "Victims", "% of victims"],
                    band_rows,
                    "Bar chart of the number of victims in each age band.",
                    "bar",
                ),
                Table(
                    "victim_sex",
                    "Victims by sex",
                    ["Sex", "Victims", "% of victims"],
                    [[label, sexes[key], rounded(sexes[key], victims)] for key, label in genders.items()],
                    "Bar chart of the number of victims of each sex.",
                    "bar",
                ),
                Table(
                    "victim_markers",
                    "Victims' vulnerability markers",
                    ["Marker", "Victims", "% of victims"],
                    marker_rows,
                ),
            ],
        )
    )

    # Perpetrators.
    ranking, serials = [], 0
    for row in rows["perpetrators"]:
        person_id, n, last_at, gravity, nvictims, serial, r, f, g, v, score, rank, _, serials = row
        ranking.append(
            [
                rank,
                alias(person_id),
                "yes" if serial else "no",
                n,
                f"{timezone.localtime(last_at):%Y-%m-%d}",
                gravity,
                nvictims,
                r,
                f,
                g,
                v,
                score,
            ]
        )
    top = [r for r in ranking if r[0] <= LISTED]
    serial_rows = [[r[1], r[6], r[3], r[5], r[0]] for r in ranking if r[2] == "yes"]
    sections.append(
        Section(
            "perpetrators",
            "Perpetrators",
            [
                Measure("perpetrators", "Perpetrators", perpetrators, None),
                Measure("serial_perpetrator_pct", "Serial perpetrators (unconnected victims)", serials, perpetrators),
            ],
            [
                Table(
                    "perpetrator_ranking",
                    f"Perpetrators ranked by recency, frequency, gravity and victims (top {LISTED})",
                    [
                        "Rank",
                        "Perpetrator",
                        "Serial",
                        "Incidents",
                        "Latest incident",
                        "Gravity (harm days)",
                        "Victims",
                        "Recency score",
                        "Frequency score",
                        "Gravity score",
                        "Victims score",
                        "Score",
                    ],
                    top,
                ),
                Table(
                    "serial_perpetrators",
                    "Serial perpetrators",
                    ["Perpetrator", "Victims", "Incidents", "Gravity (harm days)", "Rank"],
                    serial_rows[: 4 * LISTED],
                ),
            ],
        )
    )

    # Victim-perpetrator pairs.
    pair_rows, total_pairs = [], rows["pair_totals"][0][0]
    holding = rows["pairs"][0][6] if rows["pairs"] else 0
    pairs_harm = rows["pairs"][0][4] if rows["pairs"] else 0
    for n, (victim, suspect, shared, pair_harm, *_) in enumerate(rows["pairs"], start=1):
        pair_rows.append([n, alias(victim), alias(suspect), shared, pair_harm, rounded(pair_harm, pairs_harm)])
    sections.append(
        Section(
            "pairs",
            "Victim-perpetrator pairs",
            [
                Measure("pairs", "Victim-perpetrator pairs", total_pairs, None),
                Measure("harm", "Harm of the period's crimes (harm days)", total_harm, None),
                Measure(
                    "pairs_harm",
                    "Harm of the pairs (an incident's harm counts for each of its pairs)",
                    pairs_harm,
                    None,
                ),
                Measure("pairs_holding_80_pct", "Pairs holding 80% of the harm", holding, total_pairs),
            ],
            [
                Table(
                    "harm_pairs",
                    f"The pairs holding 80% of the harm (the first {LISTED})",
                    ["#", "Victim", "Perpetrator", "Incidents", "Harm (days)", "% of the pairs' harm"],
                    pair_rows,
                )
            ],
        )
    )

    # Places.
    (addresses, repeat_addresses, repeat_incidents, top1, top5, top1_n, top5_n) = rows["places"][0]
    sections.append(
        Section(
            "places",
            "Places",
            [
                Measure("addresses", "Addresses", addresses, None),
                Measure("repeat_address_pct", "Repeat addresses", repeat_addresses, addresses),
                Measure("repeat_address_incident_pct", "Incidents at repeat addresses", repeat_incidents, incidents),
                Measure(
                    "top1_address_incident_pct", f"Incidents at the top 1% of addresses ({top1_n})", top1, incidents
                ),
                Measure(
                    "top5_address_incident_pct", f"Incidents at the top 5% of addresses ({top5_n})", top5, incidents
                ),
            ],
            [
                Table(
                    "repeat_addresses",
                    f"Repeat addresses (the first {LISTED})",
                    ["Address", "Postcode", "Incidents"],
                    [
                        ["Withheld (a confidential address)", "", n] if withheld else [address, postcode, n]
                        for address, postcode, n, withheld in rows["repeat_addresses"]
                    ],
                ),
                Table(
                    "sectors",
                    f"Postcode sectors by incidents (the first {LISTED})",
                    ["Postcode sector", "Incidents", "Repeat addresses"],
                    [[sector or "No full postcode", n, r] for sector, n, r in rows["sectors"]],
                    "Horizontal bar chart of the incidents in each postcode sector.",
                    "barh",
                ),
            ],
        )
    )

    # Times.
    grid = {(d, h): n for d, h, n in rows["hour_weekday"]}
    month_counts = dict(rows["months"])
    seasons = Counter()
    for month, n in month_counts.items():
        seasons[next(k for k, ms in SEASONS.items() if month.month in ms)] += n
    trend = dict(rows["trend"])
    sections.append(
        Section(
            "times",
            "Times",
            [],
            [
                Table(
                    "hour_weekday",
                    "Incidents by hour and weekday",
                    ["Weekday", *(f"{h:02d}" for h in range(24))],
                    [[WEEKDAYS[d - 1], *(grid.get((d, h), 0) for h in range(24))] for d in range(1, 8)],
                    "Heat map of incidents by weekday (rows) and hour of receipt (columns); darker is more.",
                    "heatmap",
                ),
                Table(
                    "months",
                    "Incidents by month of the period",
                    ["Month", "Incidents"],
                    [[f"{m:%Y-%m}", month_counts.get(m, 0)] for m in _months(start, end)],
                    "Bar chart of incidents received in each month of the period.",
                    "bar",
                ),
                Table(
                    "seasons",
                    "Incidents by season",
                    ["Season", "Incidents", "% of incidents"],
                    [[k.capitalize(), seasons[k], rounded(seasons[k], incidents)] for k in SEASONS],
                ),
                Table(
                    "trend",
                    "The 24-month trend",
                    ["Month", "Incidents"],
                    [[f"{m:%Y-%m}", trend.get(m, 0)] for m in _months(trend_start, end)],
                    "Line chart of incidents received each month over the 24 months to the end of the period.",
                    "line",
                ),
            ],
        )
    )

    # Abuse and relationship types.
    abuse = dict(rows["abuse_types"])
    relations = Counter()
    rel_labels, fam_labels = _choices(Incident.Relationship.choices), _choices(Incident.FamilyRelation.choices)
    for rel, fam, n in rows["relationships"]:
        label = rel_labels.get(rel, rel) + (f": {fam_labels.get(fam, fam)}" if fam else "")
        relations[label] += n
    sections.append(
        Section(
            "types",
            "Abuse and relationship types",
            [],
            [
                Table(
                    "abuse_types",
                    "Incidents by abuse type",
                    ["Abuse type", "Incidents", "% of incidents"],
                    [
                        [label, abuse.get(k, 0), rounded(abuse.get(k, 0), incidents)]
                        for k, label in _choices(Incident.AbuseType.choices).items()
                    ],
                    "Horizontal bar chart of incidents by abuse type.",
                    "barh",
                ),
                Table(
                    "relationships",
                    "Incidents by relationship",
                    ["Relationship", "Incidents", "% of incidents"],
                    [[label, n, rounded(n, incidents)] for label, n in sorted(relations.items(), key=lambda i: -i[1])],
                ),
            ],
        )
    )

    # Risk grades over time.
    grades = {(m, g): n for m, g, n in rows["grades"]}
    grade_keys = [g for g in Grade.values]
    grade_labels = _choices(Grade.choices)
    sections.append(
        Section(
            "grades",
            "Risk grades over time",
            [Measure("assessments", "DASH assessments submitted", sum(grades.values()), None)],
            [
                Table(
                    "grades",
                    "DASH assessments by month and grade",
                    ["Month", *(grade_labels[g] for g in grade_keys)],
                    [[f"{m:%Y-%m}", *(grades.get((m, g), 0) for g in grade_keys)] for m in _months(start, end)],
                    "Stacked bar chart of DASH assessments submitted each month, by their grade now.",
                    "stacked",
                )
            ],
        )
    )

    # Attrition.
    all_incidents, with_crime, with_arrest, with_charge, with_outcome = rows["attrition"][0]
    stages = [
        ("Incidents", all_incidents),
        ("With a crime recorded", with_crime),
        ("With an arrest", with_arrest),
        ("With a charge or summons", with_charge),
        ("With an outcome", with_outcome),
    ]
    sections.append(
        Section(
            "attrition",
            "Attrition",
            [
                Measure("crime_pct", "Incidents with a crime recorded", with_crime, all_incidents),
                Measure("arrest_pct", "Incidents with an arrest", with_arrest, all_incidents),
                Measure("charge_pct", "Incidents with a charge or summons", with_charge, all_incidents),
                Measure("outcome_pct", "Incidents with a crime's outcome", with_outcome, all_incidents),
            ],
            [
                Table(
                    "attrition",
                    "From incident to outcome",
                    ["Stage", "Incidents", "% of incidents"],
                    [[label, n, rounded(n, all_incidents)] for label, n in stages],
                    "Bar chart of the incidents left at each stage: incident, crime, arrest, charge and outcome.",
                    "bar",
                )
            ],
        )
    )
    return ProblemProfile(scope, start, end, harm, sections, sorted(set(listed)))
