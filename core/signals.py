from django.apps import apps
from django.db.models.signals import post_migrate
from django.dispatch import receiver


@receiver(post_migrate)
def sync_after_migrate(sender, **kwargs) -> None:
    """Roles and periodic jobs follow the code: once per migrate (and per flush, which empties the
    tables), after the last app's permissions exist."""
    if sender.name != list(apps.get_app_configs())[-1].name:
        return
    from accounts.services import roles_sync
    from risk.services.questionnaires import questionnaire_ensure_default

    from .schedules import schedules_sync

    roles_sync()
    schedules_sync()
    questionnaire_ensure_default()
