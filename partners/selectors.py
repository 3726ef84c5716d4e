from collections.abc import Collection

from django.db.models import Case, Q, QuerySet, Value, When
from django.http import Http404
from django_countries import countries

from accounts.team import is_management
from partners.models import Partner
from partners.permissions import LOOK_AFTER_EVERY_PARTNER


def partners_managed_by(
    *, user, permissions: Collection[str] = LOOK_AFTER_EVERY_PARTNER
) -> QuerySet[Partner]:
    """The partners whose learning sets (or, with other `permissions`, whose delegates) this
    user looks after: those they are a contact of; all of them for the team with them."""
    if not user.is_authenticated:
        return Partner.objects.none()
    if is_management(user, permissions):
        return Partner.objects.all()
    return Partner.objects.filter(contacts=user)


def partner_managed_by_or_404(
    *, user, slug: str, permissions: Collection[str] = LOOK_AFTER_EVERY_PARTNER
) -> Partner:
    """The partner with this slug if the user looks after it; 404 otherwise (no IDOR)."""
    partner = partners_managed_by(user=user, permissions=permissions).filter(slug=slug).first()
    if partner is None:
        raise Http404("No partner you look after has this address.")
    return partner


def partners_with_sisters() -> QuerySet[Partner]:
    """Partners with their sister loaded, whichever side of the pair they are."""
    return Partner.objects.select_related("sister_region", "sister_city")


def partner_rows(*, search: str = "") -> QuerySet[Partner]:
    """The partners as the lists show them, a row each: every city with its sister region,
    then the regions no city has named yet; by name. `search` keeps the rows whose city,
    region or country has it in its name."""
    rows = Partner.objects.filter(
        Q(kind=Partner.Kind.CITY) | Q(kind=Partner.Kind.REGION, sister_city__isnull=True)
    )
    if search:
        in_countries = [code for code, name in countries if search.casefold() in name.casefold()]
        rows = rows.filter(
            Q(name__icontains=search)
            | Q(sister_region__name__icontains=search)
            | Q(country__in=in_countries)
        )
    cities_first = Case(When(kind=Partner.Kind.CITY, then=Value(0)), default=Value(1))
    return rows.select_related("sister_region").order_by(cities_first, "name")
