"""The pages of workshops: public, the delegates' personal invitation link, and the
partner's delegates (from My partner)."""

from django.urls import reverse

from tests.access.pages.expectations import Listing, Page, by, login, looked_after_by, to
from tests.access.pages.learningsets import member_cases
from tests.access.pages.world import BOGUS_TOKEN, ROLES, World


def pages(w: World) -> list[Page]:
    LOGIN = login()
    listed = Listing()
    page = listed.page
    ours, theirs = w.partner, w.other_partner
    ours_only, theirs_only = looked_after_by("contact"), looked_after_by("other_contact")

    # Removing a member asks about their delegacies first (Withdraw, Replace, former member).
    for label, args, allowed, get_ok, post_ok, data in member_cases(w):
        page("workshops:member_remove", label, args, get_ok)
        if data is not None:
            page("workshops:member_remove", label, args, post_ok, "POST", writes=allowed)

    ws = w.workshop
    page("workshops:list", "", [], by(200))
    page("workshops:feed", "", [], by(200))  # the public calendar feed
    page("workshops:detail", "", [ws.slug], by(200))
    page("workshops:ics", "", [ws.slug], by(200))
    page("workshops:session_ics", "", [ws.slug, w.session.pk], by(200))
    # The personal link works without logging in, for whoever holds it.
    page("workshops:invitation", "token", [w.invitation_token], by(200))
    page(
        "workshops:invitation",
        "token",
        [w.invitation_token],
        by(200),
        "POST",
        {"answer": "confirm"},
        writes=ROLES,
    )
    page("workshops:invitation", "bogus token", [BOGUS_TOKEN], by(404))
    page(
        "workshops:invitation", "bogus token", [BOGUS_TOKEN], by(404), "POST", {"answer": "confirm"}
    )

    def delegates_url(partner):
        return reverse("workshops:delegates", args=[ws.slug, partner.slug])

    page("workshops:delegates", "partner", [ws.slug, ours.slug], ours_only)
    page("workshops:delegates", "other_partner", [ws.slug, theirs.slug], theirs_only)
    page(
        "workshops:delegates",
        "partner",
        [ws.slug, ours.slug],
        by(404, anonymous=LOGIN, contact=to(delegates_url(ours)), team=to(delegates_url(ours))),
        "POST",
        {"members": [w.member.pk]},
        writes=["contact", "team"],
    )
    page(
        "workshops:delegates",
        "partner, other_member",  # IDOR: the service refuses another partner's member
        [ws.slug, ours.slug],
        ours_only,
        "POST",
        {"members": [w.other_member.pk]},
    )
    page(
        "workshops:delegates",
        "other_partner",
        [ws.slug, theirs.slug],
        by(
            404,
            anonymous=LOGIN,
            **dict.fromkeys(["other_contact", "team"], to(delegates_url(theirs))),
        ),
        "POST",
        {"members": [w.other_member.pk]},
        writes=["other_contact", "team"],
    )
    page("workshops:delegates_table", "partner", [ws.slug, ours.slug], ours_only)
    page("workshops:delegates_table", "other_partner", [ws.slug, theirs.slug], theirs_only)
    delegate_cases = [
        ("partner, registration", ours, w.registration, ("contact", "team"), w.member),
        ("other_partner, other_registration", theirs, w.other_registration,
         ("other_contact", "team"), w.other_member),
        ("partner, other_registration", ours, w.other_registration, (), w.member),  # IDOR
        ("other_partner, registration", theirs, w.registration, (), w.other_member),  # IDOR
    ]  # fmt: skip
    for label, partner, registration, allowed, replacement in delegate_cases:
        args = [ws.slug, partner.slug, registration.pk]
        back = to(delegates_url(partner))
        get_ok = by(404, anonymous=LOGIN, **dict.fromkeys(allowed, 200))
        post_ok = by(404, anonymous=LOGIN, **dict.fromkeys(allowed, back))
        for name in ("workshops:delegate_replace", "workshops:delegate_withdraw"):
            page(name, label, args, get_ok)
        page(
            "workshops:delegate_replace",
            label,
            args,
            post_ok,
            "POST",
            {"member": replacement.pk},
            writes=allowed,
        )
        page("workshops:delegate_withdraw", label, args, post_ok, "POST", writes=allowed)

    # A learning set's take-home: its current members with an account, its partner's contacts
    # and the team write it; nobody else learns the set's page exists. The world's workshop
    # has not started: a POST is answered with the reason, and nothing is written.
    writers = {
        "learning_set": ("contact", "member", "team"),
        "other_learning_set": ("other_contact", "team"),
    }
    for label, writing in writers.items():
        args = [ws.slug, getattr(w, label).pk]
        allowed = by(404, anonymous=LOGIN, **dict.fromkeys(writing, 200))
        page("workshops:take_home", label, args, allowed)
        page("workshops:take_home", label, args, allowed, "POST", {"learning_points": "Ask."})

    # A workshop that is not published yet is nobody's page on the site (the team has the
    # admin): not even its invited partners' contacts find it.
    if w.draft_workshop is not None:
        draft = w.draft_workshop
        page("workshops:detail", "draft_workshop", [draft.slug], by(404))
        page("workshops:ics", "draft_workshop", [draft.slug], by(404))
        page(
            "workshops:take_home",
            "draft_workshop, learning_set",
            [draft.slug, w.learning_set.pk],
            by(404, anonymous=LOGIN),
        )
        page(
            "workshops:delegates",
            "draft_workshop, partner",
            [draft.slug, ours.slug],
            by(404, anonymous=LOGIN),
        )

    return listed
