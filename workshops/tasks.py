import logging

from celery import shared_task

from workshops import reminders

log = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def scan_reminders() -> dict[str, int]:
    """Celery beat runs this every hour; the scan's dedupe keys make a second run harmless."""
    counts = reminders.reminders_scan()
    log.info("Reminders queued: %s", counts)
    return counts
