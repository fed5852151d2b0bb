from django.apps import AppConfig


class SafeguardingConfig(AppConfig):
    name = "safeguarding"
    verbose_name = "Safeguarding: notices, orders, disclosures, bail and victims' updates"

    def ready(self) -> None:
        from . import clocks  # noqa: F401  (the clock registry; each part registers its sources)
