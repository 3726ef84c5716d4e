"""The pages of learning sets and their members: public, and the ones partner contacts keep
their members up to date on (from My partner)."""

from django.urls import reverse

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
    return listed


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
