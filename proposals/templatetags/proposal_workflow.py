from django import template

from partners.permissions import is_management
from proposals import permissions, workflow

register = template.Library()


@register.simple_tag(takes_context=True)
def proposal_workflow(context, proposal) -> dict:
    """The actions the viewer may take on the proposal now and, for its authors and the team,
    the steps so far (the public sees neither who reviewed it nor the notes)."""
    user = context["user"]
    team, author = is_management(user), permissions.is_author(user, proposal)
    return {
        "actions": workflow.actions_allowed(proposal=proposal, team=team, author=author),
        "history": proposal.transitions.select_related("by") if team or author else [],
    }
