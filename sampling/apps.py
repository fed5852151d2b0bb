from django.apps import AppConfig


class SamplingConfig(AppConfig):
    name = "sampling"
    verbose_name = "Dip sampling"

    def ready(self) -> None:
        from . import work  # noqa: F401
