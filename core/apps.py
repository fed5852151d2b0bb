from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from . import checks, metrics, work_providers  # noqa: F401

        # Every app's policies register themselves, so templates can ask any of them by name.
        autodiscover_modules("policies")
