from django.apps import AppConfig


class SafeguardingConfig(AppConfig):
    name = "safeguarding"
    verbose_name = "Safeguarding: notices, orders, disclosures, bail and victims' updates"

    def ready(self) -> None:
        from . import (
            cases_wiring,  # noqa: F401  (Clare's Law, bail, Victims' Code: history, warnings, my work)
            clocks,  # noqa: F401  (the clock registry; each part registers its sources)
        )
        from .services.victims_code import connect_receivers

        connect_receivers()
