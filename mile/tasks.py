from celery import shared_task

from mile import mail


@shared_task(bind=True, acks_late=True, ignore_result=True, max_retries=None)
def deliver_email(self, *, email_id: int) -> None:
    retry_in = mail.deliver(email_id)
    if retry_in is not None and not self.request.is_eager:
        raise self.retry(countdown=retry_in)


@shared_task(ignore_result=True)
def deliver_due_emails() -> int:
    return mail.deliver_due()
