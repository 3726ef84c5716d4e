from learningsets.models import LearningSet
from proposals import services
from proposals.models import FundingSource


def make_proposal(learning_set: LearningSet, *, title="Start-up support for migrant entrepreneurs",
                  funding_source=FundingSource.ERDF, by=None, language="en-gb"):  # fmt: skip
    """A draft created as users create them: through the service, with its sections; written in
    English unless told (a Portuguese partner's would otherwise default to Portuguese)."""
    return services.proposal_create(
        learning_set=learning_set,
        title=title,
        funding_source=funding_source,
        by=by,
        language=language,
    )


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
