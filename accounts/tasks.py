from celery import shared_task
from django.core.management import call_command


@shared_task(ignore_result=True)
def clear_expired_sessions() -> None:
    """Django's own clearsessions: the session engine deletes the sessions past their expiry."""
    call_command("clearsessions")
