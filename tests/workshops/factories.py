import datetime as dt

import factory
from django.utils import timezone

from tests.factories import PartnerFactory, sub_theme
from workshops.models import Registration, Session, Workshop


class WorkshopFactory(factory.django.DjangoModelFactory):
    """A workshop three weeks ahead whose registration is open now."""

    class Meta:
        model = Workshop
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Workshop {n}")
    slug = factory.Sequence(lambda n: f"workshop-{n}")
    theme = "Enterprise development for ethnic minorities"
    sub_theme = factory.LazyFunction(sub_theme)
    host = factory.SubFactory(PartnerFactory)
    venue = "Town hall"
    city = "Amadora"
    time_zone = "Europe/Lisbon"
    start_date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=21))
    end_date = factory.LazyAttribute(lambda w: w.start_date + dt.timedelta(days=2))
    registration_opens_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=7))
    registration_closes_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=7))
    status = Workshop.Status.REGISTRATION_OPEN
    handbook = "## Welcome\n\nThe handbook of the workshop."

    @factory.post_generation
    def invited(workshop, create, extracted, **kwargs):
        """invited=[partner, ...] invites those partners."""
        if create and extracted:
            workshop.invited_partners.add(*extracted)


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    workshop = factory.SubFactory(WorkshopFactory)
    day = factory.LazyAttribute(lambda s: s.workshop.start_date)
    start_time = dt.time(9, 30)
    end_time = dt.time(11, 0)
    title = factory.Sequence(lambda n: f"Session {n}")
    kind = Session.Kind.PLENARY


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A registration written directly, for arranging tests (the service is what users hit)."""

    class Meta:
        model = Registration

    workshop = factory.SubFactory(WorkshopFactory)
    member = factory.SubFactory("tests.factories.MemberFactory")
    partner = factory.LazyAttribute(lambda r: r.member.learning_set.partner)


OPENS = dt.datetime(2020, 1, 10, 9, 0, tzinfo=dt.UTC)
CLOSES = dt.datetime(2090, 2, 10, 18, 0, tzinfo=dt.UTC)


def enterprise_workshop(*, host, invited, learning_set) -> Workshop:
    """ "Enterprise development" in Amadora, 26–28 February 2090, on the learning set's sub-theme,
    open for registration from 2020 until 10 February 2090: the delegates pages' workshop."""
    return WorkshopFactory(
        title="Enterprise development",
        slug="amadora-2008",
        host=host,
        sub_theme=learning_set.sub_theme,
        invited=invited,
        start_date=dt.date(2090, 2, 26),
        end_date=dt.date(2090, 2, 28),
        registration_opens_at=OPENS,
        registration_closes_at=CLOSES,
    )
