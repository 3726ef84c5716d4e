"""The pages of learning sets and their members: public, and the ones partner contacts keep
their members up to date on (from My partner)."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from learningsets.models import Member
from tests.access.pages.expectations import Listing, Page, by, login, looked_after_by, to
from tests.access.pages.world import World


def member_data(learning_set, name, email):
    return {
        "learning_set": learning_set.pk,
        "name": name,
        "email": email,
        "organisation": "Câmara Municipal",
        "position": "",
        "actor_type": Member.ActorType.PRACTITIONER,
    }


def pages(w: World) -> list[Page]:
    LOGIN = login()
    listed = Listing()
    page = listed.page
    ours, theirs = w.partner, w.other_partner
    manage = reverse("partners:manage", args=[ours.slug])
    their_manage = reverse("partners:manage", args=[theirs.slug])
    ours_only, theirs_only = looked_after_by("contact"), looked_after_by("other_contact")

    for label, learning_set in (
        ("learning_set", w.learning_set),
        ("other_learning_set", w.other_learning_set),
    ):
        page("learningsets:detail", label, [learning_set.pk], by(200))
    page("learningsets:sub_theme", "", [w.sub_theme.slug], by(200))

    new_person = member_data(w.learning_set, "Nova Pessoa", "nova@amadora.example")
    their_new_person = member_data(w.other_learning_set, "Nea Prosopo", "nea@komotini.example")
    page("learningsets:member_add", "partner", [ours.slug], ours_only)
    page("learningsets:member_add", "other_partner", [theirs.slug], theirs_only)
    page(
        "learningsets:member_add",
        "partner",
        [ours.slug],
        by(404, anonymous=LOGIN, contact=to(manage), team=to(manage)),
        "POST",
        new_person,
        writes=["contact", "team"],
    )
    page(
        "learningsets:member_add",
        "partner, into other_learning_set",
        [ours.slug],
        ours_only,  # the form refuses another partner's set: the page again, nothing saved
        "POST",
        {**new_person, "learning_set": w.other_learning_set.pk},
    )
    page(
        "learningsets:member_add",
        "other_partner",
        [theirs.slug],
        by(404, anonymous=LOGIN, other_contact=to(their_manage), team=to(their_manage)),
        "POST",
        their_new_person,
        writes=["other_contact", "team"],
    )
    for label, args, allowed, get_ok, post_ok, data in member_cases(w):
        page("learningsets:member_edit", label, args, get_ok)
        page("learningsets:member_invite", label, args, by(405, anonymous=LOGIN))
        if data is None:
            continue
        page("learningsets:member_edit", label, args, post_ok, "POST", data, writes=allowed)
        page("learningsets:member_invite", label, args, post_ok, "POST", writes=allowed)
    if w.meeting is not None:
        meeting_pages(w, page)
    return listed


def meeting_data(w: World) -> dict:
    """A meeting a week ago, with nobody ticked (no member's id needed)."""
    day = timezone.localdate() - dt.timedelta(days=7)
    return {"date": day.isoformat(), "starts": "10:00", "ends": "12:00", "place": "Town hall"}


def problem_data(member, problem_id=None) -> dict:
    """A problem with one action (the problem's first, when it has one), owned by `member`."""
    due = (timezone.localdate() + dt.timedelta(days=30)).isoformat()
    return {
        "brought_by": member.pk,
        "description": "Few migrant entrepreneurs ask for advice.",
        "questions": "",
        "actions-TOTAL_FORMS": "1",
        "actions-INITIAL_FORMS": "0",
        "actions-0-description": "Meet the traders' association.",
        "actions-0-owner": member.pk,
        "actions-0-due_on": due,
    }


# A set's meetings: its current members with an account (bob), its partner's contacts (alice)
# and the team; anybody else learns nothing of them (404), a visitor is sent to log in.
SET_PEOPLE = ("contact", "member", "team")
OTHER_SET_PEOPLE = ("other_contact", "team")


def meeting_pages(w: World, page) -> None:
    LOGIN = login()
    ours = by(404, anonymous=LOGIN, **dict.fromkeys(SET_PEOPLE, 200))
    theirs = by(404, anonymous=LOGIN, **dict.fromkeys(OTHER_SET_PEOPLE, 200))
    meetings = "/meetings/"
    ours_post = by(404, anonymous=LOGIN, **dict.fromkeys(SET_PEOPLE, to(meetings)))
    theirs_post = by(404, anonymous=LOGIN, **dict.fromkeys(OTHER_SET_PEOPLE, to(meetings)))
    data = meeting_data(w)

    page("learningsets:meeting_add", "learning_set", [w.learning_set.pk], ours)
    page("learningsets:meeting_add", "other_learning_set", [w.other_learning_set.pk], theirs)
    page(
        "learningsets:meeting_add",
        "learning_set",
        [w.learning_set.pk],
        ours_post,
        "POST",
        data,
        writes=SET_PEOPLE,
    )
    # The Local Support Group: the members of any of the partner's sets (erin too).
    group = by(404, anonymous=LOGIN, contact=200, member=200, other_member=200, team=200)
    group_post = by(
        404,
        anonymous=LOGIN,
        **dict.fromkeys(("contact", "member", "other_member", "team"), to(meetings)),
    )
    page("learningsets:support_group_meeting_add", "partner", [w.partner.slug], group)
    page(
        "learningsets:support_group_meeting_add",
        "partner",
        [w.partner.slug],
        group_post,
        "POST",
        data,
        writes=("contact", "member", "other_member", "team"),
    )

    for label, meeting, get_ok, post_ok, allowed, member in (
        ("meeting", w.meeting, ours, ours_post, SET_PEOPLE, w.member),
        ("other_meeting", w.other_meeting, theirs, theirs_post, OTHER_SET_PEOPLE, w.other_member),
    ):
        if meeting is None:
            continue
        args = [meeting.pk]
        page("learningsets:meeting", label, args, get_ok)
        page("learningsets:meeting_edit", label, args, get_ok)
        page("learningsets:meeting_edit", label, args, post_ok, "POST", data, writes=allowed)
        page("learningsets:problem_add", label, args, get_ok)
        page(
            "learningsets:problem_add",
            label,
            args,
            post_ok,
            "POST",
            problem_data(member),
            writes=allowed,
        )

    meeting_args = [w.meeting.pk]
    problem_args = [w.meeting.pk, w.problem.pk]
    page("learningsets:problem_edit", "meeting, problem", problem_args, ours)
    page(
        "learningsets:problem_edit",
        "meeting, problem",
        problem_args,
        ours_post,
        "POST",
        problem_data(w.member),
        writes=SET_PEOPLE,
    )
    if w.other_meeting is not None:  # IDOR: the problem of another set's meeting
        crossed = [w.other_meeting.pk, w.problem.pk]
        page(
            "learningsets:problem_edit", "other_meeting, problem", crossed, by(404, anonymous=LOGIN)
        )

    # Only a member of the set writes in its learning log (bob); not its contacts, nor the team.
    log = by(404, anonymous=LOGIN, member=200)
    log_post = by(404, anonymous=LOGIN, member=to(meetings))
    entry = {"text": "Listen first.", "visibility": "public"}
    page("learningsets:learning_log_write", "meeting", meeting_args, log)
    page(
        "learningsets:learning_log_write",
        "meeting",
        meeting_args,
        log_post,
        "POST",
        entry,
        writes=["member"],
    )

    # The action is Rui's, who has no account: the set's people close it.
    action_args = [w.action.pk]
    page("learningsets:action_close", "action", action_args, ours)
    page(
        "learningsets:action_close",
        "action",
        action_args,
        ours_post,
        "POST",
        {"state": "done", "outcome": "They meet monthly now."},
        writes=SET_PEOPLE,
    )
    page("learningsets:action_reopen", "action", action_args, by(405, anonymous=LOGIN))
    # The action is open: reopening it changes nothing, and says so.
    page("learningsets:action_reopen", "action", action_args, ours_post, "POST")


def member_cases(w: World):
    """(label, args, who may, GET and POST expectations, POST data) of a member's pages: the
    member's own partner, another's, and both crossed (IDOR). The workshops' module lists the
    removal of a member from the same cases."""
    ours, theirs = w.partner, w.other_partner
    edited = member_data(w.learning_set, "Edited Name", w.member.email or "m@amadora.example")
    their_edited = member_data(
        w.other_learning_set, "Edited Name", w.other_member.email or "m@komotini.example"
    )
    cases = [
        # (label, partner, member, who looks after both, the POST data)
        ("partner, member", ours, w.member, ("contact", "team"), edited),
        ("other_partner, other_member", theirs, w.other_member, ("other_contact", "team"), None),
        ("partner, other_member", ours, w.other_member, (), their_edited),  # IDOR
        ("other_partner, member", theirs, w.member, (), edited),  # IDOR
    ]
    for label, partner, member, allowed, data in cases:
        LOGIN = login()
        back = to(reverse("partners:manage", args=[partner.slug]))
        get_ok = by(404, anonymous=LOGIN, **dict.fromkeys(allowed, 200))
        post_ok = by(404, anonymous=LOGIN, **dict.fromkeys(allowed, back))
        yield label, [partner.slug, member.pk], allowed, get_ok, post_ok, data
