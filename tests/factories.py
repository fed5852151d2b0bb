import factory
from django.contrib.auth.models import Group

from accounts.models import Agency, Area, Force, User

PASSWORD = "correct-horse-battery-staple"


class ForceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Force
        django_get_or_create = ["code"]

    name = "Test Constabulary"
    code = "test"


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area

    force = factory.SubFactory(ForceFactory)
    name = factory.Sequence(lambda n: f"Area {n}")
    code = factory.Sequence(lambda n: f"area-{n}")


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"Agency {n}")
    kind = Agency.Kind.POLICE


class UserFactory(factory.django.DjangoModelFactory):
    """A user; pass ``roles=[Role...]`` and ``areas=[...]``."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"User{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.set(Group.objects.filter(name__in=[r.value for r in extracted]))
            self.is_staff = any(r.value == "administrator" for r in extracted)
        if create:
            self.save()

    @factory.post_generation
    def areas(self, create, extracted, **kwargs):
        if create and extracted:
            self.areas.set(extracted)


def make_person(user=None, force=None, **kwargs):
    """A person added through the service, so that match keys exist as in real use: to ``force``'s index, else
    the user's force's, else the test force's."""
    from accounts.reach import force_of
    from people.services import AddressInput, PersonInput, person_create

    address = kwargs.pop("address", None)
    if isinstance(address, dict):
        address = AddressInput(**address)
    data = PersonInput(**{"surname": "Smith", "given_name": "Jane", **kwargs}, address=address)
    if force is None and force_of(user) is None:
        force = ForceFactory()
    return person_create(data=data, user=user, force=force)
