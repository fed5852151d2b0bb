"""The Celery application: broker and schedules come from Django settings."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dacase.settings")

app = Celery("dacase")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
