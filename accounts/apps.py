from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Users, roles and areas"

    def ready(self) -> None:
        from . import signals  # noqa: F401
