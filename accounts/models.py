from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


def offered_languages():
    # A callable: the migrations keep no list of languages, which grows with the catalogues.
    return settings.LANGUAGES


class User(AbstractUser):
    """A person who logs in by e-mail: management team (staff), partner contact or ALS member."""

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    language = models.CharField(
        _("language"),
        max_length=15,
        blank=True,
        choices=offered_languages,
        help_text=_(
            "The language of this person's pages, chosen in the language menu; blank until chosen, "
            "when the browser's language applies."
        ),
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="user_email_unique_ci",
                violation_error_message=_("A user with this e-mail address already exists."),
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.email


class ErasureLog(models.Model):
    """One erasure of a person's data: which rows it anonymised, when and by whom — never what
    they held, so that a restore from an older backup can apply it again."""

    at = models.DateTimeField(_("erased at"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("erased by"),
        help_text=_("Empty when erased with manage.py erase_person."),
    )
    # Model label → the ids of its rows, e.g. {"learningsets.member": [12, 40]}.
    rows = models.JSONField(_("rows"), default=dict)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("erasure")
        verbose_name_plural = _("erasure log")
        default_permissions = ["view"]
        permissions = [
            ("export_person", _("Can export a person's data")),
            ("erase_person", _("Can erase a person's data")),
        ]

    def __str__(self):
        return gettext("Erasure #{number}").format(number=self.pk)
