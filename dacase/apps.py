from django.apps import AppConfig


class DacaseConfig(AppConfig):
    """The project as an app: what composes the features (the demo data, what follows every migrate), so that
    core, which every feature imports, imports none of them."""

    name = "dacase"
    verbose_name = "dacase"

    def ready(self) -> None:
        from . import signals  # noqa: F401
