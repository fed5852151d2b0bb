"""The MARAC agenda: every case with what the meeting needs, as a PDF made by WeasyPrint.

The police version and the partner version differ only in what partners may not see: police-only
detail (the judgement rationale written for police, the information-sharing notes) is left out of
the partner version. Addresses never appear on an agenda.
"""

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone

from incidents.models import Party
from incidents.safety import warnings_for
from risk.models import AssessmentChild

from .models import AGENDA_ORDER, CRITERION_SHORT, Criterion, MaracAction, MaracMeeting, MaracReferral

STYLESHEET = Path(__file__).resolve().parent / "agenda.css"
CONFIDENTIALITY = (
    "This agenda is confidential. It is shared only with the agencies attending this MARAC, for the purpose of "
    "keeping the people named in it safe. Do not copy or forward it; return or destroy it after the meeting."
)


@dataclass
class AgendaCase:
    """One case as the agenda prints it; the partner version leaves the birth dates empty."""

    number: int
    starts: datetime
    ends: datetime
    victim: str
    victim_born: str
    perpetrators: list[str]
    perpetrators_born: list[str]
    children: int
    risk: str
    referring_agency: str
    criteria: list[str]
    repeat: bool
    open_actions: list[MaracAction] = field(default_factory=list)
    police_note: str = ""
    # Police version only: each named person's warning markers and flags, one line a person.
    warnings: list[str] = field(default_factory=list)

    @property
    def perpetrator_lines(self) -> list[str]:
        """Each perpetrator's name, with their date of birth on the police version."""
        if not self.perpetrators_born:
            return self.perpetrators
        return [f"{name} ({when})" for name, when in zip(self.perpetrators, self.perpetrators_born, strict=True)]


def born(person) -> str:
    """How the agenda tells two people of one name apart: date of birth, or the estimated age."""
    if person.date_of_birth:
        return f"born {person.date_of_birth:%d/%m/%Y}"
    if person.estimated_age is not None:
        return f"aged about {person.estimated_age}"
    return "date of birth not known"


def children_counts(referrals: list[MaracReferral]) -> dict[int, int]:
    """Children known for each case: those on the referral's DASH and the children in the victim's incidents.

    A child on both is counted once (by their index record); a DASH child not in the index counts by name.
    Three queries whatever the number of cases.
    """
    known: dict[int, set] = {r.pk: set() for r in referrals}
    by_assessment = {r.assessment_id: r.pk for r in referrals if r.assessment_id}
    for assessment_id, person_id, name in AssessmentChild.objects.filter(assessment_id__in=by_assessment).values_list(
        "assessment_id", "person_id", "name"
    ):
        known[by_assessment[assessment_id]].add(("person", person_id) if person_id else ("name", name.casefold()))
    by_victim: dict[int, list[int]] = {}
    for r in referrals:
        by_victim.setdefault(r.victim_id, []).append(r.pk)
    incidents: dict[int, set[int]] = {}
    victim_parties = Party.objects.filter(person_id__in=by_victim, role=Party.Role.VICTIM)
    for incident_id, victim_id in victim_parties.values_list("incident_id", "person_id"):
        incidents.setdefault(incident_id, set()).add(victim_id)
    child_parties = Party.objects.filter(incident_id__in=incidents, role=Party.Role.CHILD)
    for incident_id, child_id in child_parties.values_list("incident_id", "person_id"):
        for victim_id in incidents[incident_id]:
            for referral_id in by_victim[victim_id]:
                known[referral_id].add(("person", child_id))
    return {pk: len(children) for pk, children in known.items()}


def case_warnings(referrals: list[MaracReferral], *, force) -> dict[int, list[str]]:
    """Per case, a line for each victim or perpetrator with warning markers or flags; four queries in all.

    The referrals' perpetrators must be prefetched.
    """
    people = [(r.victim, "victim") for r in referrals]
    people += [(p, "perpetrator") for r in referrals for p in r.perpetrators.all()]
    found = warnings_for(people, force=force)
    lines: dict[int, list[str]] = {}
    for r in referrals:
        for person in [r.victim, *r.perpetrators.all()]:
            w = found[person.pk]
            if w:
                lines.setdefault(r.pk, []).append(f"{person.full_name} ({w.role_label}): {'; '.join(w.lines)}")
    return lines


def agenda_cases(meeting: MaracMeeting, *, partner: bool) -> list[AgendaCase]:
    """The meeting's cases in agenda order with their time slots, in a fixed number of queries whatever their number."""
    referrals = list(
        MaracReferral.objects.filter(meeting=meeting)
        .select_related("victim", "referring_agency", "assessment")
        .prefetch_related("perpetrators")
        .order_by(*AGENDA_ORDER)
    )
    victim_ids = [r.victim_id for r in referrals]
    open_actions = {}
    carried = MaracAction.objects.filter(
        referral__victim_id__in=victim_ids, status=MaracAction.Status.OPEN, meeting__starts_at__lt=meeting.starts_at
    )
    if partner:
        # The partner version carries only the actions of agencies at this table: those are the ones it chases.
        carried = carried.filter(owner_agency__in=meeting.agencies.all())
    for action in carried.select_related("owner_agency", "referral"):
        open_actions.setdefault(action.referral.victim_id, []).append(action)
    children = children_counts(referrals)
    warnings = {} if partner else case_warnings(referrals, force=meeting.area.force)
    labels = CRITERION_SHORT
    cases = []
    for number, r in enumerate(referrals, start=1):
        grade = r.assessment.get_grade_display() if r.assessment and r.assessment.grade else "Not assessed"
        starts, ends = meeting.slot(number)
        cases.append(
            AgendaCase(
                number=number,
                starts=starts,
                ends=ends,
                victim=r.victim.full_name,
                # Partners never see dates of birth; the police version needs them to tell two SMITHs apart.
                victim_born="" if partner else born(r.victim),
                perpetrators=[p.full_name for p in r.perpetrators.all()],
                perpetrators_born=[] if partner else [born(p) for p in r.perpetrators.all()],
                children=children[r.pk],
                risk=grade,
                referring_agency=str(r.referring_agency),
                criteria=[labels.get(c, c) for c in r.criteria],
                repeat=Criterion.REPEAT in r.criteria,
                open_actions=open_actions.get(r.victim_id, []),
                police_note="" if partner else r.judgement_rationale,
                warnings=warnings.get(r.pk, []),
            )
        )
    return cases


def agenda_pdf(meeting: MaracMeeting, *, partner: bool) -> bytes:
    """The agenda as an A4 PDF marked OFFICIAL-SENSITIVE, with the confidentiality statement and page X of Y."""
    import weasyprint

    html = render_to_string(
        "marac/agenda.html",
        {
            "meeting": meeting,
            "cases": agenda_cases(meeting, partner=partner),
            "partner": partner,
            "confidentiality": CONFIDENTIALITY,
            "printed_at": timezone.localtime(),
            "today": timezone.localdate(),
        },
    )
    # Tagged PDF: screen readers follow the headings and the table's structure.
    return weasyprint.HTML(string=html).write_pdf(
        stylesheets=[weasyprint.CSS(filename=str(STYLESHEET))], pdf_tags=True, custom_metadata=True
    )


def partner_version(user, requested: str = "") -> bool:
    """Partners always get the partner version; police get the police version unless they ask for the other."""
    return user.is_partner or requested == "partner"


def agenda_persons(meeting: MaracMeeting) -> list[int]:
    """Everyone named on the agenda (victims and perpetrators), for the audit of a download."""
    referrals = MaracReferral.objects.filter(meeting=meeting)
    victims = list(referrals.values_list("victim_id", flat=True))
    perpetrators = list(
        MaracReferral.perpetrators.through.objects.filter(maracreferral__meeting=meeting).values_list(
            "person_id", flat=True
        )
    )
    return victims + perpetrators


def agenda_download_record(meeting: MaracMeeting, *, user, partner: bool, request, channel: str = "") -> None:
    """Log the download with who took it and everyone the agenda names."""
    from audit.models import AccessLog
    from audit.services import access_record

    access_record(
        user=user,
        obj=meeting,
        persons=agenda_persons(meeting),
        action=AccessLog.Action.DOWNLOAD,
        reason=f"{channel}MARAC agenda ({'partner' if partner else 'police'} version)",
        request=request,
    )


def agenda_pdf_response(meeting: MaracMeeting, *, partner: bool):
    """The PDF as an attachment named by area and date, never cached."""
    from django.http import HttpResponse

    name = f"marac-agenda-{meeting.area.code}-{timezone.localtime(meeting.starts_at):%Y-%m-%d}"
    return HttpResponse(
        agenda_pdf(meeting, partner=partner),
        content_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{name}{"-partner" if partner else ""}.pdf"',
            "Cache-Control": "no-store",
        },
    )
