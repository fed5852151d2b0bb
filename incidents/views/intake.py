"""Call intake: the form a call handler fills while the caller is on the line."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from core.access import require_perm
from people.chosen import SEARCH_FIELDS, chosen_person

from ..forms import ChecklistForm, IncidentForm, PartyFormSet
from ..models import Answer, Party
from ..services import IncidentInput, incident_create

# A new intake form starts with a victim and a suspect; more parties can be added.
INITIAL_PARTIES = [
    {"role": Party.Role.VICTIM, "location_known": Answer.YES},
    {"role": Party.Role.SUSPECT},
]


def _apply_errors(exc: ValidationError, forms: dict) -> None:
    """Put a service's errors beside the fields they belong to, or at the top of the form."""
    if not hasattr(exc, "error_dict"):
        forms["incident"].add_error(None, exc.messages)
        return
    for field, errors in exc.error_dict.items():
        for form in (forms["incident"], forms["checklist"]):
            if field in form.fields:
                form.add_error(field, errors)
                break
        else:
            forms["incident"].add_error(None, errors)


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    """Log a new incident: the call, the parties (matched as they are typed), the checklist."""
    require_perm(request.user, "incidents.add_incident")
    data = request.POST if request.method == "POST" else None
    forms = {
        "incident": IncidentForm(data, user=request.user, prefix="incident"),
        "checklist": ChecklistForm(data, prefix="checklist"),
        "parties": PartyFormSet(
            data, prefix="party", initial=None if data else INITIAL_PARTIES, form_kwargs={"user": request.user}
        ),
    }
    # Every form is validated, not only up to the first with an error, so that all errors show at once.
    valid = data is not None and all([f.is_valid() for f in forms.values()])
    if valid:
        d = forms["incident"].cleaned_data
        incident_input = IncidentInput(
            area_id=d["area"].pk,
            channel=d["channel"],
            received_at=d["received_at"],
            location=d["location"],
            location_postcode=d.get("location_postcode", ""),
            children_location=d.get("children_location", ""),
            relationship=d["relationship"],
            family_relation=d.get("family_relation", ""),
            abuse_types=d.get("abuse_types", []),
            summary=d["summary"],
            is_domestic_abuse=d.get("is_domestic_abuse", True),
            checklist=forms["checklist"].cleaned_data,
            parties=[f.to_input() for f in forms["parties"].filled_forms()],
        )
        try:
            incident = incident_create(data=incident_input, user=request.user, submission_key=d["submission_key"])
        except ValidationError as exc:
            _apply_errors(exc, forms)
        else:
            messages.success(request, f"Incident {incident.reference} logged.")
            return redirect(incident)
    if request.method == "POST":
        _show_chosen(request, forms["parties"])
    status = 400 if request.method == "POST" else 200
    return render(request, "incidents/create.html", {"forms": forms}, status=status)


def _show_chosen(request: HttpRequest, parties) -> None:
    """Shown again after an error, each person chosen from the index reads as it did when picked (name, band,
    reasons, history), from the same function as the live pick."""
    for form in parties:
        person = getattr(form, "cleaned_data", {}).get("person_obj")
        if person is None or person.merged_into_id or form.has_error("surname"):
            continue
        typed = {name: form[name].value() for name in SEARCH_FIELDS}
        form.chosen = chosen_person(user=request.user, person=person, typed=typed)
