"""A person with data in every app, and a scan of every text column in the database for what
identifies them: the honest test that an erasure left no copy behind."""

from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.db import models
from django.db.models import Q, TextField
from django.db.models.functions import Cast

from learningsets.invitations import account_invitation_send
from learningsets.models import Action, LearningLogEntry
from outbox.models import Email
from proposals.comments import comment_add
from proposals.services import section_save
from tests.factories import ActionFactory, MeetingFactory, MemberFactory, UserFactory
from tests.proposals.factories import make_document, make_proposal
from workshops.models import TakeHome
from workshops.services import delegates_register

# What identifies Marta: found nowhere once she is erased (case-insensitive).
MARTA = ["marta", "quaresma"]


def make_marta(*, als, sibling, workshop, contact, team, tag=""):
    """Marta Quaresma: an account with a second proven address, a member of `als` (linked) and
    of `sibling` (by the second address, not linked), a contact of the partner, a delegate,
    the author of a proposal's text, a comment and a document, named in the admin's log and in
    an e-mail to someone else; at a meeting of `als` she brought a problem, owns two actions
    (one done) and wrote in the learning log, she was a guest (typed by name) at the Local
    Support Group's meeting, and she wrote the set's take-home of the workshop."""
    user = UserFactory(
        email=f"marta{tag}@amadora.example", first_name="Marta", last_name="Quaresma"
    )
    home = f"marta.home{tag}@example.org"
    EmailAddress.objects.create(user=user, email=home, verified=True)
    member = MemberFactory(
        learning_set=als,
        name="Marta Quaresma",
        email=user.email,
        user=user,
        organisation="Quaresma Consulting",
        position="Director",
    )
    other = MemberFactory(
        learning_set=sibling, name="Marta Q.", email=home, organisation="Quaresma Consulting"
    )
    als.partner.contacts.add(user)
    account_invitation_send(member=other, by=contact)
    delegates_register(workshop=workshop, partner=als.partner, members=[member], by=contact)
    proposal = make_proposal(als, by=user)
    section = proposal.sections.first()
    section_save(section=section, text="A business incubator.", version=0, by=user)
    comment_add(proposal=proposal, section=None, body="Ready for review.", by=user)
    make_document(proposal, by=user, title="Letter of support, asked for by Marta Quaresma")
    LogEntry.objects.log_actions(
        user_id=team.pk, queryset=[member], action_flag=CHANGE, change_message="[]"
    )
    Email.objects.create(
        kind="invitation",
        to=contact.email,
        language="en-gb",
        subject="Marta Quaresma confirmed",
        body_text=f"Marta Quaresma ({user.email}) will come.",
        body_html="<p>Marta Quaresma will come.</p>",
        dedupe_key=f"notice:1{tag}",
    )
    _action_learning(member, workshop, user)
    return user


def _action_learning(member, workshop, user) -> None:
    action = ActionFactory(
        problem__meeting__learning_set=member.learning_set,
        problem__brought_by=member,
        problem__description="Marta Quaresma's clients find no microcredit.",
        description="Marta Quaresma calls the bank.",
    )
    meeting = action.problem.meeting
    meeting.attendees.add(member)
    ActionFactory(
        problem=action.problem,
        owner=member,
        description="Write to the chamber.",
        state=Action.State.DONE,
        outcome="Done by Marta Q. in May.",
    )
    LearningLogEntry.objects.create(
        meeting=meeting, author=member, text="I, Marta Quaresma, learnt to ask first."
    )
    MeetingFactory(
        learning_set=None,
        partner=member.learning_set.partner,
        guests="Marta Quaresma\nPaulo Reis",
    )
    TakeHome.objects.update_or_create(
        workshop=workshop,
        learning_set=member.learning_set,
        defaults={"learning_points": "Marta Quaresma showed the incubator.", "written_by": user},
    )


def occurrences(words: list[str]) -> dict[str, int]:
    """Every model's text columns (history and the admin log included) holding a word:
    {"app.model.field": rows}."""
    found = {}
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField):
                column = field.name
                rows = model._base_manager.all()
            elif isinstance(field, models.JSONField):
                column = f"{field.name}_text"
                rows = model._base_manager.annotate(**{column: Cast(field.name, TextField())})
            else:
                continue
            match = Q()
            for word in words:
                match |= Q(**{f"{column}__icontains": word})
            count = rows.filter(match).count()
            if count:
                found[f"{model._meta.label_lower}.{field.name}"] = count
    return found
