from django.apps import AppConfig


class SafeguardingConfig(AppConfig):
    name = "safeguarding"
    verbose_name = "Safeguarding: notices, orders, disclosures, bail and victims' updates"

    def ready(self) -> None:
        from . import (  # noqa: F401  (each part registers its clocks)
            cases_wiring,  # noqa: F401  (Clare's Law, bail, Victims' Code: history, warnings, my work)
            clocks,
            history,
            protection_clocks,
        )
        from .services.victims_code import connect_receivers

        connect_receivers()
