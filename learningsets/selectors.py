from django.db.models import Count, Prefetch, QuerySet

from learningsets.models import LearningSet, Member, SubTheme
from partners.models import Partner


def sub_themes_with_counts() -> QuerySet[SubTheme]:
    return SubTheme.objects.annotate(
        learning_set_count=Count("learning_sets", distinct=True),
        member_count=Count("learning_sets__members", distinct=True),
    )


def learning_sets_of_partner(*, partner: Partner) -> QuerySet[LearningSet]:
    """The partner's learning sets with their members, in sub-theme order."""
    return (
        LearningSet.objects.filter(partner=partner)
        .select_related("sub_theme", "partner")
        .prefetch_related(Prefetch("members", queryset=Member.objects.order_by("name")))
        .order_by("sub_theme__number")
    )


def learning_sets_of_sub_theme(*, sub_theme: SubTheme) -> QuerySet[LearningSet]:
    return (
        LearningSet.objects.filter(sub_theme=sub_theme)
        .select_related("partner", "sub_theme")
        .annotate(member_count=Count("members"))
        .order_by("partner__name")
    )


def local_support_group(*, partner: Partner) -> QuerySet[Member]:
    """The Local Support Group: the members of the partner's three learning sets together."""
    return (
        Member.objects.filter(learning_set__partner=partner)
        .select_related("learning_set__sub_theme")
        .order_by("name", "learning_set__sub_theme__number")
    )


def learning_sets_of_member(*, user) -> QuerySet[LearningSet]:
    """The learning sets this user belongs to as an ALS member."""
    if not user.is_authenticated:
        return LearningSet.objects.none()
    return (
        LearningSet.objects.filter(members__user=user)
        .select_related("partner", "sub_theme")
        .distinct()
    )
