"""The kinds of e-mail the proposals send, registered with the outbox when the app starts
(ProposalsConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from outbox import kinds

PROPOSAL_COMMENT = "proposal_comment"
PROPOSAL_SUBMITTED = "proposal_submitted"
PROPOSAL_IN_REVIEW = "proposal_in_review"
PROPOSAL_CHANGES_REQUESTED = "proposal_changes_requested"
PROPOSAL_APPROVED = "proposal_approved"
PROPOSAL_WITHDRAWN = "proposal_withdrawn"
PROPOSAL_DEADLINE_REMINDER = "proposal_deadline_reminder"

# One example value per placeholder of these kinds, for the admin's previews.
EXAMPLES = {
    "action": "commented on",
    "author": "Dora Costa",
    "by": "Dora Costa",
    "call": "Lisbon Regional Operational Programme: social inclusion",
    "deadline": "30 June 2008, 17:00 WEST",
    "excerpt": "Please say in the work plan who runs the mentoring sessions.",
    "learning_set": "Amadora: Enterprise support and development",
    "missing": "- Objectives is empty.\n- Target groups is empty.",
    "name": "Bob Martins",
    "note": "Please say in the work plan who runs the mentoring sessions.",
    "proposal": "Start-up support for migrant entrepreneurs",
    "proposal_url": "https://mile.example/proposals/1/",
    "recipient": "Bob Martins",
    "section": "Work plan",
    "time_left": "3 days left",
}


def register() -> None:
    for name, label in [
        (PROPOSAL_COMMENT, _("Proposal: new comment")),
        (PROPOSAL_SUBMITTED, _("Proposal submitted")),
        (PROPOSAL_IN_REVIEW, _("Proposal in review")),
        (PROPOSAL_CHANGES_REQUESTED, _("Proposal: changes requested")),
        (PROPOSAL_APPROVED, _("Proposal approved")),
        (PROPOSAL_WITHDRAWN, _("Proposal withdrawn")),
        (PROPOSAL_DEADLINE_REMINDER, _("Proposal: the call's deadline is near")),
    ]:
        kinds.register(name, label=label, examples=EXAMPLES)
