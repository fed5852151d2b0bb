from django.apps import AppConfig


class RiskConfig(AppConfig):
    name = "risk"
    verbose_name = "Risk assessment and management"

    def ready(self) -> None:
        from . import history, signals, work  # noqa: F401
