"""The force page's figures, each with its definition and the counts behind it (PRODUCT.md, "Figures a force
reports"). The one place that says what each figure means: the page, the PDF, the CSV, the API, the command and
the README all print these definitions."""

from dataclasses import dataclass, field
from datetime import date

from .policies import Scope

GRADES = ("high", "medium", "standard")
OUTCOMES = ("charge", "caution", "out_of_court_disposal", "other")
CATEGORY_LABELS = {
    "assault_with_intent": "Assaults with intent to cause serious harm",
    "assault_with_injury": "Assaults with injury",
    "harassment": "Harassment",
    "sexual_offence": "Sexual offences",
}
OUTCOME_LABELS = {
    "charge": "Charged or summonsed",
    "caution": "Caution",
    "out_of_court_disposal": "Other out-of-court disposal",
    "other": "Other (no further action, or still under investigation)",
}
GRADE_LABELS = {"high": "High risk", "medium": "Medium risk", "standard": "Standard risk"}

DEFINITIONS = {
    "da_call_share": "Domestic-abuse incidents received in the period, over all calls for assistance in the period "
    "(the force's totals).",
    "repeat_call_share": "Domestic-abuse incidents received in the period whose victim had another domestic-abuse "
    "incident in this force in the {window_days} days before it (the inspection's definition, whatever the "
    "force's own repeat-victim window), over the "
    "domestic-abuse incidents received in the period.",
    "da_crime_share": "Domestic-abuse crimes recorded in the period, over all crimes recorded in the period (the "
    "force's totals).",
    "category_share": "Domestic-abuse crimes recorded in the period with the offence {category}, over all crimes of "
    "the category recorded in the period (the force's totals).",
    "active_cases": "A case is one victim's DASH assessment at a domestic-abuse incident. It opens when the DASH is "
    "submitted and stays active while its incident is not closed (signed off by a supervisor) or a risk-management "
    "plan started from it is open. Counted: cases opened by the end of the day and not closed by then, by their "
    "latest grade on or before the day (the officer's at submission, then each review: sergeant, PVP, dip sample, "
    "and each review of its plan). Percentages are of the active cases.",
    "arrests_per_100_crimes": "Arrests made in the period at domestic-abuse incidents, times 100, over the "
    "domestic-abuse crimes recorded in the period.",
    "outcomes": "Domestic-abuse crimes recorded in the period by their outcome as recorded now, over all of them. "
    "Other: no further action, or no outcome yet.",
}
ROUNDING = "Percentages and rates are rounded to whole numbers, halves upwards, as the inspection prints them."
AREA_RULE = "Incidents, crimes, arrests and cases belong to the area of their incident; a day is a local day."


def rounded(numerator: int, denominator: int | None) -> int | None:
    """numerator x 100 / denominator to the nearest whole number, halves up; None when it cannot be worked out."""
    if not denominator:
        return None
    return (200 * numerator + denominator) // (2 * denominator)


@dataclass(frozen=True)
class Figure:
    """One line of the page: a value with the two counts it comes from, and why it may be missing."""

    key: str
    label: str
    definition: str
    numerator: int
    denominator: int | None
    numerator_label: str
    denominator_label: str
    rate: bool = False  # "per 100", not a percentage
    missing: str = ""  # why the denominator is not there

    @property
    def value(self) -> int | None:
        return rounded(self.numerator, self.denominator)

    @property
    def shown(self) -> str:
        """The value as printed: "—" when it cannot be worked out."""
        if self.value is None:
            return "—"
        return str(self.value) if self.rate else f"{self.value}%"

    @property
    def note(self) -> str:
        if self.denominator is None:
            return self.missing
        if self.denominator == 0:
            return f"No {self.denominator_label}: nothing to divide by."
        if self.numerator > self.denominator and not self.rate:
            return "More than the total: check the force's totals."
        return ""


@dataclass
class ForcePage:
    """Everything the force page shows for one scope, period and snapshot day."""

    scope: Scope
    start: date
    end: date
    snapshot: date
    window_days: int
    da_incidents: int
    repeat_incidents: int
    da_crimes: int
    da_crimes_by_category: dict[str, int]
    arrests: int
    outcomes: dict[str, int]
    active_by_grade: dict[str, int]
    calls_for_assistance: int | None = None
    recorded_crimes: int | None = None
    crimes_by_category: dict[str, int | None] = field(default_factory=lambda: dict.fromkeys(CATEGORY_LABELS))
    totals_missing: str = ""  # why the force's totals cannot be used for the period
    missing_months: list[date] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    entered_by: list[str] = field(default_factory=list)

    @property
    def active_cases(self) -> int:
        return sum(self.active_by_grade.values())

    @property
    def da_call_share(self) -> Figure:
        return Figure(
            "da_call_share",
            "Domestic-abuse share of calls for assistance",
            DEFINITIONS["da_call_share"],
            self.da_incidents,
            self.calls_for_assistance,
            "domestic-abuse incidents",
            "calls for assistance",
            missing=self.totals_missing,
        )

    @property
    def repeat_call_share(self) -> Figure:
        return Figure(
            "repeat_call_share",
            "Share of domestic-abuse calls from repeat victims",
            DEFINITIONS["repeat_call_share"].format(window_days=self.window_days),
            self.repeat_incidents,
            self.da_incidents,
            "incidents with a repeat victim",
            "domestic-abuse incidents",
        )

    @property
    def da_crime_share(self) -> Figure:
        return Figure(
            "da_crime_share",
            "Domestic-abuse share of recorded crime",
            DEFINITIONS["da_crime_share"],
            self.da_crimes,
            self.recorded_crimes,
            "domestic-abuse crimes",
            "recorded crimes",
            missing=self.totals_missing,
        )

    @property
    def category_shares(self) -> list[Figure]:
        return [
            Figure(
                f"category_share.{key}",
                f"Domestic-abuse share of {label.lower()}",
                DEFINITIONS["category_share"].format(category=f"“{label}”"),
                self.da_crimes_by_category[key],
                self.crimes_by_category.get(key),
                f"domestic-abuse {label.lower()}",
                f"all {label.lower()}",
                missing=self.totals_missing,
            )
            for key, label in CATEGORY_LABELS.items()
        ]

    @property
    def active_by_grade_shares(self) -> list[Figure]:
        return [
            Figure(
                f"active_by_grade.{grade}",
                GRADE_LABELS[grade],
                DEFINITIONS["active_cases"],
                self.active_by_grade[grade],
                self.active_cases,
                f"{GRADE_LABELS[grade].lower()} cases",
                "active cases",
            )
            for grade in GRADES
        ]

    @property
    def arrests_per_100_crimes(self) -> Figure:
        return Figure(
            "arrests_per_100_crimes",
            "Arrests per 100 domestic-abuse crimes",
            DEFINITIONS["arrests_per_100_crimes"],
            self.arrests,
            self.da_crimes,
            "arrests",
            "domestic-abuse crimes",
            rate=True,
        )

    @property
    def outcome_shares(self) -> list[Figure]:
        return [
            Figure(
                f"outcome.{key}",
                OUTCOME_LABELS[key],
                DEFINITIONS["outcomes"],
                self.outcomes[key],
                self.da_crimes,
                "crimes with this outcome",
                "domestic-abuse crimes",
            )
            for key in OUTCOMES
        ]

    @staticmethod
    def _values(figures: list[Figure]) -> dict[str, int | None]:
        return {f.key.split(".", 1)[1]: f.value for f in figures}

    @property
    def category_share_pct(self) -> dict[str, int | None]:
        return self._values(self.category_shares)

    @property
    def active_by_grade_pct(self) -> dict[str, int | None]:
        return self._values(self.active_by_grade_shares)

    @property
    def outcome_pct(self) -> dict[str, int | None]:
        return self._values(self.outcome_shares)

    def charts(self) -> list:
        """The figures people would rather look at: active cases by grade and DA crimes by outcome (each an SVG
        chart with its title, description and table, reports/profile/charts.py)."""
        from .tables import Table

        active = sum(self.active_by_grade.values())
        return [
            Table(
                "active_by_grade",
                f"Active cases on {self.snapshot:%d/%m/%Y} by risk grade",
                ["Grade", "Active cases", "% of active cases"],
                [[GRADE_LABELS[g], self.active_by_grade[g], rounded(self.active_by_grade[g], active)] for g in GRADES],
                "Bar chart of the cases active on the day, by their latest risk grade.",
                "bar",
            ),
            Table(
                "outcomes",
                "Domestic-abuse crimes of the period by outcome",
                ["Outcome", "DA crimes", "% of DA crimes"],
                [[OUTCOME_LABELS[o], self.outcomes[o], rounded(self.outcomes[o], self.da_crimes)] for o in OUTCOMES],
                "Horizontal bar chart of the period's domestic-abuse crimes by their outcome now.",
                "barh",
            ),
        ]

    def sections(self) -> list[tuple[str, str, list[Figure]]]:
        """The page's groups of figures: (heading, definition of the group or "", figures)."""
        return [
            ("Calls for assistance", "", [self.da_call_share, self.repeat_call_share]),
            ("Recorded crime", "", [self.da_crime_share, *self.category_shares]),
            (
                f"Active cases on {self.snapshot:%d/%m/%Y}: {self.active_cases}",
                DEFINITIONS["active_cases"],
                self.active_by_grade_shares,
            ),
            ("Arrests", "", [self.arrests_per_100_crimes]),
            (f"Outcomes of the {self.da_crimes} domestic-abuse crimes", DEFINITIONS["outcomes"], self.outcome_shares),
        ]
