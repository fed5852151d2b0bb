from django.db.models.signals import post_migrate
from django.dispatch import receiver


@receiver(post_migrate)
def ensure_dash_after_migrate(sender, **kwargs) -> None:
    """A database always has a current DASH: after migrate, and after a flush (tests) empties the tables."""
    if sender.name == "risk":
        from .services.questionnaires import questionnaire_ensure_default

        questionnaire_ensure_default()
