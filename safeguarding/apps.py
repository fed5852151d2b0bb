from django.apps import AppConfig


class SafeguardingConfig(AppConfig):
    name = "safeguarding"
    verbose_name = "Safeguarding: notices, orders, disclosures, bail and victims' updates"

    def ready(self) -> None:
        from . import clocks, history, protection_clocks  # noqa: F401  (each part registers its clocks)
