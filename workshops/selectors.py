import datetime as dt

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from learningsets.models import LearningSet
from partners.models import Partner
from workshops import rules
from workshops.models import Registration, TakeHome, Workshop
from workshops.permissions import learning_sets_writing_take_homes


def workshops_public() -> QuerySet[Workshop]:
    """Every workshop but drafts, with what lists show."""
    return Workshop.objects.exclude(status=Workshop.Status.DRAFT).select_related(
        "host", "sub_theme"
    )


# The calendar feeds: the workshops from a year ago on, and never more than so many, so that a
# feed stays a small file however long the programme runs.
FEED_PAST = dt.timedelta(days=366)
FEED_WORKSHOPS = 200


def workshops_for_feed() -> QuerySet[Workshop]:
    """The public feed's workshops: published and later, never a draft, soonest first."""
    since = timezone.localdate() - FEED_PAST
    return (
        workshops_public().filter(end_date__gte=since).order_by("start_date", "pk")[:FEED_WORKSHOPS]
    )


def workshops_of_person(*, user) -> QuerySet[Workshop]:
    """The workshops in a person's feed: those they are a delegate of (not withdrawn nor
    declined) and those their partner is invited to, if they are its contact."""
    delegate = Registration.objects.filter(member__user=user).exclude(
        status__in=[Registration.Status.WITHDRAWN, Registration.Status.DECLINED]
    )
    theirs = Q(pk__in=delegate.values("workshop")) | Q(
        pk__in=Workshop.invited_partners.through.objects.filter(partner__contacts=user).values(
            "workshop"
        )
    )
    since = timezone.localdate() - FEED_PAST
    return (
        workshops_public()
        .filter(theirs, end_date__gte=since)
        .order_by("start_date", "pk")[:FEED_WORKSHOPS]
    )


def workshop_public_or_404(*, slug: str) -> Workshop:
    workshop = workshops_public().filter(slug=slug).first()
    if workshop is None:
        raise Http404("No workshop has this address.")
    return workshop


def workshops_upcoming_and_past() -> tuple[QuerySet[Workshop], QuerySet[Workshop]]:
    today = timezone.localdate()
    workshops = workshops_public()
    return (
        workshops.filter(end_date__gte=today).order_by("start_date", "pk"),
        # The pk breaks ties between workshops on the same dates, so that pages never overlap.
        workshops.filter(end_date__lt=today).order_by("-start_date", "-pk"),
    )


def workshops_for_partner(*, partner: Partner) -> QuerySet[Workshop]:
    """The upcoming workshops the partner is invited to."""
    return (
        workshops_public()
        .filter(invited_partners=partner, end_date__gte=timezone.localdate())
        .order_by("start_date")
    )


def delegates_of(*, workshop: Workshop, partner: Partner) -> QuerySet[Registration]:
    """The partner's delegates for the workshop, withdrawn ones left out."""
    return (
        Registration.objects.filter(workshop=workshop, partner=partner)
        .exclude(status=Registration.Status.WITHDRAWN)
        .select_related("member", "status_changed_by")
        .order_by("registered_at", "pk")
    )


def delegacies_of_member(*, member) -> list[Registration]:
    """Every registration of the member, withdrawn ones included, oldest workshop first."""
    return list(
        Registration.objects.filter(member=member)
        .select_related("workshop", "partner")
        .order_by("workshop__start_date", "registered_at", "pk")
    )


def invited_partners_with_delegates(*, workshop: Workshop) -> QuerySet[Partner]:
    """Every invited partner with its current delegates prefetched (overview, workshop page)."""
    delegates = (
        Registration.objects.filter(workshop=workshop)
        .exclude(status=Registration.Status.WITHDRAWN)
        .select_related("member")
        .order_by("registered_at", "pk")
    )
    return (
        workshop.invited_partners.order_by("name")
        .prefetch_related(Prefetch("registrations", queryset=delegates, to_attr="delegates"))
        .annotate(
            places_taken=Count(
                "registrations",
                filter=Q(
                    registrations__workshop=workshop,
                    registrations__status__in=rules.HOLDING_A_PLACE,
                ),
            )
        )
    )


def workshops_for_partner_with_delegates(*, partner: Partner) -> list[Workshop]:
    """The upcoming workshops the partner is invited to, each with its window and delegates."""
    delegates = (
        Registration.objects.filter(partner=partner)
        .exclude(status=Registration.Status.WITHDRAWN)
        .select_related("member")
        .order_by("registered_at", "pk")
    )
    workshops = list(
        workshops_for_partner(partner=partner).prefetch_related(
            Prefetch("registrations", queryset=delegates, to_attr="delegates")
        )
    )
    for workshop in workshops:
        workshop.places_taken = rules.places_held(workshop.delegates)
        workshop.opens = rules.local_time(workshop, workshop.registration_opens_at)
        workshop.closes = rules.local_time(workshop, workshop.registration_closes_at)
    return workshops


def learning_sets_attending(*, workshop: Workshop) -> QuerySet[LearningSet]:
    """The learning sets with a delegate at the workshop (rules.ATTENDING)."""
    return LearningSet.objects.filter(
        members__registrations__workshop=workshop,
        members__registrations__status__in=rules.ATTENDING,
    ).distinct()


def take_home_learning_set_or_404(*, user, pk: int) -> LearningSet:
    """A learning set whose take-homes this user writes; 404 for any other (no IDOR)."""
    return get_object_or_404(
        learning_sets_writing_take_homes(user).select_related("partner", "sub_theme"), pk=pk
    )


def take_homes_visible(*, workshop: Workshop, participant: bool) -> list[TakeHome]:
    """The take-homes of the workshop a reader sees: every one for its participants
    (permissions.is_participant), the public ones for everyone else; by partner."""
    take_homes = workshop.take_homes.select_related(
        "learning_set__partner", "learning_set__sub_theme"
    )
    if not participant:
        take_homes = take_homes.filter(is_public=True)
    return list(take_homes.order_by("learning_set__partner__name", "pk"))


def take_homes_to_write(*, workshop: Workshop, user, at=None) -> list[LearningSet]:
    """The attending learning sets whose take-home this user writes, once the workshop has
    started (none before): the workshop page offers them a link each."""
    if (at or timezone.now()) < workshop.starts_at:
        return []
    writing = learning_sets_writing_take_homes(user).filter(
        pk__in=learning_sets_attending(workshop=workshop).values("pk")
    )
    return list(writing.select_related("partner", "sub_theme").order_by("partner__name", "pk"))
