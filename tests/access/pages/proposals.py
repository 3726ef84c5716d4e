"""The pages of funding proposals: the library, the review list, a learning set's proposals,
and a proposal's text, particulars, budget, history, comments, workflow, scores and PDF."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from proposals import workflow
from tests.access.pages.expectations import Listing, Page, by, login, to
from tests.access.pages.world import World

BUDGET_ROW = ("line", "category", "description", "amount")
LETTER = b"%PDF-1.4\n%%EOF\n"


class Rewound(SimpleUploadedFile):
    """A file the matrix posts once for every role: read whole each time."""

    def read(self, *args):
        self.seek(0)
        return super().read(*args)


def document_form() -> dict:
    return {
        "title": "A letter from the matrix test",
        "kind": "letter_of_support",
        "file": Rewound("letter.pdf", LETTER, content_type="application/pdf"),
    }


def pages(w: World) -> list[Page]:
    LOGIN = login()
    listed = Listing()
    page = listed.page

    authors = ("contact", "member")
    their_authors = ("other_contact",)
    page("proposals:library", "", [], by(200))
    # The grown world's proposals are titled "Grown …": a search finds more of them at scale.
    library_search = {"q": "grown", "funding_source": "erdf", "year": "1999", "country": "ZZ"}
    page("proposals:library", "search, filters", [], by(200), query=library_search)
    page("proposals:review", "", [], by(404, anonymous=LOGIN, team=200))
    page("proposals:search", "", [], by(200, anonymous=LOGIN))
    searched = {"q": "grown"}
    page(
        "proposals:search",
        "words",
        [],
        by(200, anonymous=login(back="/proposals/search/?q=grown")),
        query=searched,
    )
    start = {"title": "A new proposal", "funding_source": "esf"}
    for label, learning_set, writers in (
        ("learning_set", w.learning_set, authors),
        ("other_learning_set", w.other_learning_set, their_authors),
    ):
        args = [learning_set.pk]
        readers = (*writers, "team")
        page(
            "proposals:for_learning_set",
            label,
            args,
            by(404, anonymous=LOGIN, **dict.fromkeys(readers, 200)),
        )
        page(
            "proposals:for_learning_set",
            label,
            args,
            by(404, anonymous=LOGIN, team=403, **dict.fromkeys(writers, to("/proposals/"))),
            "POST",
            start,
            writes=writers,
        )

    def budget_with_one_line_more(proposal) -> dict:
        """The budget form as its page posts it: every saved line kept, and a new one (a
        placeholder world has no rows to keep: its pages are only listed)."""
        saved = (
            []
            if w.is_placeholder
            else list(
                proposal.budget_lines.order_by("position").values_list(
                    "pk", "category", "description", "amount"
                )
            )
        )
        rows = [*saved, ("", "staff", "Coordinator", "12000")]
        data = {"lines-TOTAL_FORMS": str(len(rows)), "lines-INITIAL_FORMS": str(len(saved))}
        for n, row in enumerate(rows):
            data |= dict(zip([f"lines-{n}-{f}" for f in BUDGET_ROW], map(str, row), strict=True))
        return data

    text = {"text": "A text written in the matrix test.", "version": w.section_version}
    for label, proposal, writers, revision, comment in (
        ("proposal", w.proposal, authors, w.revision, w.comment),
        ("other_proposal", w.other_proposal, their_authors, w.other_revision, w.other_comment),
    ):
        detail = reverse("proposals:detail", args=[proposal.pk])
        readers = (*writers, "team")
        can_read = by(404, anonymous=LOGIN, **dict.fromkeys(readers, 200))
        page("proposals:detail", label, [proposal.pk], can_read)
        page("proposals:history", label, [proposal.pk], can_read)
        # The particulars and the budget: the authors write them, the team reads them.
        page("proposals:details", label, [proposal.pk], can_read)
        page("proposals:budget", label, [proposal.pk], can_read)
        # The PDF is for whoever may see the proposal; it is no page to log in for.
        page("proposals:pdf", label, [proposal.pk], by(404, **dict.fromkeys(readers, 200)))
        # The scores: the authors' and the team's. A draft has no round to score: a reviewer
        # and the authors alike are told why on the page, and nothing changes.
        scores = reverse("proposals:scores", args=[proposal.pk])
        page("proposals:scores", label, [proposal.pk], can_read)
        page(
            "proposals:scores",
            label,
            [proposal.pk],
            by(404, anonymous=LOGIN, **dict.fromkeys(readers, to(scores))),
            "POST",
            {"round": "1"},
        )
        section_args = [proposal.pk, w.section_key]
        page("proposals:section_save", label, section_args, by(405))
        page(
            "proposals:section_save",
            label,
            section_args,
            by(
                404,
                # The text stays in the browser; after logging in, back to the proposal.
                anonymous=login(back=detail),
                team=403,
                **dict.fromkeys(writers, to(detail)),
            ),
            "POST",
            text,
            writes=writers,
        )
        # The live editor's preview: its authors get the HTML; a visitor (the fetch of a page
        # logged out meanwhile) is told so with 403, not sent to the login page.
        page("proposals:section_preview", label, section_args, by(405))
        page(
            "proposals:section_preview",
            label,
            section_args,
            by(404, anonymous=403, team=403, **dict.fromkeys(writers, 200)),
            "POST",
            {"text": "A **preview** in the matrix test."},
        )
        # What is missing before Submit for review: the authors'; the team is told it does
        # not submit.
        page(
            "proposals:submit",
            label,
            [proposal.pk],
            by(404, anonymous=LOGIN, team=403, **dict.fromkeys(writers, 200)),
        )
        if label != "proposal":
            continue
        details = reverse("proposals:details", args=[proposal.pk])
        budget = reverse("proposals:budget", args=[proposal.pk])
        page(
            "proposals:details",
            label,
            [proposal.pk],
            by(404, anonymous=LOGIN, team=403, **dict.fromkeys(writers, to(details))),
            "POST",
            {"title": "Renamed in the matrix test", "funding_source": "erdf",
             "co_financing_rate": "60"},
            writes=writers,
        )  # fmt: skip
        page(
            "proposals:budget",
            label,
            [proposal.pk],
            by(404, anonymous=LOGIN, team=403, **dict.fromkeys(writers, to(budget))),
            "POST",
            budget_with_one_line_more(proposal),
            writes=writers,
        )
        history = reverse("proposals:history", args=[proposal.pk])
        restore = [proposal.pk, revision.pk]
        page("proposals:restore", "proposal, revision", restore, by(405, anonymous=LOGIN))
        page(
            "proposals:restore",
            "proposal, revision",
            restore,
            # The team reads the history but writes no text: refused with a message.
            by(404, anonymous=LOGIN, team=to(history), **dict.fromkeys(writers, to(detail))),
            "POST",
            writes=writers,
        )
        page(
            "proposals:restore",
            "proposal, other_revision",  # IDOR
            [proposal.pk, w.other_revision.pk],
            by(404, anonymous=LOGIN),
            "POST",
        )
        page(
            "proposals:restore",
            "other_proposal, revision",  # IDOR
            [w.other_proposal.pk, revision.pk],
            by(404, anonymous=LOGIN),
            "POST",
        )
        commenters = (*writers, "team")
        page("proposals:comment_add", label, [proposal.pk], by(405, anonymous=LOGIN))
        page(
            "proposals:comment_add",
            label,
            [proposal.pk],
            by(404, anonymous=LOGIN, **dict.fromkeys(commenters, to(detail))),
            "POST",
            {"body": "A comment from the matrix test."},
            writes=commenters,
        )
        page(
            "proposals:comment_add",
            "proposal, reply to other_comment",  # IDOR
            [proposal.pk],
            by(404, anonymous=LOGIN),
            "POST",
            {"body": "A reply.", "parent": w.other_comment.pk},
        )
        resolve = [proposal.pk, comment.pk]
        page("proposals:comment_resolve", "proposal, comment", resolve, by(405, anonymous=LOGIN))
        page(
            "proposals:comment_resolve",
            "proposal, comment",
            resolve,
            by(404, anonymous=LOGIN, **dict.fromkeys(commenters, to(detail))),
            "POST",
            {"action": "resolve"},
            writes=commenters,
        )
        for ids_label, ids in (
            ("proposal, other_comment", [proposal.pk, w.other_comment.pk]),
            ("other_proposal, comment", [w.other_proposal.pk, comment.pk]),
        ):  # IDOR
            page("proposals:comment_resolve", ids_label, ids, by(404, anonymous=LOGIN), "POST",
                 {"action": "resolve"})  # fmt: skip
        # The workflow: on a draft only the authors' "withdraw" is a step they may take;
        # every other step is refused with a message, and nothing changes. Who may not see
        # the proposal gets 404; a visitor not logged in (logged out in another tab) is sent
        # to log in and then back to the proposal, to press the button again.
        for action in (*workflow.ACTIONS, "no-such-step"):
            known = action in workflow.ACTIONS
            page("proposals:transition", f"proposal, {action}", [proposal.pk, action], by(405))
            page(
                "proposals:transition",
                f"proposal, {action}",
                [proposal.pk, action],
                by(
                    404,
                    anonymous=login(back=detail),
                    **dict.fromkeys(readers, to(detail) if known else 404),
                ),
                "POST",
                {"note": "A note from the matrix test."},
                writes=writers if action == "withdraw" else (),
            )
        page(
            "proposals:transition",
            "other_proposal, withdraw",  # IDOR
            [w.other_proposal.pk, "withdraw"],
            by(
                404,
                anonymous=login(back=reverse("proposals:detail", args=[w.other_proposal.pk])),
                **dict.fromkeys(
                    ["other_contact", "team"],
                    to(reverse("proposals:detail", args=[w.other_proposal.pk])),
                ),
            ),
            "POST",
            writes=["other_contact"],
        )

    # A proposal in the public library: everybody reads it, its details, budget and PDF; its
    # history and comments stay its authors' and the team's; nobody writes its text any more.
    if w.public_proposal is not None:
        public = w.public_proposal
        detail = reverse("proposals:detail", args=[public.pk])
        page("proposals:detail", "public_proposal", [public.pk], by(200))
        page("proposals:pdf", "public_proposal", [public.pk], by(200))
        for name in ("proposals:history", "proposals:scores"):
            page(name, "public_proposal", [public.pk],
                 by(404, anonymous=LOGIN, other_contact=200, team=200))  # fmt: skip
        for name in ("proposals:details", "proposals:budget"):
            # Its author is told why it cannot be changed now; everybody else reads it.
            page(name, "public_proposal", [public.pk], by(200, other_contact=403))
        page(
            "proposals:details",
            "public_proposal",
            [public.pk],
            by(403, anonymous=LOGIN),
            "POST",
            {"title": "Renamed in the matrix test", "funding_source": "erdf",
             "co_financing_rate": "60"},
        )  # fmt: skip
        page(
            "proposals:section_save",
            "public_proposal",
            [public.pk, w.section_key],
            by(403, anonymous=login(back=detail)),
            "POST",
            text,
        )
        page(
            "proposals:section_preview",
            "public_proposal",
            [public.pk, w.section_key],
            by(403),
            "POST",
            {"text": "A **preview** in the matrix test."},
        )
        # Approved: nobody submits it; whoever may see it is told why.
        page("proposals:submit", "public_proposal", [public.pk], by(403, anonymous=LOGIN))
        page(
            "proposals:comment_add",
            "public_proposal",
            [public.pk],
            by(404, anonymous=LOGIN, other_contact=to(detail), team=to(detail)),
            "POST",
            {"body": "A comment on an approved proposal."},
            writes=["other_contact", "team"],
        )
        # Only the team takes it out of the library; anybody else is told so.
        page(
            "proposals:transition",
            "public_proposal, unpublish",
            [public.pk, "unpublish"],
            by(to(detail), anonymous=login(back=detail)),
            "POST",
            writes=["team"],
        )
    if w.document is not None:
        document_pages(w, page)
    return listed


def document_pages(w: World, page) -> None:
    """A proposal's documents: their page and the download for whoever reads the proposal
    (the public ones of a public proposal for everybody); attaching, replacing and deleting
    for its authors while it is a draft."""
    LOGIN = login()
    for label, proposal, document, writers in (
        ("proposal", w.proposal, w.document, ("contact", "member")),
        ("other_proposal", w.other_proposal, w.other_document, ("other_contact",)),
    ):
        detail = reverse("proposals:detail", args=[proposal.pk])
        readers = (*writers, "team")
        can_read = by(404, anonymous=LOGIN, **dict.fromkeys(readers, 200))
        ids = [proposal.pk, document.pk]
        page("proposals:documents", label, [proposal.pk], can_read)
        page("proposals:document_download", f"{label}, document", ids, can_read)
        changed = by(404, anonymous=LOGIN, team=403, **dict.fromkeys(writers, to(detail)))
        page("proposals:documents", label, [proposal.pk], changed, "POST", document_form(),
             writes=writers)  # fmt: skip
        page("proposals:document_replace", f"{label}, document", ids,
             by(404, anonymous=LOGIN, team=403, **dict.fromkeys(writers, 200)))  # fmt: skip
        page("proposals:document_replace", f"{label}, document", ids, changed, "POST",
             document_form(), writes=writers)  # fmt: skip
        page("proposals:document_delete", f"{label}, document", ids, by(405))
        page("proposals:document_delete", f"{label}, document", ids, changed, "POST",
             writes=writers)  # fmt: skip
    crossed = [w.proposal.pk, w.other_document.pk]  # IDOR: another proposal's document
    for name in ("proposals:document_download", "proposals:document_replace"):
        page(name, "proposal, other_document", crossed, by(404, anonymous=LOGIN))
    page("proposals:document_delete", "proposal, other_document", crossed,
         by(404, anonymous=LOGIN), "POST")  # fmt: skip
    if w.public_proposal is None or w.public_document is None:
        return
    public = [w.public_proposal.pk]
    page("proposals:documents", "public_proposal", public, by(200))
    page("proposals:document_download", "public_proposal, public_document",
         [*public, w.public_document.pk], by(200))  # fmt: skip
    # Approved: nobody changes its documents any more, its authors included (told why).
    page("proposals:documents", "public_proposal", public, by(403, anonymous=LOGIN), "POST",
         document_form())  # fmt: skip
