from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.languages import reader_language
from outbox.models import PersonalLink


class SubTheme(models.Model):
    """One of the three MILE sub-themes; each partner has one learning set per sub-theme."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("sub theme")
        verbose_name_plural = _("sub themes")

    def __str__(self):
        return self.name


class CommonBasicPrinciple(models.Model):
    """A Common Basic Principle for integration, as numbered in the handbook."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    text = models.TextField(_("text"))

    class Meta:
        ordering = ["number"]
        verbose_name = _("Common Basic Principle")
        verbose_name_plural = _("Common Basic Principles")

    def __str__(self):
        return gettext("CBP {number}").format(number=self.number)


class LearningSet(models.Model):
    """An Action Learning Set (ALS): one per partner and sub-theme."""

    partner = models.ForeignKey(
        "partners.Partner",
        on_delete=models.CASCADE,
        related_name="learning_sets",
        verbose_name=_("partner"),
    )
    sub_theme = models.ForeignKey(
        SubTheme,
        on_delete=models.PROTECT,
        related_name="learning_sets",
        verbose_name=_("sub theme"),
    )
    description = models.TextField(
        _("description"), blank=True, help_text=_("Shown to the public on the learning set's page.")
    )

    class Meta:
        ordering = ["partner__name", "sub_theme__number"]
        verbose_name = _("Action Learning Set")
        verbose_name_plural = _("Action Learning Sets")
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "sub_theme"],
                name="learningset_one_per_partner_and_sub_theme",
                violation_error_message=_(
                    "This partner already has a learning set on this sub-theme."
                ),
            ),
        ]

    def __str__(self):
        # Its own columns only: the admin names every row a deletion takes by its __str__.
        return gettext("Action Learning Set #{number}").format(number=self.pk)

    def get_absolute_url(self):
        return reverse("learningsets:detail", kwargs={"pk": self.pk})

    @property
    def name(self) -> str:
        """The name people read ("ALS Amadora — Enterprise support and development"): it reads
        the partner and the sub-theme, so select them with the set."""
        return gettext("ALS {partner} — {sub_theme}").format(
            partner=self.partner.name, sub_theme=self.sub_theme.name
        )


class MemberQuerySet(models.QuerySet):
    def current(self):
        """Members who have not left: a former member stays only as a past delegate."""
        return self.filter(left_on__isnull=True)


class Member(models.Model):
    """A person in an Action Learning Set; may or may not have an account yet."""

    class ActorType(models.TextChoices):
        ELECTED_REPRESENTATIVE = "elected", _("Elected representative")
        PRACTITIONER = "practitioner", _("Practitioner")
        INSTITUTION = "institution", _("Institution")
        COMPANY = "company", _("Company")
        COMMUNITY_ORGANISATION = "community", _("Community-based organisation")
        MANAGING_AUTHORITY = "managing_authority", _("Managing Authority")

    learning_set = models.ForeignKey(
        LearningSet,
        on_delete=models.CASCADE,
        related_name="members",
        verbose_name=_("learning set"),
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"))
    organisation = models.CharField(_("organisation"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    actor_type = models.CharField(_("actor type"), max_length=20, choices=ActorType.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("user"),
    )
    left_on = models.DateField(
        _("former member since"),
        null=True,
        blank=True,
        help_text=_(
            "Someone who left the learning set but stays on record as a past delegate: "
            "no longer listed among its members or offered as a delegate."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MemberQuerySet.as_manager()

    # The relations `language` reads, for select_related() wherever members are e-mailed.
    LANGUAGE_FROM = ("user", "learning_set__partner")

    class Meta:
        ordering = ["name"]
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "learning_set",
                name="member_email_unique_per_learning_set_ci",
                violation_error_message=_(
                    "This e-mail address is already a member of this learning set."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.organisation})"

    @property
    def is_former(self) -> bool:
        return self.left_on is not None

    @property
    def language(self) -> str:
        """The language of this person's e-mails: their account's, else their partner's.

        Reads the user and the learning set's partner: select them with the member
        (LANGUAGE_FROM) when many members are e-mailed.
        """
        user = self.user if self.user_id else None
        return reader_language(user, partner_language=self.learning_set.partner.language)


class AccountInvitation(PersonalLink):
    """The e-mail link with which an ALS member creates their account."""

    TOKEN_PURPOSE = "account-invitation"
    PERSON = "member"

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="account_invitations")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("account invitation")
        verbose_name_plural = _("account invitations")

    def __str__(self):
        return gettext("Account invitation sent to {email}").format(email=self.email)
