from django.apps import apps
from django.db.models.signals import post_migrate
from django.dispatch import receiver


@receiver(post_migrate)
def sync_after_migrate(sender, **kwargs) -> None:
    """Roles and periodic jobs follow the code: once per migrate (and per flush, which empties the tables),
    after the last app's permissions exist. (Each feature loads its own data: risk its DASH, risk/signals.py.)"""
    # post_migrate is sent for the apps that have models, in INSTALLED_APPS order.
    if sender.name != [a for a in apps.get_app_configs() if a.models_module is not None][-1].name:
        return
    from accounts.services import roles_sync
    from core.schedules import schedules_sync

    roles_sync()
    schedules_sync()
