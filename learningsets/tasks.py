import logging

from celery import shared_task

from learningsets import reminders

log = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def scan_action_reminders() -> dict[str, int]:
    """Celery beat runs this every hour; the scan's dedupe keys make a second run harmless."""
    counts = reminders.action_reminders_scan()
    log.info("Action reminders queued: %s", counts)
    return counts
