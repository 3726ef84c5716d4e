"""A person's data in proposals: the proposals they started, the texts they wrote (alone or
as a co-author of a live burst), their comments, the steps they took, the documents they
attached (what each is, not its content) and, for a reviewer of the team, their score sheets.
Erasure keeps the texts and documents, which belong to their learning set: the authorship,
the co-authorship and the uploader read the account, which erasure makes anonymous, and a
document's title or name that copied the person's name or address is scrubbed of it. A
reviewer's scores stay too (a round's totals stand) and their sheets read the anonymous
account; their notes lose the person's name and addresses."""

from django.db.models import Exists, F, OuterRef, Q

from accounts.personal_data import Erasure, Part, Person, Rows, register
from common.erasure import scrub
from proposals.models import Comment, Document, Proposal, Revision, Score, ScoreSheet, Transition

SHEETS = "proposals.scoresheet"


def register_part() -> None:
    register(Part("proposals", export, rows, erase=erase))


def export(person: Person) -> dict:
    user = person.user
    if user is None:
        return {
            "proposals_started": [],
            "texts": [],
            "comments": [],
            "steps": [],
            "documents": [],
            "scores": [],
        }
    coauthored = Revision.coauthors.through.objects.filter(revision=OuterRef("pk"), user=user)
    texts = (
        Revision.objects.annotate(co_author=Exists(coauthored))
        .filter(Q(author=user) | Q(co_author=True))
        .order_by("created_at", "pk")
    )
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
                "co_author",
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
        "scores": export_scores(person),
    }


def _sheets(person: Person):
    if person.user is None:
        return ScoreSheet.objects.none()
    return ScoreSheet.objects.filter(reviewer=person.user).order_by("created_at", "pk")


def export_scores(person: Person) -> list[dict]:
    sheets = _sheets(person).select_related("round__proposal", "round__rubric_version")
    scores = Score.objects.filter(sheet__in=sheets).select_related("criterion").order_by("pk")
    by_sheet: dict[int, list[dict]] = {}
    for score in scores:
        by_sheet.setdefault(score.sheet_id, []).append(
            {"criterion": score.criterion.name, "score": score.value, "note": score.note}
        )
    return [
        {
            "proposal_title": sheet.round.proposal.title,
            "round": sheet.round.number,
            "rubric": str(sheet.round.rubric_version or ""),
            "created_at": sheet.created_at,
            "updated_at": sheet.updated_at,
            "scores": by_sheet.get(sheet.pk, []),
        }
        for sheet in sheets
    ]


def rows(person: Person) -> Rows:
    return {SHEETS: list(_sheets(person).values_list("pk", flat=True))}


def erase(erasure: Erasure) -> None:
    scrub(Document.objects.all(), ["title", "name"], erasure.replacements())
    notes = Score.objects.filter(sheet__in=erasure.ids(SHEETS))
    scrub(notes, ["note"], erasure.replacements())
