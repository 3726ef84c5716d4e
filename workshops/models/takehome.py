from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from workshops.models.workshop import Workshop


class TakeHome(models.Model):
    """What a learning set takes home from a workshop it attended: its learning points and
    the actions they lead to. The workshop's participants read every set's; everyone reads
    those marked public. It belongs to the workshop: learning sets never know workshops."""

    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="take_homes", verbose_name=_("workshop")
    )
    learning_set = models.ForeignKey(
        "learningsets.LearningSet",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("learning set"),
    )
    learning_points = models.TextField(_("learning points"))
    actions = models.TextField(_("actions it leads to"), blank=True)
    is_public = models.BooleanField(
        _("public"), default=False, help_text=_("Everyone may read it, not only participants.")
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["workshop", "learning_set__partner__name", "pk"]
        verbose_name = _("take-home")
        verbose_name_plural = _("take-homes")
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "learning_set"],
                name="take_home_one_per_set_and_workshop",
                violation_error_message=_("This learning set has already written its take-home."),
            ),
        ]

    def __str__(self):
        return gettext("Take-home #{number}").format(number=self.pk)
