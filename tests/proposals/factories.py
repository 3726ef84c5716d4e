from learningsets.models import LearningSet
from proposals import services
from proposals.models import FundingSource


def make_proposal(learning_set: LearningSet, *, title="Start-up support for migrant entrepreneurs",
                  funding_source=FundingSource.ERDF, by=None):  # fmt: skip
    """A draft created as users create them: through the service, with its sections."""
    return services.proposal_create(
        learning_set=learning_set, title=title, funding_source=funding_source, by=by
    )
