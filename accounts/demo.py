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


# The neighbouring force: another force sharing the deployment (a regional collaboration). Its users see its own
# records only, and the demo force's users never see its records (README, "Reach").
NEIGHBOUR = ("neighbour", "Neighbouring Constabulary")
NEIGHBOUR_AREAS = [("warwick", "Warwick", 61_000), ("nuneaton", "Nuneaton", 54_000)]
NEIGHBOUR_PARTNERS = [("Neighbouring IDVA Service", Agency.Kind.IDVA)]
NEIGHBOUR_USERS = [
    ("nb_handler", "Kit", "Marsh", [Role.CALL_HANDLER], ["*"], None),
    ("nb_officer", "Ravi", "Dutt", [Role.RESPONSE_OFFICER], ["warwick"], None),
    ("nb_pvp", "Erin", "Walsh", [Role.PVP_OFFICER], ["warwick"], None),
    ("nb_super", "Paul", "Grant", [Role.SENIOR_OFFICER], ["*"], None),
    ("nb_idva", "Ama", "Osei", [Role.IDVA], ["warwick"], "Neighbouring IDVA Service"),
]

SUPERVISORS = {
    "handler": "crsup",
    "officer": "sergeant",
    "officer2": "sergeant",
    "pvp": "pvpsup",
    "sergeant": "superintendent",
}


def _force(code: str, name: str, area_rows, partners) -> tuple[Force, dict, dict]:
    """A force with its areas, its own police agency and the partner agencies serving its areas."""
    force, _ = Force.objects.get_or_create(code=code, defaults={"name": name})
    areas = {}
    for area_code, area_name, women in area_rows:
        areas[area_code], _ = Area.objects.get_or_create(
            force=force, code=area_code, defaults={"name": area_name, "adult_female_population": women}
        )
    police, _ = Agency.objects.get_or_create(name=force.name, defaults={"kind": Agency.Kind.POLICE})
    police.areas.set(areas.values())
    agencies = {force.name: police}
    for agency_name, kind in partners:
        agencies[agency_name], _ = Agency.objects.get_or_create(name=agency_name, defaults={"kind": kind})
        agencies[agency_name].areas.set(areas.values())
    return force, areas, agencies


def _users(rows, force, areas, agencies, existing) -> tuple[list[tuple[str, str]], list[int]]:
    logins, made = [], []
    for username, first, last, roles, area_codes, agency_name in rows:
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
    return logins, made


@transaction.atomic
def seed() -> list[tuple[str, str]]:
    """Create the demo organisation and users, and the neighbouring force's; running it again changes nothing."""
    rows = USERS + NEIGHBOUR_USERS
    existing = set(User.objects.filter(username__in=[u[0] for u in rows]).values_list("username", flat=True))
    force, areas, agencies = _force("demo", "Demo Constabulary", AREAS, PARTNERS)
    logins, made = _users(USERS, force, areas, agencies, existing)
    neighbour, neighbour_areas, neighbour_agencies = _force(*NEIGHBOUR, NEIGHBOUR_AREAS, NEIGHBOUR_PARTNERS)
    more_logins, more_made = _users(NEIGHBOUR_USERS, neighbour, neighbour_areas, neighbour_agencies, existing)
    logins, made = logins + more_logins, made + more_made
    # One hash for every demo login: a deliberately slow hash per user was most of this step's time.
    if made:
        User.objects.filter(pk__in=made).update(password=make_password(DEMO_PASSWORD))
    # Who supervises whom: reminders escalate along these lines.
    for username, supervisor in SUPERVISORS.items():
        User.objects.filter(username=username, supervisor__isnull=True).update(
            supervisor=User.objects.get(username=supervisor)
        )
    return logins
