import logging.config
import os

from celery import Celery
from celery.signals import setup_logging

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mile.settings")

app = Celery("mile")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@setup_logging.connect
def log_as_the_settings_say(**kwargs):
    """The worker logs through the settings' LOGGING (redacted; text or JSON), not its own."""
    from django.conf import settings

    logging.config.dictConfig(settings.LOGGING)
