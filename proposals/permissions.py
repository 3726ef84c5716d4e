"""Who may see and change a proposal: one predicate per question, used by every view."""

from accounts.team import is_management, management_with
from proposals.models import Proposal

EDITABLE = {Proposal.Status.DRAFT, Proposal.Status.CHANGES_REQUESTED}

# What the management team does with proposals on the site, and the admin's permission for it.
READ_EVERY_PROPOSAL = "proposals.view_proposal"  # every proposal, its history and comments
REVIEW = "proposals.change_proposal"  # the review's steps (the admin's actions ask the same)
COMMENT = "proposals.add_comment"  # comments on any proposal the team reads


def reads_every_proposal(user) -> bool:
    """The management team's reader: every proposal, with its history and comments."""
    return is_management(user, READ_EVERY_PROPOSAL)


def is_reviewer(user) -> bool:
    """Who takes the review's steps (not on a proposal they are an author of: the workflow)."""
    return is_management(user, [READ_EVERY_PROPOSAL, REVIEW])


def reviewers():
    """The active reviewers: told of submissions and withdrawals."""
    return management_with(READ_EVERY_PROPOSAL, REVIEW)


def team_readers():
    """The active team members who read every proposal: told of the authors' comments."""
    return management_with(READ_EVERY_PROPOSAL)


def is_learning_set_author(user, learning_set) -> bool:
    """Members of the learning set and the contacts of its partner: who write its proposals.

    Asked several times by one page (can_view, can_edit, the template), it is answered once per
    user object, which is the request's: the next request loads its user, and its answer, anew.
    """
    if not user.is_authenticated:
        return False
    answers = user.__dict__.setdefault("_learning_set_author", {})
    if learning_set.pk not in answers:
        answers[learning_set.pk] = (
            learning_set.members.current().filter(user=user).exists()
            or learning_set.partner.contacts.filter(pk=user.pk).exists()
        )
    return answers[learning_set.pk]


def is_author(user, proposal: Proposal) -> bool:
    """Members of the proposal's learning set and the contacts of its partner."""
    return is_learning_set_author(user, proposal.learning_set)


def can_view(user, proposal: Proposal) -> bool:
    if proposal.is_public:
        return True
    return reads_every_proposal(user) or is_author(user, proposal)


def can_edit(user, proposal: Proposal) -> bool:
    return proposal.status in EDITABLE and is_author(user, proposal)


def can_comment(user, proposal: Proposal) -> bool:
    return proposal.status != Proposal.Status.WITHDRAWN and (
        is_management(user, [READ_EVERY_PROPOSAL, COMMENT]) or is_author(user, proposal)
    )


def can_see_document(user, document) -> bool:
    """A document of a proposal the user may see: its authors and the team see every one, the
    replaced and deleted ones too; a reader of a public proposal only its current public ones."""
    proposal = document.proposal
    if reads_every_proposal(user) or is_author(user, proposal):
        return True
    return proposal.is_public and document.is_public and document.removed_at is None
