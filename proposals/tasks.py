import logging

from celery import shared_task

from proposals import reminders

log = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def scan_deadline_reminders() -> int:
    """Celery beat runs this every hour; the scan's dedupe keys make a second run harmless."""
    return reminders.deadline_reminders_scan()
