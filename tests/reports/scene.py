"""A synthetic force-year, April 2025 to March 2026, whose every force-page figure is known by construction.

Area A (North) and area B (South) of the test force; another force alongside, whose records must never count.
Each record says in a comment what it is there to prove. The expected figures are in NORTH, SOUTH and WHOLE.
"""

from datetime import date, datetime
from itertools import count
from zoneinfo import ZoneInfo

from accounts.models import Area, Force
from accounts.roles import Role
from incidents.models import Arrest, Crime, Incident, Party
from plans.models import PlanReview, RiskManagementPlan
from reports.models import ForceTotals
from risk.models import Assessment, Review

from ..factories import make_person
from ..risk.factories import questionnaire

LONDON = ZoneInfo("Europe/London")
START, END, SNAPSHOT = date(2025, 4, 1), date(2026, 3, 31), date(2026, 3, 31)
MONTHS = [date(2025 + (m > 12), (m - 1) % 12 + 1, 1) for m in range(4, 16)]

# What the force page must print for the year, worked out by hand from the records below.
NORTH = {
    "da_incidents": 12,
    "repeat_incidents": 6,
    "calls_for_assistance": 48,
    "da_call_share_pct": 25,  # 12 / 48
    "repeat_call_share_pct": 50,  # 6 / 12
    "recorded_crimes": 64,
    "da_crimes": 8,
    "da_crime_share_pct": 13,  # 8 / 64 = 12.5, halves up
    "da_crimes_by_category": {"assault_with_intent": 1, "assault_with_injury": 2, "harassment": 2, "sexual_offence": 1},
    "crimes_by_category": {"assault_with_intent": 8, "assault_with_injury": 4, "harassment": 3, "sexual_offence": 2},
    "category_share_pct": {
        "assault_with_intent": 13,
        "assault_with_injury": 50,
        "harassment": 67,
        "sexual_offence": 50,
    },
    "active_by_grade": {"high": 1, "medium": 1, "standard": 4},
    "active_cases": 6,
    "active_by_grade_pct": {"high": 17, "medium": 17, "standard": 67},
    "arrests": 5,
    "arrests_per_100_crimes": 63,  # 500 / 8 = 62.5
    "outcomes": {"charge": 4, "caution": 1, "out_of_court_disposal": 1, "other": 2},
    "outcome_pct": {"charge": 50, "caution": 13, "out_of_court_disposal": 13, "other": 25},
}
SOUTH = {
    "da_incidents": 4,
    "repeat_incidents": 2,
    "calls_for_assistance": 96,
    "da_call_share_pct": 4,  # 4 / 96 = 4.17
    "repeat_call_share_pct": 50,
    "recorded_crimes": 72,
    "da_crimes": 2,
    "da_crime_share_pct": 3,  # 2 / 72 = 2.78
    "da_crimes_by_category": {"assault_with_intent": 1, "assault_with_injury": 0, "harassment": 0, "sexual_offence": 1},
    "crimes_by_category": {"assault_with_intent": 2, "assault_with_injury": 0, "harassment": 0, "sexual_offence": 2},
    "category_share_pct": {
        "assault_with_intent": 50,
        "assault_with_injury": None,  # 0 / 0
        "harassment": None,
        "sexual_offence": 50,
    },
    "active_by_grade": {"high": 1, "medium": 0, "standard": 0},
    "active_cases": 1,
    "active_by_grade_pct": {"high": 100, "medium": 0, "standard": 0},
    "arrests": 1,
    "arrests_per_100_crimes": 50,
    "outcomes": {"charge": 1, "caution": 1, "out_of_court_disposal": 0, "other": 0},
    "outcome_pct": {"charge": 50, "caution": 50, "out_of_court_disposal": 0, "other": 0},
}
# The whole force: no force-wide totals are entered, so each month is the sum of its two areas.
WHOLE = {
    "da_incidents": 16,
    "repeat_incidents": 8,
    "calls_for_assistance": 144,
    "da_call_share_pct": 11,  # 16 / 144 = 11.1
    "repeat_call_share_pct": 50,
    "recorded_crimes": 136,
    "da_crimes": 10,
    "da_crime_share_pct": 7,  # 10 / 136 = 7.35
    "da_crimes_by_category": {"assault_with_intent": 2, "assault_with_injury": 2, "harassment": 2, "sexual_offence": 2},
    "crimes_by_category": {"assault_with_intent": 10, "assault_with_injury": 4, "harassment": 3, "sexual_offence": 4},
    "category_share_pct": {
        "assault_with_intent": 20,
        "assault_with_injury": 50,
        "harassment": 67,
        "sexual_offence": 50,
    },
    "active_by_grade": {"high": 2, "medium": 1, "standard": 4},
    "active_cases": 7,
    "active_by_grade_pct": {"high": 29, "medium": 14, "standard": 57},  # 28.6, 14.3, 57.1
    "arrests": 6,
    "arrests_per_100_crimes": 60,
    "outcomes": {"charge": 5, "caution": 2, "out_of_court_disposal": 1, "other": 2},
    "outcome_pct": {"charge": 50, "caution": 20, "out_of_court_disposal": 10, "other": 20},
}

_numbers = count(1)


def at(year, month, day, hour=12, minute=0) -> datetime:
    """A local time in London."""
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


class ForceYear:
    """Builds the records; ``expected`` tells the figures of each scope."""

    def __init__(self, world, make_user):
        self.world = world
        self.north, self.south = world.area, world.other_area
        self.handler = make_user(Role.CALL_HANDLER, username="scene_handler")
        self.officer = make_user(Role.RESPONSE_OFFICER, username="scene_officer")
        self.sergeant = make_user(Role.SERGEANT, username="scene_sergeant")
        self.pvp = make_user(Role.PVP_OFFICER, username="scene_pvp")
        self.analyst = make_user(Role.ANALYST, username="scene_analyst")
        self.questionnaire = questionnaire()
        self.other_force = Force.objects.create(name="Other Constabulary", code="other")
        self.elsewhere = Area.objects.create(force=self.other_force, name="Elsewhere", code="elsewhere")
        # The other force has an area of the same code as ours: a code is read within one's own force.
        self.other_north = Area.objects.create(force=self.other_force, name="Other North", code=self.north.code)
        self.people = {}

    # -- builders -------------------------------------------------------------------------------------------------

    def person(self, key: str):
        if key not in self.people:
            self.people[key] = make_person(given_name=key, surname="Scene")
        return self.people[key]

    def incident(self, victim: str, when: datetime, *, area=None, da=True, closed: datetime | None = None):
        number = next(_numbers)
        incident = Incident.objects.create(
            reference=f"SC-{number:05d}",
            area=area or self.north,
            channel=Incident.Channel.EMERGENCY,
            received_at=when,
            is_domestic_abuse=da,
            location="1 Scene Street",
            relationship=Incident.Relationship.CURRENT_PARTNER,
            abuse_types=[Incident.AbuseType.PHYSICAL],
            summary="Synthetic",
            created_by=self.handler,
            status=Incident.Status.CLOSED if closed else Incident.Status.OPEN,
            signed_off_by=self.sergeant if closed else None,
            signed_off_at=closed,
        )
        Party.objects.create(incident=incident, person=self.person(victim), role=Party.Role.VICTIM, location_known="no")
        return incident

    def close(self, incident, when: datetime):
        """The supervisor signs the incident off (closes it) at ``when``."""
        Incident.objects.filter(pk=incident.pk).update(
            status=Incident.Status.CLOSED, signed_off_by=self.sergeant, signed_off_at=when
        )

    def crime(self, incident, offence, outcome, when: datetime):
        return Crime.objects.create(
            incident=incident,
            crime_number=f"SC/{next(_numbers)}",
            offence=offence,
            recorded_at=when,
            recorded_by=self.officer,
            outcome=outcome,
            outcome_reason="Evidential difficulties" if outcome == Crime.Outcome.NO_FURTHER_ACTION else "",
        )

    def arrest(self, incident, when: datetime):
        suspect = self.person(f"Suspect{next(_numbers)}")
        return Arrest.objects.create(
            incident=incident, person=suspect, arrested_at=when, offence="Assault", recorded_by=self.officer
        )

    def dash(self, incident, grade: str, submitted: datetime | None):
        victim = incident.parties.get(role=Party.Role.VICTIM).person
        return Assessment.objects.create(
            incident=incident,
            victim=victim,
            area=incident.area,
            questionnaire=self.questionnaire,
            officer=self.officer,
            status=Assessment.Status.COMPLETE if submitted else Assessment.Status.DRAFT,
            submitted_at=submitted,
            officer_grade=grade if submitted else "",
            grade=grade if submitted else "",
        )

    def review(self, assessment, stage, grade: str, when: datetime):
        before = assessment.grade
        Review.objects.create(
            assessment=assessment,
            stage=stage,
            reviewer=self.sergeant,
            reviewed_at=when,
            decision=Review.Decision.CONFIRM if grade == before else Review.Decision.REGRADE,
            grade_before=before,
            grade=grade,
            rationale="" if grade == before else "Regraded on review",
        )
        assessment.grade = grade
        assessment.save(update_fields=["grade"])

    def plan(self, assessment, grade: str, created: datetime, closed: datetime | None = None):
        return RiskManagementPlan.objects.create(
            victim=assessment.victim,
            area=assessment.area,
            assessment=assessment,
            owner=self.pvp,
            grade=grade,
            status=RiskManagementPlan.Status.CLOSED if closed else RiskManagementPlan.Status.OPEN,
            closing_reason=RiskManagementPlan.ClosingReason.RISK_REDUCED if closed else "",
            closing_note="Risk reduced" if closed else "",
            closed_at=closed,
            created_at=created,
            created_by=self.pvp,
            next_review_due=created.date(),
        )

    def plan_review(self, plan, grade: str, when: datetime):
        PlanReview.objects.create(
            plan=plan,
            reviewed_by=self.pvp,
            reviewed_at=when,
            grade_before=plan.grade,
            grade_after=grade,
            rationale="" if grade == plan.grade else "Changed on review",
            notes="Reviewed",
            next_review_due=when.date(),
        )

    def totals(self, area, month: date, *, calls, crimes, intent=0, injury=0, harassment=0, sexual=0, force=None):
        return ForceTotals.objects.create(
            force=force or self.world.force,
            area=area,
            month=month,
            calls_for_assistance=calls,
            recorded_crimes=crimes,
            assault_with_intent_crimes=intent,
            assault_with_injury_crimes=injury,
            harassment_crimes=harassment,
            sexual_offence_crimes=sexual,
            source="Force crime system, monthly return",
            entered_by=self.analyst,
        )

    # -- the year ---------------------------------------------------------------------------------------------------

    def build(self) -> "ForceYear":
        self._calls()
        self._crimes_and_arrests()
        self._cases()
        self._totals()
        return self

    def _calls(self):
        i = self.incidents = {}
        # North: 12 domestic-abuse incidents received in the year, 6 of them from a repeat victim.
        i[1] = self.incident("V1", at(2025, 4, 10))  # V1's first: not a repeat
        i[2] = self.incident("V1", at(2025, 6, 10))  # repeat (V1 in April)
        i[3] = self.incident("V1", at(2025, 12, 10))  # repeat (V1 in June)
        i[4] = self.incident("V2", at(2025, 5, 1))
        i[5] = self.incident("V2", at(2026, 3, 1))  # repeat: 304 days after V2's first
        self.incident("V3", at(2025, 3, 15))  # before the year: not counted, but makes the next a repeat
        i[6] = self.incident("V3", at(2025, 4, 20))  # repeat
        self.incident("V4", at(2024, 3, 1))  # over 365 days before the next
        i[7] = self.incident("V4", at(2025, 4, 5))  # not a repeat
        self.incident("V5", at(2024, 6, 1, 10))
        i[8] = self.incident("V5", at(2025, 6, 1, 10))  # exactly 365 days later: a repeat
        self.incident("V6", at(2025, 2, 1), area=self.south)  # in the other area of the force
        i[9] = self.incident("V6", at(2025, 7, 1))  # repeat: the victim's history is the force's
        self.incident("V7", at(2025, 7, 15), da=False)  # not domestic abuse: neither counted nor a repeat's cause
        i[10] = self.incident("V7", at(2025, 8, 1))  # not a repeat
        i[11] = self.incident("V8", at(2025, 9, 1))
        i[12] = self.incident("V9", at(2026, 3, 31, 23, 30))  # the last local evening of the year: counted
        self.incident("V8", at(2026, 4, 1, 0, 10))  # after the year
        i["before"] = self.incident("V10", at(2025, 3, 31, 23, 59))  # before the year
        i["not_da"] = self.incident("V11", at(2025, 9, 9), da=False)
        # South: 4 incidents, 2 from repeat victims.
        i["s1"] = self.incident("V12", at(2025, 5, 5), area=self.south)
        i["s2"] = self.incident("V12", at(2025, 8, 5), area=self.south)  # repeat
        self.incident("V13", at(2025, 9, 1), area=self.elsewhere)  # V13 in another force: not this force's history
        i["s3"] = self.incident("V13", at(2025, 10, 10), area=self.south)  # so not a repeat
        i["s4"] = self.incident("V1", at(2025, 11, 11), area=self.south)  # repeat: V1's North incidents count
        # Another force's incidents in the year: never counted.
        self.incident("V14", at(2025, 6, 6), area=self.elsewhere)
        self.crime(
            self.incident("V14", at(2025, 6, 7), area=self.other_north),
            Crime.Offence.SEXUAL,
            Crime.Outcome.CHARGE,
            at(2025, 6, 7),
        )

    def _crimes_and_arrests(self):
        i, Off, R = self.incidents, Crime.Offence, Crime.Outcome
        # North: 8 domestic-abuse crimes recorded in the year.
        self.crime(i[1], Off.SERIOUS_ASSAULT, R.CHARGE, at(2025, 4, 11))
        self.crime(i[2], Off.ASSAULT_WITH_INJURY, R.CHARGE, at(2025, 6, 10))
        self.crime(i[3], Off.ASSAULT_WITH_INJURY, R.CAUTION, at(2025, 12, 11))
        self.crime(i[5], Off.HARASSMENT, R.OUT_OF_COURT, at(2026, 3, 2))
        self.crime(i[6], Off.SEXUAL, R.NO_FURTHER_ACTION, at(2025, 4, 21))
        self.crime(i[8], Off.COERCIVE_CONTROL, R.PENDING, at(2025, 6, 2))
        self.crime(i[9], Off.CRIMINAL_DAMAGE, R.CHARGE, at(2025, 7, 1))
        self.crime(i[11], Off.HARASSMENT, R.CHARGE, at(2025, 9, 2))
        self.crime(i[12], Off.HARASSMENT, R.CHARGE, at(2026, 4, 2))  # recorded after the year
        self.crime(i["before"], Off.SERIOUS_ASSAULT, R.CHARGE, at(2025, 3, 31, 23, 59))  # before the year
        self.crime(i["not_da"], Off.SERIOUS_ASSAULT, R.CHARGE, at(2025, 9, 9))  # not domestic abuse
        # South: 2.
        self.crime(i["s1"], Off.SERIOUS_ASSAULT, R.CHARGE, at(2025, 5, 6))
        self.crime(i["s3"], Off.SEXUAL, R.CAUTION, at(2025, 10, 11))
        # Arrests: 5 in North in the year, 1 in South.
        for incident, when in [(i[1], at(2025, 4, 10)), (i[2], at(2025, 6, 10)), (i[2], at(2025, 6, 11))]:
            self.arrest(incident, when)
        self.arrest(i[5], at(2026, 3, 1))
        self.arrest(i[9], at(2025, 7, 1))
        self.arrest(i[12], at(2026, 4, 1, 1))  # after the year
        self.arrest(i["not_da"], at(2025, 9, 9))  # not domestic abuse
        self.arrest(i["s1"], at(2025, 5, 5))

    def _cases(self):
        i, S = self.incidents, Review.Stage
        # Active at the end of 31 March 2026 in North: standard 4, medium 1, high 1.
        self.dash(i[11], "standard", at(2025, 9, 1))  # its incident is still open: active, standard
        self.dash(i[12], "high", at(2026, 4, 1, 0, 30))  # submitted after the day: not yet a case
        a3 = self.dash(i[9], "medium", at(2025, 7, 1))
        self.review(a3, S.SERGEANT, "high", at(2025, 7, 2))  # regraded high
        plan3 = self.plan(a3, "high", at(2025, 7, 3))  # its plan is open, though the incident closed
        self.close(i[9], at(2025, 7, 10))
        self.plan_review(plan3, "standard", at(2026, 4, 5))  # after the day: still high on it
        a4 = self.dash(i[8], "high", at(2025, 6, 1, 11))
        self.review(a4, S.SERGEANT, "high", at(2025, 6, 2))
        plan4 = self.plan(a4, "high", at(2025, 6, 3))
        self.plan_review(plan4, "medium", at(2025, 12, 1))  # the plan's review is the latest grade: medium
        self.close(i[8], at(2025, 6, 20))
        a5 = self.dash(i[6], "medium", at(2025, 4, 20, 13))
        self.close(i[6], at(2025, 5, 1))
        assert a5  # closed with its incident, no plan: not active
        a6 = self.dash(i[5], "standard", at(2026, 3, 1, 13))
        self.close(i[5], at(2026, 4, 2))  # after the day
        self.review(a6, S.DIP_SAMPLE, "medium", at(2026, 4, 1, 9))  # after the day: standard on it
        a7 = self.dash(i[3], "high", at(2025, 12, 10, 13))
        self.plan(a7, "high", at(2025, 12, 11), closed=at(2026, 2, 1))  # plan closed, incident closed: not active
        self.close(i[3], at(2025, 12, 20))
        a8 = self.dash(i[2], "medium", at(2025, 6, 10, 13))
        self.review(a8, S.SERGEANT, "standard", at(2025, 6, 11))  # regraded standard
        self.dash(i[4], "standard", at(2025, 5, 1, 13))  # open incident: active, standard
        self.dash(i[1], "", None)  # a draft: no case
        self.dash(i["not_da"], "high", at(2025, 9, 9, 13))  # not domestic abuse
        # South: one high case.
        self.dash(i["s2"], "high", at(2026, 1, 1))

    def _totals(self):
        for month in MONTHS:
            april = month.month == 4
            north_categories = {"intent": 8, "injury": 4, "harassment": 3, "sexual": 2} if april else {}
            self.totals(self.north, month, calls=4, crimes=20 if april else 4, **north_categories)
            self.totals(self.south, month, calls=8, crimes=6, **({"intent": 2, "sexual": 2} if april else {}))
            # The other force's totals of the same months: never added to this force's.
            self.totals(self.elsewhere, month, calls=1000, crimes=1000, force=self.other_force)
            self.totals(self.other_north, month, calls=1000, crimes=1000, force=self.other_force)
