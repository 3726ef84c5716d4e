"""The public library of approved proposals: the good-practice catalogue MILE aims for, with
filters and a search of their words (never of their comments, which are not public)."""

from django import forms
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET
from django_countries import countries

from common.content import ContentSelect
from learningsets.models import SubTheme
from proposals.models import FundingSource
from proposals.selectors import proposals_public
from proposals.views.search import searched

PER_PAGE = 20
SELECT = {"required": False, "widget": forms.Select(attrs={"class": "form-select"})}


class LibraryFilters(forms.Form):
    """The library's filters; a value that is not one of the choices filters nothing (the
    choices are what the public proposals hold, so a stale link just shows more)."""

    sub_theme = forms.ModelChoiceField(
        SubTheme.objects.all(),
        to_field_name="slug",
        label=_("Sub-theme"),
        empty_label=_("All"),
        **SELECT | {"widget": ContentSelect(field="name", attrs={"class": "form-select"})},
    )
    funding_source = forms.ChoiceField(label=_("Funding source"), **SELECT)
    country = forms.ChoiceField(label=_("Country"), **SELECT)
    year = forms.TypedChoiceField(label=_("Year started"), coerce=int, **SELECT)

    def __init__(self, *args, public, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["funding_source"].choices = everything + FundingSource.choices
        held = public.order_by().values_list("learning_set__partner__country", flat=True)
        self.fields["country"].choices = everything + sorted(
            ((code, countries.name(code)) for code in set(held)), key=lambda choice: choice[1]
        )
        years = public.order_by().dates("created_at", "year", order="DESC")
        self.fields["year"].choices = everything + [(d.year, d.year) for d in years]

    def filter(self, proposals):
        self.is_valid()  # a bad value leaves its field out of cleaned_data, the others apply
        wanted = {
            "learning_set__sub_theme": self.cleaned_data.get("sub_theme"),
            "funding_source": self.cleaned_data.get("funding_source"),
            "learning_set__partner__country": self.cleaned_data.get("country"),
            "created_at__year": self.cleaned_data.get("year"),
        }
        return proposals.filter(**{field: value for field, value in wanted.items() if value})


@require_GET
def proposal_library(request):
    public = proposals_public()
    filters = LibraryFilters(request.GET, public=public)
    shown = filters.filter(public)
    search_form, found = searched(request, shown, comments_of=None, per_page=PER_PAGE)
    # get_page() answers a missing or malformed page with the first and too high with the last.
    if found is None:
        found = Paginator(shown, PER_PAGE).get_page(request.GET.get("page"))
    context = {"filters": filters, "search_form": search_form, "page": found}
    return render(request, "proposals/proposal_library.html", context)
