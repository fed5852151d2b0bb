"""A synthetic force-year for the problem profile (April 2025 to March 2026, North), every figure known by
construction; the harm weights are the test file tests/reports/harm_index_test.csv, not the shipped ones.

North's seven domestic-abuse incidents of the year (local times; weekday in brackets):

  i1 V1-S1 2025-04-07 22:30 (Mon) 1 High Street AB1 2CD  serious assault, charged (100)  arrest  children yes
  i2 V1-S1 2025-06-10 22:10 (Tue) " 1  high street" ab12cd assault with injury, pending (20)    children no
  i3 V2-S1 2025-07-15 09:00 (Tue) 2 Low Road AB1 2EF     harassment, NFA (5)   former partner
  i4 V3-S2 2025-12-20 14:00 (Sat) 3 Mill Lane CD3 4GH    no crime
  i5 V3+V4-S2 2026-01-05 20:00 (Mon) 3 Mill Lane CD3 4GH sexual, caution (50)  arrest
  i6 V5-S3 2026-03-31 23:30 (Tue) 4 Park Ave (no postcode) criminal damage, charged (1)  emotional abuse
  i7 V5    2025-08-01 12:00 (Fri) 5 Elm Close ZZ9 9ZZ     no crime, no suspect   family: sibling

Besides: an incident of V1 and S1 the minute before the year, a South one in the year, a non-DA one at
1 High Street, and another force's.
"""

from datetime import date
from pathlib import Path

from incidents.models import Arrest, Checklist, Crime, Incident, Party
from people.models import Marker, Person

from ..factories import make_person
from .scene import ForceYear, _numbers, at

HARM_FILE = Path(__file__).resolve().parent / "harm_index_test.csv"
START, END = date(2025, 4, 1), date(2026, 3, 31)
PERIOD = {"start": f"{START:%Y-%m-%d}", "end": f"{END:%Y-%m-%d}"}

MEASURES = {
    "incidents": (7, None),
    "victims": (5, None),
    "repeat_victim_pct": (3, 5),  # V1, V3, V5
    "vulnerable_victim_pct": (1, 5),  # V1 (V3's marker is inactive, V2's a warning)
    "children_present_pct": (1, 7),
    "children_absent_pct": (1, 7),
    "perpetrators": (3, None),
    "serial_perpetrator_pct": (1, 3),  # S1: V1 and V2 never together at his incidents; S2 has V3 and V4 together at i5
    "pairs": (5, None),
    "harm": (176, None),  # 100 + 20 + 5 + 50 + 1
    "pairs_harm": (226, None),  # i5's 50 counts for (V3,S2) and (V4,S2)
    "pairs_holding_80_pct": (3, 5),  # 120, 50, 50: 220 of 226 once 170 < 180.8
    "addresses": (5, None),
    "repeat_address_pct": (2, 5),
    "repeat_address_incident_pct": (4, 7),
    "top1_address_incident_pct": (2, 7),
    "top5_address_incident_pct": (2, 7),
    "assessments": (2, None),
    "crime_pct": (5, 7),
    "arrest_pct": (2, 7),
    "charge_pct": (2, 7),
    "outcome_pct": (4, 7),
}
PCT = {
    "repeat_victim_pct": 60,
    "vulnerable_victim_pct": 20,
    "children_present_pct": 14,
    "serial_perpetrator_pct": 33,
    "pairs_holding_80_pct": 60,
    "repeat_address_pct": 40,
    "repeat_address_incident_pct": 57,
    "top1_address_incident_pct": 29,
    "crime_pct": 71,
    "arrest_pct": 29,
    "outcome_pct": 57,
}
AGE = {"16 to 17": 1, "25 to 34": 1, "35 to 44": 1, "65 and over": 1, "Not known": 1}
SEX = {"Female": 3, "Male": 1, "Other": 0, "Not known": 1}
MARKERS = [["Mental health", 1, 20], ["Physical or mobility", 1, 20]]
# Rank, who, serial, incidents, latest, gravity, victims, R, F, G, V, score.
RANKING = [
    [1, "S1", "yes", 3, "2025-07-15", 125, 2, 2, 5, 5, 5, 17],
    [2, "S2", "no", 2, "2026-01-05", 50, 2, 4, 4, 4, 5, 17],
    [3, "S3", "no", 1, "2026-03-31", 1, 1, 5, 2, 2, 2, 11],
]
PAIRS = [[1, "V1", "S1", 2, 120, 53], [2, "V3", "S2", 2, 50, 22], [3, "V4", "S2", 1, 50, 22]]
REPEAT_ADDRESSES = [["1 HIGH STREET", "AB12CD", 2], ["Withheld (a confidential address)", "", 2]]
SECTORS = [["AB1 2", 3, 1], ["CD3 4", 2, 1], ["No full postcode", 1, 0], ["ZZ9 9", 1, 0]]
HOURS = {("Monday", 22): 1, ("Monday", 20): 1, ("Tuesday", 22): 1, ("Tuesday", 9): 1, ("Tuesday", 23): 1}
HOURS |= {("Friday", 12): 1, ("Saturday", 14): 1}
MONTHS = {"2025-04": 1, "2025-06": 1, "2025-07": 1, "2025-08": 1, "2025-12": 1, "2026-01": 1, "2026-03": 1}
SEASONS = [["Winter", 2, 29], ["Spring", 2, 29], ["Summer", 3, 43], ["Autumn", 0, 0]]
TREND = MONTHS | {"2025-03": 1}  # the incident the minute before the year is in the 24 months
ABUSE = {"Physical": 6, "Controlling or coercive behaviour": 1, "Emotional": 1}
RELATIONSHIPS = [["Current partner", 5, 71], ["Former partner", 1, 14], ["Family member: Sibling", 1, 14]]
GRADES = {"2025-04": [0, 0, 1], "2025-12": [0, 1, 0]}  # standard, medium, high
ATTRITION = [
    ["Incidents", 7, 100],
    ["With a crime recorded", 5, 71],
    ["With an arrest", 2, 29],
    ["With a charge or summons", 2, 29],
    ["With an outcome", 4, 57],
]


class ProfileYear(ForceYear):
    def person(self, key, **fields):
        if key not in self.people:
            self.people[key] = make_person(given_name=key, surname="Profile", force=self.world.force, **fields)
        return self.people[key]

    def call(self, victims, suspect, when, location, postcode, *, area=None, da=True, children=None, **fields):
        incident = Incident.objects.create(
            reference=f"PP-{next(_numbers):05d}",
            area=area or self.north,
            channel=Incident.Channel.EMERGENCY,
            received_at=when,
            is_domestic_abuse=da,
            location=location,
            location_postcode=postcode,
            relationship=fields.pop("relationship", Incident.Relationship.CURRENT_PARTNER),
            abuse_types=fields.pop("abuse_types", [Incident.AbuseType.PHYSICAL]),
            summary="Synthetic",
            created_by=self.handler,
            **fields,
        )
        for victim in victims:
            Party.objects.create(incident=incident, person=self.person(victim), role="victim", location_known="no")
        if suspect:
            Party.objects.create(incident=incident, person=self.person(suspect), role="suspect", location_known="no")
        if children:
            Checklist.objects.create(
                incident=incident,
                injuries="no",
                medical_help="no",
                weapons="no",
                children_present=children,
                children_safe="yes" if children == "yes" else "",
                victim_safe_now="yes",
            )
        return incident

    def build(self) -> "ProfileYear":
        Off, R = Crime.Offence, Crime.Outcome
        self.person("V1", date_of_birth=date(1990, 1, 1), gender="female")
        self.person("V2", date_of_birth=date(2008, 1, 1), gender="female")
        self.person("V3", gender="male")
        Person.objects.filter(pk=self.people["V3"].pk).update(estimated_age=70, age_estimated_on=date(2025, 1, 1))
        self.person("V4")
        self.person("V5", date_of_birth=date(2000, 6, 1), gender="female")
        Marker.objects.create(person=self.people["V1"], kind="vulnerability", code="mental_health")
        Marker.objects.create(person=self.people["V1"], kind="disability", code="physical")
        Marker.objects.create(person=self.people["V3"], kind="vulnerability", code="substance_misuse", active=False)
        Marker.objects.create(person=self.people["V2"], kind="warning", code="violent")
        # V3's refuge shares 3 Mill Lane's postcode: that address is withheld from the list.
        self.people["V3"].addresses.create(
            line_1="A refuge", postcode="CD3 4GH", confidential=True, confidential_reason="Refuge"
        )
        i = self.incidents = {}
        phys_cc = [Incident.AbuseType.PHYSICAL, Incident.AbuseType.COERCIVE_CONTROL]
        i[1] = self.call(["V1"], "S1", at(2025, 4, 7, 22, 30), "1 High Street", "AB1 2CD", children="yes",
                         abuse_types=phys_cc)  # fmt: skip
        i[2] = self.call(["V1"], "S1", at(2025, 6, 10, 22, 10), " 1  high street ", "ab12cd", children="no")
        i[3] = self.call(["V2"], "S1", at(2025, 7, 15, 9), "2 Low Road", "AB1 2EF", relationship="former_partner")
        i[4] = self.call(["V3"], "S2", at(2025, 12, 20, 14), "3 Mill Lane", "CD3 4GH")
        i[5] = self.call(["V3", "V4"], "S2", at(2026, 1, 5, 20), "3 Mill Lane", "CD3 4GH")
        i[6] = self.call(["V5"], "S3", at(2026, 3, 31, 23, 30), "4 Park Ave", "", abuse_types=["emotional"])
        i[7] = self.call(["V5"], None, at(2025, 8, 1, 12), "5 Elm Close", "ZZ9 9ZZ", relationship="family",
                         family_relation="sibling")  # fmt: skip
        self.crime(i[1], Off.SERIOUS_ASSAULT, R.CHARGE, at(2025, 4, 8))
        self.crime(i[2], Off.ASSAULT_WITH_INJURY, R.PENDING, at(2025, 6, 11))
        self.crime(i[3], Off.HARASSMENT, R.NO_FURTHER_ACTION, at(2025, 7, 16))
        self.crime(i[5], Off.SEXUAL, R.CAUTION, at(2026, 1, 6))
        self.crime(i[6], Off.CRIMINAL_DAMAGE, R.CHARGE, at(2026, 4, 1))
        for incident in (i[1], i[5]):
            Arrest.objects.create(
                incident=incident,
                person=incident.parties.get(role="suspect").person,
                arrested_at=incident.received_at,
                offence="Assault",
                recorded_by=self.officer,
            )
        self.dash(i[1], "high", at(2025, 4, 8))
        self.dash(i[4], "medium", at(2025, 12, 20, 15))
        self.dash(i[6], "standard", at(2026, 4, 1, 9))  # submitted after the year
        # Outside North's year: before it, in South, not domestic abuse, another force's.
        before = self.call(["V1"], "S1", at(2025, 3, 31, 23, 59), "1 High Street", "AB1 2CD")
        self.crime(before, Off.SERIOUS_ASSAULT, R.CHARGE, at(2025, 3, 31, 23, 59))
        south = self.call(["V1"], "S1", at(2025, 9, 1), "9 South Street", "EF5 6GH", area=self.south)
        self.crime(south, Off.SERIOUS_ASSAULT, R.CHARGE, at(2025, 9, 2))
        self.call(["V2"], "S3", at(2025, 9, 3), "1 High Street", "AB1 2CD", da=False)
        self.call(["X1"], "X2", at(2025, 9, 4), "1 High Street", "AB1 2CD", area=self.other_north)
        return self
