"""A person's data in proposals: the proposals they started, the texts they wrote, their
comments, the steps they took and the documents they attached (what each is, not its content).
Erasure keeps the texts and documents, which belong to their learning set: the authorship and
the uploader read the account, which erasure makes anonymous, and a document's title or name
that copied the person's name or address is scrubbed of it."""

from django.db.models import F

from accounts.personal_data import Erasure, Part, Person, register
from common.erasure import scrub
from proposals.models import Comment, Document, Proposal, Revision, Transition


def register_part() -> None:
    register(Part("proposals", export, erase=erase))


def erase(erasure: Erasure) -> None:
    scrub(Document.objects.all(), ["title", "name"], erasure.replacements())


def export(person: Person) -> dict:
    user = person.user
    if user is None:
        return {"proposals_started": [], "texts": [], "comments": [], "steps": [], "documents": []}
    texts = Revision.objects.filter(author=user).order_by("created_at", "pk")
    comments = Comment.objects.filter(author=user).order_by("created_at", "pk")
    steps = Transition.objects.filter(by=user).order_by("at", "pk")
    documents = Document.objects.filter(uploaded_by=user).order_by("uploaded_at", "pk")
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
        "documents": list(
            documents.values(
                "uploaded_at",
                "title",
                "kind",
                "name",
                "size",
                "removed_at",
                proposal_title=F("proposal__title"),
            )
        ),
    }
