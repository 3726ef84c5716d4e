"""Delegate registration: quota, window and uniqueness, serialised per (workshop, partner).

Views, forms and the admin call these; none re-implements a rule.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from learningsets import services as learningset_services
from learningsets.models import LearningSet, Member
from workshops import invitations, rules
from workshops.models import Registration, StatusChange, TakeHome, Workshop
from workshops.selectors import delegacies_of_member, learning_sets_attending


def learning_set_for(*, workshop: Workshop, partner) -> LearningSet | None:
    """The partner's learning set on the workshop's sub-theme: where its delegates come from."""
    return (
        LearningSet.objects.filter(partner=partner, sub_theme_id=workshop.sub_theme_id)
        .select_related("partner", "sub_theme")  # its name, "ALS Amadora — …", labels the form
        .first()
    )


def places_taken(*, workshop: Workshop, partner) -> int:
    return Registration.objects.filter(
        workshop=workshop, partner=partner, status__in=rules.HOLDING_A_PLACE
    ).count()


def quota_validate(*, workshop: Workshop, quota: int) -> None:
    """A workshop's quota may not drop below the places some partner already holds."""
    fullest = (
        Registration.objects.filter(workshop=workshop, status__in=rules.HOLDING_A_PLACE)
        .values("partner__name")
        .annotate(taken=Count("pk"))
        .order_by("-taken", "partner__name")
        .first()
    )
    if fullest and fullest["taken"] > quota:
        raise ValidationError(
            _(
                "%(partner)s already has %(taken)d delegates; the quota cannot be lower than "
                "%(taken)d."
            ),
            params={"partner": fullest["partner__name"], "taken": fullest["taken"]},
        )


def invited_partners_validate(*, workshop: Workshop, partners) -> None:
    """A partner with delegates stays invited: its delegates must be withdrawn first."""
    keeping = {partner.pk for partner in partners}
    dropped = (
        Registration.objects.filter(workshop=workshop, status__in=rules.HOLDING_A_PLACE)
        .exclude(partner__in=keeping)
        .values_list("partner__name", flat=True)
        .distinct()
        .order_by("partner__name")
    )
    if dropped:
        raise ValidationError(
            _(
                "%(partners)s already registered delegates for this workshop: withdraw them "
                "before un-inviting the partner."
            ),
            params={"partners": ", ".join(dropped)},
        )


def _lock_participation(workshop: Workshop, partner) -> None:
    """Serialise every change to one partner's delegates for one workshop."""
    through = Workshop.invited_partners.through
    locked = through.objects.select_for_update().filter(workshop=workshop, partner=partner)
    if not locked.exists():
        raise ValidationError(
            _("%(partner)s is not invited to %(workshop)s."),
            params={"partner": partner, "workshop": workshop},
        )


def _check_window(workshop: Workshop, at) -> None:
    message = rules.window_message(workshop, at)
    if message:
        raise ValidationError(message)


def _check_members(workshop: Workshop, partner, members: list[Member]) -> None:
    learning_set = learning_set_for(workshop=workshop, partner=partner)
    errors = [
        _("%(name)s is not a member of %(partner)s's learning set on %(sub_theme)s.")
        % {"name": member.name, "partner": partner, "sub_theme": workshop.sub_theme}
        for member in members
        if learning_set is None or member.learning_set_id != learning_set.pk
    ]
    former = Member.objects.filter(
        pk__in=[member.pk for member in members], left_on__isnull=False
    ).select_related("learning_set__partner", "learning_set__sub_theme")
    errors += [
        _("%(name)s is a former member of %(learning_set)s.")
        % {"name": member.name, "learning_set": member.learning_set.name}
        for member in former
    ]
    if len({member.pk for member in members}) != len(members):
        errors.append(_("The same person was chosen twice."))
    taken = (
        Registration.objects.filter(workshop=workshop, member__in=members)
        .exclude(status=Registration.Status.WITHDRAWN)
        .select_related("member")
    )
    errors += [_already_a_delegate(r.member, workshop) for r in taken]
    if errors:
        raise ValidationError(errors)


def _already_a_delegate(member: Member, workshop: Workshop) -> str:
    return _("%(name)s is already a delegate for %(workshop)s.") % {
        "name": member.name,
        "workshop": workshop,
    }


def _record(registration: Registration, status: str, by, at) -> None:
    registration.status = status
    registration.status_changed_at = at
    registration.status_changed_by = by
    registration.save(update_fields=["status", "status_changed_at", "status_changed_by"])
    StatusChange.objects.create(
        registration=registration, status=status, changed_at=at, changed_by=by
    )


def _create(workshop, partner, member, by, at, replaces=None) -> Registration:
    try:
        with transaction.atomic():
            registration = Registration.objects.create(
                workshop=workshop,
                partner=partner,
                member=member,
                replaces=replaces,
                registered_by=by,
                registered_at=at,
                status_changed_at=at,
                status_changed_by=by,
            )
    except IntegrityError:
        raise ValidationError(_already_a_delegate(member, workshop)) from None
    StatusChange.objects.create(
        registration=registration, status=registration.status, changed_at=at, changed_by=by
    )
    invitations.invitation_send(registration=registration, at=at)
    _record(registration, Registration.Status.INVITED, by, at)
    return registration


def _new_members(workshop, partner, new_people: list[dict]) -> list[Member]:
    learning_set = learning_set_for(workshop=workshop, partner=partner)
    if new_people and learning_set is None:
        raise ValidationError(
            _("%(partner)s has no learning set on %(sub_theme)s."),
            params={"partner": partner, "sub_theme": workshop.sub_theme},
        )
    return [
        learningset_services.member_create(learning_set=learning_set, **person)
        for person in new_people
    ]


@transaction.atomic
def delegates_register(
    *, workshop: Workshop, partner, members=(), new_people=(), by, at=None
) -> list[Registration]:
    """Register ALS members (and new people, who join the ALS) as the partner's delegates."""
    at = at or timezone.now()
    _lock_participation(workshop, partner)
    _check_window(workshop, at)
    members = list(members)
    asked = len(members) + len(new_people)
    if asked == 0:
        raise ValidationError(_("Choose at least one person, or add a new one."))
    taken = places_taken(workshop=workshop, partner=partner)
    if taken + asked > workshop.delegates_per_partner:
        raise ValidationError(rules.quota_message(workshop, partner, taken, asked))
    _check_members(workshop, partner, members)
    members += _new_members(workshop, partner, list(new_people))
    return [_create(workshop, partner, member, by, at) for member in members]


@transaction.atomic
def delegate_withdraw(*, registration: Registration, by, at=None) -> Registration:
    """The partner withdraws a delegate; the place is free again."""
    at = at or timezone.now()
    _lock_participation(registration.workshop, registration.partner)
    _check_window(registration.workshop, at)
    registration.refresh_from_db()
    _transition(registration, Registration.Status.WITHDRAWN, by, at)
    invitations.delegate_tell_removed(registration=registration, replaced=False, at=at)
    return registration


@transaction.atomic
def delegate_replace(
    *, registration: Registration, member: Member | None = None, new_person=None, by, at=None
) -> Registration:
    """Withdraw a delegate and register another person in their place, in one step."""
    at = at or timezone.now()
    workshop, partner = registration.workshop, registration.partner
    _lock_participation(workshop, partner)
    _check_window(workshop, at)
    registration.refresh_from_db()
    if (member is None) == (new_person is None):
        raise ValidationError(_("Choose one person to take the place, or add a new one."))
    if member is not None:
        _check_members(workshop, partner, [member])
    if registration.status not in rules.HOLDING_A_PLACE:
        # A declined delegate holds no place: whoever replaces them needs a free one.
        taken = places_taken(workshop=workshop, partner=partner)
        if taken + 1 > workshop.delegates_per_partner:
            raise ValidationError(rules.quota_message(workshop, partner, taken, 1))
    _transition(registration, Registration.Status.WITHDRAWN, by, at)
    invitations.delegate_tell_removed(registration=registration, replaced=True, at=at)
    if new_person is not None:
        member = _new_members(workshop, partner, [new_person])[0]
    return _create(workshop, partner, member, by, at, replaces=registration)


@transaction.atomic
def member_leave(*, member: Member, at=None) -> Member:
    """A member leaves their learning set but stays on record in past registrations (a former
    member); refused while they hold a place at a workshop that has not ended."""
    at = at or timezone.now()
    today = timezone.localdate(at)
    holding = [
        registration.workshop.title
        for registration in delegacies_of_member(member=member)
        if rules.holds_a_place_ahead(registration, today)
    ]
    if holding:
        raise ValidationError(
            _(
                "%(name)s is a delegate for %(workshops)s: withdraw them, or give their place to "
                "someone else, first. Nothing was changed."
            ),
            params={"name": member.name, "workshops": ", ".join(holding)},
        )
    return learningset_services.member_mark_former(member=member, on=today)


def _transition(registration: Registration, status: str, by, at) -> None:
    if status not in rules.TRANSITIONS[registration.status]:
        raise ValidationError(
            _("%(name)s is %(status)s; that cannot become %(new_status)s."),
            params={
                "name": registration.member.name,
                "status": registration.get_status_display().lower(),
                "new_status": Registration.Status(status).label.lower(),
            },
        )
    if status in rules.ATTENDANCE and timezone.localdate(at) < registration.workshop.start_date:
        raise ValidationError(_("Attendance can be marked from the first day of the workshop."))
    _record(registration, status, by, at)


@transaction.atomic
def registration_set_status(*, registration: Registration, status: str, by, at=None) -> None:
    """Move a registration along its lifecycle (invited, confirmed, attended, ...)."""
    registration = (
        Registration.objects.select_for_update()
        .select_related("workshop", "member")
        .get(pk=registration.pk)
    )
    _transition(registration, status, by, at or timezone.now())


def registrations_mark_attendance(*, registrations, status: str, by, at=None) -> tuple[int, list]:
    """Mark many delegates attended or no-show; returns (changed, [messages of refused])."""
    if status not in rules.ATTENDANCE:
        raise ValueError(f"{status} is not an attendance status")
    changed, refused = 0, []
    for registration in registrations:
        try:
            registration_set_status(registration=registration, status=status, by=by, at=at)
            changed += 1
        except ValidationError as error:
            refused += error.messages
    return changed, refused


def take_home_refusal(*, workshop: Workshop, learning_set: LearningSet, at=None) -> str:
    """Why the learning set cannot write its take-home of the workshop now; empty if it can."""
    attended = learning_sets_attending(workshop=workshop).filter(pk=learning_set.pk).exists()
    return rules.take_home_message(workshop, learning_set, attended, at or timezone.now())


@transaction.atomic
def take_home_write(
    *,
    workshop: Workshop,
    learning_set: LearningSet,
    learning_points: str,
    actions: str,
    is_public: bool,
    by,
    at=None,
) -> TakeHome:
    """Write, or write again, the learning set's take-home of a workshop it attended, once the
    workshop has started. Raises ValidationError (nothing saved) otherwise."""
    refusal = take_home_refusal(workshop=workshop, learning_set=learning_set, at=at)
    if refusal:
        raise ValidationError(refusal)
    take_home, _ = TakeHome.objects.update_or_create(
        workshop=workshop,
        learning_set=learning_set,
        defaults={
            "learning_points": learning_points,
            "actions": actions,
            "is_public": is_public,
            "written_by": by,
        },
    )
    return take_home
