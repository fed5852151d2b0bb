from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = "Risk-management plans"

    def ready(self) -> None:
        from . import history, work  # noqa: F401
