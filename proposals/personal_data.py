"""A person's data in proposals: the proposals they started, the texts they wrote, their
comments and the steps they took. Erasure changes none of it: the texts belong to their
learning set, and the authorship reads the account, which erasure makes anonymous."""

from django.db.models import F

from accounts.personal_data import Part, Person, register
from proposals.models import Comment, Proposal, Revision, Transition


def register_part() -> None:
    register(Part("proposals", export))


def export(person: Person) -> dict:
    user = person.user
    if user is None:
        return {"proposals_started": [], "texts": [], "comments": [], "steps": []}
    texts = Revision.objects.filter(author=user).order_by("created_at", "pk")
    comments = Comment.objects.filter(author=user).order_by("created_at", "pk")
    steps = Transition.objects.filter(by=user).order_by("at", "pk")
    return {
        "proposals_started": list(
            Proposal.objects.filter(created_by=user)
            .order_by("created_at", "pk")
            .values("title", "status", "created_at")
        ),
        "texts": list(
            texts.values(
                "created_at",
                "version",
                "text",
                proposal_title=F("section__proposal__title"),
                section_title=F("section__title"),
            )
        ),
        "comments": list(
            comments.values(
                "created_at",
                "body",
                proposal_title=F("proposal__title"),
                section_title=F("section__title"),
            )
        ),
        "steps": list(
            steps.values(
                "at", "from_status", "to_status", "note", proposal_title=F("proposal__title")
            )
        ),
    }
