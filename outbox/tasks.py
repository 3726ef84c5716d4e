from celery import shared_task

from outbox import mail, retention

# The tasks keep the names they had when the outbox lived in the `mile` app: messages already
# in the broker's queue, and the beat schedule, name them so.


def _session(task):
    # A worker keeps one SMTP session for its messages; a task run within a request does not.
    return None if task.request.is_eager else mail.smtp_session()


@shared_task(
    name="mile.tasks.deliver_email",
    bind=True,
    acks_late=True,
    ignore_result=True,
    max_retries=None,
)
def deliver_email(self, *, email_id: int) -> None:
    retry_in = mail.deliver(email_id, connection=_session(self))
    if retry_in is not None and not self.request.is_eager:
        raise self.retry(countdown=retry_in)


@shared_task(name="mile.tasks.deliver_emails", bind=True, acks_late=True, ignore_result=True)
def deliver_emails(self, *, email_ids: list[int]) -> None:
    """A chunk of a fan-out; a refused e-mail is retried on its own."""
    retries = mail.deliver_many(email_ids, connection=_session(self))
    for email_id, retry_in in retries.items():
        if not self.request.is_eager:
            deliver_email.apply_async(kwargs={"email_id": email_id}, countdown=retry_in)


@shared_task(name="mile.tasks.deliver_due_emails", ignore_result=True)
def deliver_due_emails() -> int:
    return mail.deliver_due()


@shared_task(ignore_result=True)
def delete_old_email_bodies() -> int:
    return retention.email_bodies_delete_old()
