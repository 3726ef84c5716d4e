"""Searching the proposals a person may see, by the words of their title, sections and — where
they may read them — comments (proposals.search)."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from proposals import search
from proposals.selectors import proposals_visible_to, proposals_with_comments_for

PER_PAGE = 20


class ProposalSearch(forms.Form):
    """A search box: websearch syntax ("a phrase", or, -word); a longer search is cut, not
    refused, to the first characters that are searched."""

    q = forms.CharField(label=_("Words to look for"), required=False, strip=True)
    longest = search.LONGEST_QUERY
    was_cut = False

    def clean_q(self) -> str:
        typed = self.cleaned_data["q"]
        self.was_cut = len(typed) > search.LONGEST_QUERY
        return search.query_cleaned(typed)

    @property
    def text(self) -> str:
        """What is searched for; nothing when nothing usable was typed."""
        return self.cleaned_data["q"] if self.is_valid() else ""


def searched(request, proposals, comments_of, per_page: int = PER_PAGE):
    """The page of `proposals` matching the request's search, each with its passage: the form
    and the page (None when nothing was searched for). Three queries: count, page, passages."""
    form = ProposalSearch(request.GET)
    if not form.text:
        return form, None
    found = search.proposals_matching(proposals=proposals, text=form.text, comments_of=comments_of)
    page = Paginator(found, per_page).get_page(request.GET.get("page"))
    search.passages(proposals=page.object_list, text=form.text, comments_of=comments_of)
    return form, page


@require_safe
@login_required
def proposal_search(request):
    user = request.user
    form, page = searched(
        request, proposals_visible_to(user=user), proposals_with_comments_for(user=user)
    )
    return render(request, "proposals/proposal_search.html", {"form": form, "page": page})
