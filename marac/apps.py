from django.apps import AppConfig


class MaracConfig(AppConfig):
    name = "marac"
    verbose_name = "MARAC"

    def ready(self) -> None:
        from incidents.signals import incident_recorded

        from . import history, work  # noqa: F401
        from .services.repeats import on_incident_recorded

        incident_recorded.connect(on_incident_recorded, dispatch_uid="marac_repeats")
