from django.urls import path

from proposals.views import (
    budget,
    comments,
    documents,
    drafting,
    export,
    history,
    library,
    scoring,
    search,
    workflow,
)

app_name = "proposals"

proposal = "proposals/<int:pk>/"

urlpatterns = [
    path("proposals/", library.proposal_library, name="library"),
    path("proposals/review/", workflow.review_list, name="review"),
    path("proposals/search/", search.proposal_search, name="search"),
    path(
        "learning-sets/<int:pk>/proposals/",
        drafting.learning_set_proposals,
        name="for_learning_set",
    ),
    path(proposal, drafting.proposal_detail, name="detail"),
    path(proposal + "sections/<slug:key>/", drafting.section_save, name="section_save"),
    path(
        proposal + "sections/<slug:key>/preview/",
        drafting.section_preview,
        name="section_preview",
    ),
    path(proposal + "submit/", workflow.submission_checklist, name="submit"),
    path(proposal + "details/", budget.proposal_details, name="details"),
    path(proposal + "budget/", budget.proposal_budget, name="budget"),
    path(proposal + "history/", history.proposal_history, name="history"),
    path(
        proposal + "revisions/<int:revision_pk>/restore/",
        history.revision_restore,
        name="restore",
    ),
    path(proposal + "comments/", comments.comment_add, name="comment_add"),
    path(
        proposal + "comments/<int:comment_pk>/resolve/",
        comments.comment_resolve,
        name="comment_resolve",
    ),
    path(proposal + "transition/<slug:action>/", workflow.proposal_transition, name="transition"),
    path(proposal + "pdf/", export.proposal_pdf, name="pdf"),
    path(proposal + "documents/", documents.proposal_documents, name="documents"),
    path(
        proposal + "documents/<int:document_pk>/",
        documents.document_download,
        name="document_download",
    ),
    path(
        proposal + "documents/<int:document_pk>/replace/",
        documents.document_replace,
        name="document_replace",
    ),
    path(
        proposal + "documents/<int:document_pk>/delete/",
        documents.document_delete,
        name="document_delete",
    ),
    path(proposal + "scores/", scoring.proposal_scores, name="scores"),
]
