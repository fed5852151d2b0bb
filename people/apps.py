from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = "Person index"

    def ready(self) -> None:
        from . import work  # noqa: F401
