"""The Victims' Code: the updates owed after each event of a case, and the contacts that give them.

The rules, each once:

- An arrest, a charge, bail, a release and the outcome each owe every victim of the incident an update, once per
  event and victim (the constraint), due by the end of the event's local date plus the Code's working days:
  1 for a victim with enhanced rights (a victim of a domestic-abuse incident), 5 otherwise
  (safeguarding/data/victims_code.json), counted on the England-and-Wales calendar (safeguarding/calendar.py).
- The update is given by a contact that reached the victim, naming the updates it gave; an attempt that did not
  reach them is logged and gives nothing.
- Who owes it: the victim's case owner (case_selectors.case_owner).
"""

from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.reach import reach
from incidents.models import Arrest, Crime, Incident, Party
from people.models import Person

from ..calendar import add_working_days
from ..case_selectors import case_owner
from ..disclosure_rules import VictimsCodeRules, victims_code_rules
from ..models.victims_code import VictimContact, VictimUpdate

CONTACT = "safeguarding.add_victimcontact"
MAX_UPDATES_PER_CONTACT = 50


def update_due_on(*, event_at: datetime, enhanced: bool, rules: VictimsCodeRules | None = None) -> date:
    """The last day the update may be given: the event's local date plus the Code's working days."""
    rules = rules or victims_code_rules()
    return add_working_days(timezone.localdate(event_at), rules.working_days(enhanced=enhanced))


def has_enhanced_rights(*, incident: Incident) -> bool:
    """Domestic-abuse victims have enhanced rights under the Code."""
    return bool(incident.is_domestic_abuse)


@transaction.atomic(savepoint=False)
def victim_updates_owe(
    *,
    incident: Incident,
    event: str,
    source: str,
    event_at: datetime,
    description: str,
    fallback: User,
    except_person_id: int | None = None,
) -> list[VictimUpdate]:
    """The updates an event owes each victim of the incident (none twice: a second call for one event adds none)."""
    rules = victims_code_rules()
    enhanced = has_enhanced_rights(incident=incident)
    made = []
    victims = Party.objects.filter(incident=incident, role=Party.Role.VICTIM).select_related("person")
    if except_person_id is not None:
        victims = victims.exclude(person_id=except_person_id)
    for party in victims.order_by("pk"):
        update, created = VictimUpdate.objects.get_or_create(
            victim=party.person,
            source=source,
            defaults={
                "incident": incident,
                "event": event,
                "event_at": event_at,
                "description": description[:300],
                "enhanced": enhanced,
                "rules_version": rules.version,
                "working_days": rules.working_days(enhanced=enhanced),
                "due_on": update_due_on(event_at=event_at, enhanced=enhanced, rules=rules),
                "responsible": case_owner(incident=incident, victim=party.person, fallback=fallback),
            },
        )
        if created:
            made.append(update)
    return made


@transaction.atomic
def victim_contact_record(
    *,
    user: User,
    incident: Incident,
    victim: Person,
    method: str,
    reached: bool,
    what_was_said: str,
    contacted_at: datetime | None = None,
    updates: list[int] | tuple = (),
) -> VictimContact:
    """Log a contact with the victim; when it reached them, it gives the open updates it names."""
    found = reach(user, CONTACT)
    if found is None or not found.covers(incident.area_id):
        raise ValidationError({"incident": "No such incident in your areas."})
    if not Party.objects.filter(incident=incident, person=victim, role=Party.Role.VICTIM).exists():
        raise ValidationError({"victim": "The person must be a victim on the incident."})
    contacted_at = contacted_at or timezone.now()
    if contacted_at > timezone.now() + timedelta(minutes=5):
        raise ValidationError({"contacted_at": "This cannot be in the future."})
    if contacted_at.year < 1900:
        raise ValidationError({"contacted_at": "Give a real date."})
    ids = sorted(set(updates))
    if len(ids) > MAX_UPDATES_PER_CONTACT:
        raise ValidationError({"updates": f"At most {MAX_UPDATES_PER_CONTACT} updates."})
    owed = list(VictimUpdate.objects.select_for_update().filter(pk__in=ids, incident=incident, victim=victim))
    if len(owed) != len(ids):
        raise ValidationError({"updates": "Name only updates owed to this victim on this incident."})
    if ids and not reached:
        raise ValidationError({"updates": "A contact that did not reach the victim gives no update."})
    if any(u.given_at is not None for u in owed):
        raise ValidationError({"updates": "One of these updates has already been given."})
    if any(contacted_at < u.event_at for u in owed):
        raise ValidationError({"contacted_at": "An update cannot be given before its event."})
    contact = VictimContact(
        incident=incident,
        victim=victim,
        contacted_at=contacted_at,
        contacted_by=user,
        method=method,
        reached=bool(reached),
        what_was_said=what_was_said.strip(),
    )
    contact.full_clean(exclude=["incident", "victim", "contacted_by"])
    contact.save()
    for u in owed:
        u.given_at, u.contact = contacted_at, contact
        u.save(update_fields=["given_at", "contact"])
    return contact


# The events incidents records itself (incidents/signals.py): an arrest, and a crime's charge or outcome.


def on_arrest_recorded(*, sender: Any, arrest: Arrest, user: User, **kwargs: Any) -> None:
    victim_updates_owe(
        incident=arrest.incident,
        event=VictimUpdate.Event.ARREST,
        source=f"arrest:{arrest.pk}",
        event_at=arrest.arrested_at,
        description=f"Arrest of {arrest.person.full_name} for {arrest.offence}",
        fallback=user,
        except_person_id=arrest.person_id,
    )


def on_crime_outcome_recorded(*, sender: Any, crime: Crime, user: User, **kwargs: Any) -> None:
    if crime.outcome == crime.Outcome.PENDING:
        return
    charged = crime.outcome == crime.Outcome.CHARGE
    victim_updates_owe(
        incident=crime.incident,
        event=VictimUpdate.Event.CHARGE if charged else VictimUpdate.Event.OUTCOME,
        source=f"crime:{crime.pk}:{crime.outcome}",
        event_at=crime.outcome_at or timezone.now(),
        description=f"Crime {crime.crime_number}: {crime.get_outcome_display().lower()}",
        fallback=user,
    )


def connect_receivers() -> None:
    """Called from the app's ready(): the Victims' Code hears of arrests and outcomes as incidents records them."""
    from incidents.signals import arrest_recorded, crime_outcome_recorded

    arrest_recorded.connect(on_arrest_recorded, dispatch_uid="safeguarding_vc_arrest")
    crime_outcome_recorded.connect(on_crime_outcome_recorded, dispatch_uid="safeguarding_vc_outcome")
