from django import forms
from django.utils.translation import gettext_lazy as _


class PartnerSearch(forms.Form):
    """The partner list's search box: part of a city's, a region's or a country's name."""

    q = forms.CharField(label=_("City, region or country"), max_length=100, required=False)

    @property
    def search(self) -> str:
        """What to look for; nothing when the input is refused (its error says why)."""
        return self.cleaned_data["q"] if self.is_valid() else ""
