from django import forms


class PartnerSearch(forms.Form):
    """The partner list's search box: part of a city's, a region's or a country's name."""

    q = forms.CharField(label="City, region or country", max_length=100, required=False)

    @property
    def search(self) -> str:
        """What to look for; nothing when the input is refused (its error says why)."""
        return self.cleaned_data["q"] if self.is_valid() else ""
