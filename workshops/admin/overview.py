"""What the registration overview shows, from three queries however many partners, delegates
and e-mails."""

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Q

from outbox.models import Email
from partners.models import Partner
from workshops.models import Registration, Workshop
from workshops.selectors import invited_partners_with_delegates

# The overview lists current delegates; withdrawn ones are history (see the registrations list).
STATUSES = [
    (value, label)
    for value, label in Registration.Status.choices
    if value != Registration.Status.WITHDRAWN
]


@dataclass(frozen=True)
class PartnerRow:
    partner: Partner
    delegates: list[Registration]
    places_taken: int
    missing: int


def email_counts(*, workshop: Workshop) -> dict[str, int]:
    """The workshop's e-mails queued (or being sent), sent and failed, in one query."""
    waiting = [Email.Status.QUEUED, Email.Status.SENDING]
    return Email.objects.about(Workshop, [workshop.pk]).aggregate(
        queued=Count("pk", filter=Q(status__in=waiting)),
        sent=Count("pk", filter=Q(status=Email.Status.SENT)),
        failed=Count("pk", filter=Q(status=Email.Status.FAILED)),
    )


def registration_overview(*, workshop: Workshop, status: str, partner_slug: str) -> dict:
    """Rows per invited partner (filtered by delegate status and partner) and workshop totals.

    Filter values that match no status or invited partner are ignored.
    """
    partners = list(invited_partners_with_delegates(workshop=workshop))
    quota = workshop.delegates_per_partner
    status = status if status in dict(STATUSES) else ""
    partner_slug = partner_slug if partner_slug in {p.slug for p in partners} else ""
    rows = []
    for partner in partners:
        delegates = [d for d in partner.delegates if not status or d.status == status]
        if (partner_slug and partner.slug != partner_slug) or (status and not delegates):
            continue
        missing = max(quota - partner.places_taken, 0)
        rows.append(PartnerRow(partner, delegates, partner.places_taken, missing))
    by_status = Counter(delegate.status for partner in partners for delegate in partner.delegates)
    missing = sum(1 for partner in partners if partner.places_taken < quota)
    return {
        "emails": email_counts(workshop=workshop),
        "rows": rows,
        "partners": partners,
        "statuses": STATUSES,
        "status": status,
        "partner_slug": partner_slug,
        "totals": {
            "partners": len(partners),
            "complete": len(partners) - missing,
            "missing": missing,
            "places_taken": sum(partner.places_taken for partner in partners),
            "places": quota * len(partners),
            "by_status": [(label, by_status[value]) for value, label in STATUSES],
        },
    }
