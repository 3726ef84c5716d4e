import datetime as dt

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from learningsets.models import Action, LearningSet, Meeting, Member, Problem, SubTheme
from partners.models import Partner

PASSWORD = "a-long-test-password"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["email"]
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(user, create, extracted, **kwargs):
        if create:
            from allauth.account.models import EmailAddress

            user.save()
            EmailAddress.objects.get_or_create(
                user=user, email=user.email, defaults={"verified": True, "primary": True}
            )


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"City {n}")
    slug = factory.Sequence(lambda n: f"city-{n}")
    kind = Partner.Kind.CITY
    country = "PT"


class RegionFactory(PartnerFactory):
    name = factory.Sequence(lambda n: f"Region {n}")
    slug = factory.Sequence(lambda n: f"region-{n}")
    kind = Partner.Kind.REGION


def sub_theme(number: int = 1) -> SubTheme:
    """The sub-themes are seeded by a migration: tests use those rows."""
    return SubTheme.objects.get(number=number)


class LearningSetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LearningSet

    partner = factory.SubFactory(PartnerFactory)
    sub_theme = factory.LazyFunction(sub_theme)
    description = "Key actors working together."


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    learning_set = factory.SubFactory(LearningSetFactory)
    name = factory.Sequence(lambda n: f"Member {n}")
    email = factory.Sequence(lambda n: f"member{n}@example.org")
    organisation = "Town hall"
    actor_type = Member.ActorType.PRACTITIONER


class MeetingFactory(factory.django.DjangoModelFactory):
    """A learning set's meeting, a week ago, for two hours."""

    class Meta:
        model = Meeting

    learning_set = factory.SubFactory(LearningSetFactory)
    starts_at = factory.LazyFunction(
        lambda: timezone.now().replace(microsecond=0) - dt.timedelta(days=7)
    )
    ends_at = factory.LazyAttribute(lambda meeting: meeting.starts_at + dt.timedelta(hours=2))
    place = "Town hall, room 2"


class ProblemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Problem

    meeting = factory.SubFactory(MeetingFactory)
    brought_by = factory.SubFactory(
        MemberFactory, learning_set=factory.SelfAttribute("..meeting.learning_set")
    )
    description = "Few migrant entrepreneurs ask the town hall for advice."
    questions = "Who do they ask instead?"


class ActionFactory(factory.django.DjangoModelFactory):
    """An open action, due in a fortnight, owned by the member who brought the problem."""

    class Meta:
        model = Action

    problem = factory.SubFactory(ProblemFactory)
    owner = factory.SelfAttribute("problem.brought_by")
    description = "Meet the association of Cape Verdean traders."
    due_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=14))


def add_partners(count: int, *, members_per_set: int = 1) -> list[Partner]:
    """`count` cities, each with a sister region and a learning set per sub-theme with members."""
    cities = []
    for _ in range(count):
        city = PartnerFactory(sister_region=RegionFactory())
        for number in (1, 2, 3):
            learning_set = LearningSetFactory(partner=city, sub_theme=sub_theme(number))
            MemberFactory.create_batch(members_per_set, learning_set=learning_set)
        cities.append(city)
    return cities
