"""The rubrics in the admin: each funding source's criteria, their weights and scales, in
versions. A version is never changed: saving a rubric's page stores what it shows as a new
version (`scoring.rubric_version_create`), which the rounds opened from then on score with;
the earlier versions, and every total given under them, stay as they were."""

from django import forms
from django.contrib import admin, messages
from django.db.models import Count
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationTabularInline

from proposals import scoring
from proposals.models import Criterion, RubricVersion

CRITERION_FIELDS = ["weight", "scale_min", "scale_max"]
NO_NAME = _("A criterion needs a name.")


class CriterionForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "name_en_gb" in self.fields:  # the one language a name must be written in
            self.fields["name_en_gb"].error_messages["required"] = NO_NAME

    def clean(self):
        cleaned = super().clean()
        problems = scoring.criterion_problems(
            name=cleaned.get("name_en_gb", NO_NAME),  # a missing name is told once, above
            weight=cleaned.get("weight"),
            scale_min=cleaned.get("scale_min"),
            scale_max=cleaned.get("scale_max"),
        )
        for field, problem in problems.items():
            self.add_error("name_en_gb" if field == "name" else field, problem)
        return cleaned


class CriteriaFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        kept = [
            form
            for form in self.forms
            if form.has_changed() and not (self.can_delete and self._should_delete_form(form))
        ]
        if not kept:
            raise forms.ValidationError(gettext("A rubric needs at least one criterion."))

    def criteria(self) -> list[dict]:
        """The criteria of the valid formset in their order, as the service takes them."""
        return [
            {
                field: value
                for field, value in form.cleaned_data.items()
                if field.startswith("name_") or field in CRITERION_FIELDS
            }
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


class CriterionInline(TranslationTabularInline):
    model = Criterion
    form = CriterionForm
    formset = CriteriaFormSet
    fields = ["name", *CRITERION_FIELDS]
    verbose_name_plural = _("Criteria (saving stores them as a new version)")

    def get_extra(self, request, obj=None, **kwargs):
        return 0 if obj else 5


@admin.register(RubricVersion)
class RubricVersionAdmin(admin.ModelAdmin):
    list_display = ["funding_source", "number", "criterion_count", "created_at", "created_by"]
    list_filter = ["funding_source"]
    list_select_related = ["created_by"]
    fields = ["funding_source", "number", "created_at", "created_by"]
    readonly_fields = ["number", "created_at", "created_by"]
    inlines = [CriterionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(criterion_count=Count("criteria"))

    @admin.display(description=_("Criteria"), ordering="criterion_count")
    def criterion_count(self, version):
        return version.criterion_count

    def has_delete_permission(self, request, obj=None):
        return False  # rounds and their scores point at every version ever used

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and object_id is not None:
            # Saving a version's page stores a new one from it: Django's own "save as new",
            # which also posts every criterion as a new row.
            request.POST = request.POST.copy()
            request.POST["_saveasnew"] = "1"
        return super().changeform_view(request, object_id, form_url, extra_context)

    def construct_change_message(self, request, form, formsets, add=False):
        # The criteria are not saved through the formset (below): the log says "Added." alone.
        return super().construct_change_message(request, form, [], add)

    def save_model(self, request, obj, form, change):
        pass  # the version and its criteria are stored together, by the service, below

    def save_related(self, request, form, formsets, change):
        [criteria] = formsets
        version = scoring.rubric_version_create(
            funding_source=form.cleaned_data["funding_source"],
            criteria=criteria.criteria(),
            by=request.user,
        )
        form.instance.pk, form.instance.number = version.pk, version.number
        stored = gettext(
            "Stored as version {number} of the rubric of {source}: the review rounds opened from "
            "now on score with it; earlier rounds keep the version they opened with."
        )
        messages.info(
            request,
            stored.format(number=version.number, source=version.get_funding_source_display()),
        )
