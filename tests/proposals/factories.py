import datetime as dt

from django.utils import timezone

from learningsets.models import LearningSet
from proposals import services
from proposals.models import Call, FundingSource


def make_proposal(learning_set: LearningSet, *, title="Start-up support for migrant entrepreneurs",
                  funding_source=FundingSource.ERDF, by=None, language="en-gb",
                  funding_call=None):  # fmt: skip
    """A draft created as users create them: through the service, with its sections; written in
    English unless told (a Portuguese partner's would otherwise default to Portuguese)."""
    return services.proposal_create(
        learning_set=learning_set,
        title=title,
        funding_source=funding_source,
        by=by,
        language=language,
        funding_call=funding_call,
    )


def make_call(*sub_themes, name="Lisbon ROP: social inclusion", funding_source=FundingSource.ERDF,
              opens_at=None, deadline=None, time_zone="Europe/Lisbon", **fields):  # fmt: skip
    """A call the team curated: open since a month ago, its deadline 30 days ahead unless told,
    eligible for `sub_themes`."""
    now = timezone.now()
    call = Call.objects.create(
        name=name,
        funding_source=funding_source,
        opens_at=opens_at or now - dt.timedelta(days=30),
        deadline=deadline or now + dt.timedelta(days=30),
        time_zone=time_zone,
        **fields,
    )
    call.sub_themes.set(sub_themes)
    return call


def make_document(proposal, *, by, title="Letter of support", name="letter.pdf", content=None,
                  kind="letter_of_support", is_public=False):  # fmt: skip
    """A document attached as its authors attach one: through the service, stored for real."""
    from proposals.documents import document_add
    from tests.proposals.files import PDF, upload

    return document_add(
        proposal=proposal,
        title=title,
        kind=kind,
        upload=upload(name, PDF if content is None else content),
        is_public=is_public,
        by=by,
    )
