"""The MARAC agenda: every case with what the meeting needs, as a PDF made by WeasyPrint.

The police version and the partner version differ only in what partners may not see: police-only
detail (the judgement rationale written for police, the information-sharing notes) is left out of
the partner version. Addresses never appear on an agenda.
"""

from dataclasses import dataclass, field
from pathlib import Path

from django.db.models import Count
from django.template.loader import render_to_string
from django.utils import timezone

from .models import Criterion, MaracAction, MaracMeeting, MaracReferral

STYLESHEET = Path(__file__).resolve().parent / "agenda.css"
CONFIDENTIALITY = (
    "This agenda is confidential. It is shared only with the agencies attending this MARAC, for the purpose of "
    "keeping the people named in it safe. Do not copy or forward it; return or destroy it after the meeting."
)


@dataclass
class AgendaCase:
    number: int
    victim: str
    perpetrators: list[str]
    children: int
    risk: str
    referring_agency: str
    criteria: list[str]
    repeat: bool
    open_actions: list[MaracAction] = field(default_factory=list)
    police_note: str = ""


def agenda_cases(meeting: MaracMeeting, *, partner: bool) -> list[AgendaCase]:
    """The meeting's cases in referral order, in a fixed number of queries whatever their number."""
    referrals = list(
        MaracReferral.objects.filter(meeting=meeting)
        .select_related("victim", "referring_agency", "assessment")
        .prefetch_related("perpetrators")
        .annotate(children=Count("assessment__children", distinct=True))
        .order_by("referred_at", "pk")
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
    labels = dict(Criterion.choices)
    cases = []
    for number, r in enumerate(referrals, start=1):
        grade = r.assessment.get_grade_display() if r.assessment and r.assessment.grade else "Not assessed"
        cases.append(
            AgendaCase(
                number=number,
                victim=r.victim.full_name,
                perpetrators=[p.full_name for p in r.perpetrators.all()],
                children=r.children,
                risk=grade,
                referring_agency=str(r.referring_agency),
                criteria=[labels.get(c, c) for c in r.criteria],
                repeat=Criterion.REPEAT in r.criteria,
                open_actions=open_actions.get(r.victim_id, []),
                police_note="" if partner else r.judgement_rationale,
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
