"""Calls: which are open to a learning set, and the proposals whose free-text call names one.

Before calls were curated a proposal named its call in free text (`Proposal.call`, kept as it
is). A proposal without a curated call whose text is, case aside, the name of exactly one call
in any language is linked to it: by the migration that made calls (0005_calls), and again each
time the team saves a call in the admin, so that proposals started before a call was curated
find it. A text that names no call, or several, stays as it is, unlinked.
"""

from collections import defaultdict

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from proposals.models import Call, Proposal


def calls_open_to(*, learning_set, at=None) -> QuerySet[Call]:
    """The calls open now whose eligible sub-themes include the learning set's, soonest first."""
    at = at or timezone.now()
    return Call.objects.filter(
        opens_at__lte=at, deadline__gt=at, sub_themes=learning_set.sub_theme_id
    ).order_by("deadline", "pk")


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def link_by_name(*, proposal_model, call_model) -> int:
    """Link every proposal without a call to the one call its free text names; returns how many
    were linked. Takes the models, so that the migration runs it on its own historical ones."""
    name_fields = [f.attname for f in call_model._meta.fields if f.name.startswith("name")]
    calls_named = defaultdict(set)
    for pk, *names in call_model.objects.values_list("pk", *name_fields):
        for name in filter(None, names):
            calls_named[_key(name)].add(pk)
    unlinked = proposal_model.objects.filter(funding_call__isnull=True).exclude(call="")
    to_call = defaultdict(list)
    for pk, text in unlinked.values_list("pk", "call"):
        named = calls_named.get(_key(text), set())
        if len(named) == 1:
            to_call[next(iter(named))].append(pk)
    for call_pk, proposal_pks in to_call.items():
        proposal_model.objects.filter(pk__in=proposal_pks).update(funding_call=call_pk)
    return sum(len(pks) for pks in to_call.values())


@transaction.atomic
def proposals_link_to_calls() -> int:
    """After the team saved a call: link the proposals whose free-text call names it."""
    return link_by_name(proposal_model=Proposal, call_model=Call)
