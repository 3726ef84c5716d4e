"""The Action Learning cycle between workshops: a set meets, each member may bring a real
problem, the others question, actions are agreed, and each member may log what they learnt.

A meeting is a learning set's own, or its partner's Local Support Group's (the members of the
partner's three sets): exactly one of `learning_set` and `partner` is set.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from learningsets.models.sets import LearningSet, Member


class Meeting(models.Model):
    """A set meeting: a learning set's, or its partner's Local Support Group's."""

    learning_set = models.ForeignKey(
        LearningSet,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("learning set"),
    )
    partner = models.ForeignKey(
        "partners.Partner",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="support_group_meetings",
        verbose_name=_("Local Support Group of"),
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_link = models.URLField(_("online link"), max_length=500, blank=True)
    attendees = models.ManyToManyField(
        Member, blank=True, related_name="meetings_attended", verbose_name=_("attended")
    )
    guests = models.TextField(_("guests"), blank=True, help_text=_("One name a line."))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-starts_at", "-pk"]
        verbose_name = _("set meeting")
        verbose_name_plural = _("set meetings")
        constraints = [
            models.CheckConstraint(
                condition=Q(learning_set__isnull=True) ^ Q(partner__isnull=True),
                name="meeting_of_a_set_or_a_support_group",
                violation_error_message=_(
                    "A meeting is a learning set's or a Local Support Group's."
                ),
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="meeting_ends_after_it_starts",
                violation_error_message=_("A meeting ends after it starts."),
            ),
        ]
        indexes = [models.Index(fields=["learning_set", "starts_at"], name="meeting_set_start")]

    def __str__(self):
        # Its own columns only: the admin names every row a deletion takes by its __str__.
        return gettext("Set meeting #{number}").format(number=self.pk)

    def get_absolute_url(self):
        return reverse("learningsets:meeting", kwargs={"pk": self.pk})

    @property
    def is_support_group(self) -> bool:
        return self.partner_id is not None

    @property
    def host(self):
        """The partner whose set (or Local Support Group) met: select it with the meeting."""
        return self.partner if self.is_support_group else self.learning_set.partner

    @property
    def zone(self):
        """The time zone its times are entered and shown in: its partner's."""
        return self.host.zone


class Problem(models.Model):
    """A real problem a member brought to a meeting, with the questions that helped."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="problems", verbose_name=_("meeting")
    )
    brought_by = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        related_name="problems_brought",
        verbose_name=_("brought by"),
    )
    description = models.TextField(_("problem"))
    questions = models.TextField(_("questions that helped"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["meeting", "position", "pk"]
        verbose_name = _("problem")
        verbose_name_plural = _("problems")

    def __str__(self):
        return gettext("Problem #{number}").format(number=self.pk)


class Action(models.Model):
    """What a member agreed to do about a problem: an owner, a due date, a state."""

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    problem = models.ForeignKey(
        Problem, on_delete=models.CASCADE, related_name="actions", verbose_name=_("problem")
    )
    owner = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="actions", verbose_name=_("owner")
    )
    description = models.TextField(_("action"))
    due_on = models.DateField(_("due on"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    outcome = models.TextField(_("outcome"), blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        indexes = [models.Index(fields=["state", "due_on"], name="action_state_due")]

    def __str__(self):
        return gettext("Action #{number}").format(number=self.pk)

    def get_absolute_url(self):
        """Where its owner reads and closes it: the page of the meeting it was agreed at."""
        page = reverse("learningsets:meeting", kwargs={"pk": self.problem.meeting_id})
        return f"{page}#action-{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN


class LearningLogEntry(models.Model):
    """What one member learnt at a meeting: for the set only, or for everyone."""

    class Visibility(models.TextChoices):
        SET = "set", _("The set only")
        PUBLIC = "public", _("Everyone")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="learning_log", verbose_name=_("meeting")
    )
    author = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        related_name="learning_log_entries",
        verbose_name=_("author"),
    )
    text = models.TextField(_("what I learnt"))
    visibility = models.CharField(
        _("who may read it"), max_length=10, choices=Visibility.choices, default=Visibility.SET
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["meeting", "created_at", "pk"]
        verbose_name = _("learning log entry")
        verbose_name_plural = _("learning log entries")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "author"],
                name="learning_log_one_entry_per_member_and_meeting",
                violation_error_message=_(
                    "You have already written your learning for this meeting."
                ),
            ),
        ]

    def __str__(self):
        return gettext("Learning log entry #{number}").format(number=self.pk)
