from django.db.models import QuerySet
from django.http import Http404

from partners.models import Partner
from partners.permissions import is_management


def partners_managed_by(*, user) -> QuerySet[Partner]:
    """The partners whose learning sets this user looks after (all of them for the team)."""
    if not user.is_authenticated:
        return Partner.objects.none()
    if is_management(user):
        return Partner.objects.all()
    return Partner.objects.filter(contacts=user)


def partner_managed_by_or_404(*, user, slug: str) -> Partner:
    """The partner with this slug if the user looks after it; 404 otherwise (no IDOR)."""
    partner = partners_managed_by(user=user).filter(slug=slug).first()
    if partner is None:
        raise Http404("No partner you look after has this address.")
    return partner


def partners_with_sisters() -> QuerySet[Partner]:
    """Every partner with its sister loaded, for lists."""
    return Partner.objects.select_related("sister_region", "sister_city")
