"""Demo force, areas, agencies and a user for every role (make run)."""

from django.contrib.auth.hashers import make_password
from django.db import transaction

from .models import Agency, Area, Force, User
from .roles import Role
from .services import user_create

DEMO_PASSWORD = "demo-dacase-2026"  # noqa: S105 - demo only; production has no demo data

AREAS = [
    ("herefordshire", "Herefordshire", 83_000),
    ("shropshire", "Shropshire", 139_000),
    ("telford", "Telford and Wrekin", 72_000),
    ("worcestershire", "Worcestershire", 255_000),
]

PARTNERS = [
    ("Safer Futures IDVA Service", Agency.Kind.IDVA),
    ("County Children's Services", Agency.Kind.CHILDRENS_SERVICES),
    ("Probation Service (Mercia)", Agency.Kind.PROBATION),
    ("Housing Options", Agency.Kind.HOUSING),
    ("Hospital Trust Safeguarding", Agency.Kind.HEALTH),
]

# username, first, last, roles, areas (codes; "*" for all), agency name (None: the force)
USERS = [
    ("handler", "Casey", "Hall", [Role.CALL_HANDLER], ["*"], None),
    ("crsup", "Morgan", "Reid", [Role.CONTROL_ROOM_SUPERVISOR], ["*"], None),
    ("officer", "Sam", "Patel", [Role.RESPONSE_OFFICER], ["worcestershire"], None),
    ("officer2", "Jo", "Evans", [Role.RESPONSE_OFFICER], ["shropshire"], None),
    ("sergeant", "Alex", "Morris", [Role.SERGEANT], ["worcestershire"], None),
    ("pvp", "Priya", "Shah", [Role.PVP_OFFICER], ["worcestershire"], None),
    ("pvpsup", "Dan", "Hughes", [Role.PVP_SUPERVISOR], ["worcestershire"], None),
    ("chair", "Helen", "Price", [Role.MARAC_CHAIR], ["*"], None),
    ("coordinator", "Lee", "Ward", [Role.MARAC_COORDINATOR], ["*"], None),
    ("superintendent", "Ruth", "Bennett", [Role.SENIOR_OFFICER], ["*"], None),
    ("analyst", "Omar", "Khan", [Role.ANALYST], ["*"], None),
    ("auditor", "Grace", "Turner", [Role.AUDITOR], ["*"], None),
    ("admin", "Chris", "Lloyd", [Role.ADMINISTRATOR], ["*"], None),
    ("idva", "Nina", "Cole", [Role.IDVA], ["worcestershire"], "Safer Futures IDVA Service"),
    ("socialworker", "Tom", "Baker", [Role.PARTNER_AGENCY], ["worcestershire"], "County Children's Services"),
]


SUPERVISORS = {
    "handler": "crsup",
    "officer": "sergeant",
    "officer2": "sergeant",
    "pvp": "pvpsup",
    "sergeant": "superintendent",
}


@transaction.atomic
def seed() -> list[tuple[str, str]]:
    """Create the demo organisation and users; running it again changes nothing."""
    force, _ = Force.objects.get_or_create(code="demo", defaults={"name": "Demo Constabulary"})
    areas = {}
    for code, name, women in AREAS:
        areas[code], _ = Area.objects.get_or_create(
            force=force, code=code, defaults={"name": name, "adult_female_population": women}
        )
    police, _ = Agency.objects.get_or_create(name=force.name, defaults={"kind": Agency.Kind.POLICE})
    police.areas.set(areas.values())
    agencies = {force.name: police}
    for name, kind in PARTNERS:
        agencies[name], _ = Agency.objects.get_or_create(name=name, defaults={"kind": kind})
        agencies[name].areas.set(areas.values())
    logins, made = [], []
    existing = set(User.objects.filter(username__in=[u[0] for u in USERS]).values_list("username", flat=True))
    for username, first, last, roles, area_codes, agency_name in USERS:
        if username not in existing:
            user = user_create(
                username=username,
                password=None,
                roles=roles,
                areas=areas.values() if area_codes == ["*"] else [areas[c] for c in area_codes],
                agency=agencies[agency_name or force.name],
                first_name=first,
                last_name=last,
                email=f"{username}@demo.invalid",
            )
            made.append(user.pk)
        logins.append((username, ", ".join(r.label for r in roles)))
    # One hash for every demo login: a deliberately slow hash per user was most of this step's time.
    if made:
        User.objects.filter(pk__in=made).update(password=make_password(DEMO_PASSWORD))
    # Who supervises whom: reminders escalate along these lines.
    for username, supervisor in SUPERVISORS.items():
        User.objects.filter(username=username, supervisor__isnull=True).update(
            supervisor=User.objects.get(username=supervisor)
        )
    return logins
