"""The pages of the admin: its own (login, index, logout, password), every registered
model's (ADMIN_TEAM says what the management team may do with each), and the views the
project adds to it."""

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from partners.models import Partner
from tests.access.pages.expectations import Page, admin_login, as_expect, by, login, to
from tests.access.pages.found import admin_label
from tests.access.pages.world import World

# What the management team gets in the admin, where it is not a plain 200 (GET) and, for a
# POST of an empty form, the form again with its errors (200). The team's group holds every
# permission of the project's apps (demo.data.TEAM_APPS) but erasing a person (TEAM_WITHHELD),
# none of auth's or allauth's. Every registered model must be listed here: a model added to the
# admin without a line fails the matrix until someone decides what the team may do with it.
NO = 403
ADMIN_TEAM = {
    "auth.group": {"*": NO},
    "account.emailaddress": {"*": NO},
    # The outbox: read-only; only its delivery can be started again. Only a superuser
    # deletes a message.
    "outbox.email": {"add": NO, "delete": NO, "POST change": NO},
    # Deleting a row that others need is refused with the list of what protects it (200),
    # or, when it would delete rows the team may not delete, with 403: a user takes their
    # allauth e-mail addresses with them, a proposal its comments.
    "partners.partner": {"POST delete": 200},
    "learningsets.subtheme": {"POST delete": 200},
    "learningsets.learningset": {"POST delete": 200},
    "accounts.user": {"POST delete": NO},
    # The wording: the add page wants a ?kind=, without one it goes back to the list.
    "outbox.emailtemplate": {"add": "changelist", "POST add": "changelist"},
    "learningsets.commonbasicprinciple": {},
    "learningsets.member": {},
    "learningsets.meeting": {},
    "learningsets.action": {},
    "learningsets.learninglogentry": {},
    "workshops.workshop": {},
    "workshops.registration": {},
    "workshops.takehome": {},
    # A call with proposals drafted for it is not deleted: the page says which (200).
    "proposals.call": {"POST delete": 200},
    # Proposals and comments are written on the site; the admin reads them.
    "proposals.proposal": {"add": NO, "POST delete": NO},
    "proposals.comment": {"add": NO, "delete": NO, "POST change": NO},
    # A rubric's version is never changed nor deleted: saving its page (an empty post here:
    # the form again, with its errors) stores a new version.
    "proposals.rubricversion": {"delete": NO, "POST delete": NO},
    # The erasure log is read: an erasure is made by the users' and members' action.
    "accounts.erasurelog": {"add": NO, "delete": NO, "POST change": NO},
}
# The audit trail (common.audit): history rows are read, never added, changed or deleted.
HISTORY_ROWS = {"add": NO, "delete": NO, "POST change": NO}
ADMIN_TEAM |= {
    f"{app}.historical{model}": HISTORY_ROWS
    for app, models in {
        "workshops": ["workshop", "session", "registration", "invitation"],
        "proposals": ["proposal", "section", "budgetline", "comment"],
    }.items()
    for model in models
}


def _first_version(model, pk) -> int:
    return (
        model.history.filter(id=pk).order_by("history_id").values_list("history_id", flat=True)[0]
    )


def pages(w: World) -> list[Page]:
    ADMIN = admin_login()
    LOGIN = login()
    staff_only = by(ADMIN)
    listed: list[Page] = []

    def add(name, label, path, team, method="GET", data=None, writes=False, staff=NO):
        """`staff`: what a staff account without permissions gets (refused, unless said)."""
        expect = {**staff_only, "team": as_expect(team), "staff": as_expect(staff)}
        listed.append(
            Page(
                name=name,
                label=label,
                path=path,
                expect=expect,
                method=method,
                data=data or {},
                writes=frozenset({"team"} if writes else ()),
            )
        )

    # The admin's login is allauth's (rate-limited): the others are sent there, and a
    # logged-in person outside the team is refused. What the team posts is never looked at. A
    # staff account without permissions is let in, to an index that offers nothing, and refused
    # every model's pages.
    index = to(reverse("admin:index"))
    listed.append(
        Page(
            "admin:login",
            "",
            reverse("admin:login"),
            by(NO, anonymous=LOGIN, team=index, staff=index),
        )
    )
    listed.append(
        Page(
            "admin:login",
            "",
            reverse("admin:login"),
            by(NO, anonymous=LOGIN, team=index, staff=index),
            "POST",
            {"username": "alice@amadora.example", "password": "not the password"},
        )
    )
    add("admin:index", "", reverse("admin:index"), 200, staff=200)
    # Logging out of the admin is for staff; anybody else is sent to the admin's index.
    listed.append(Page("admin:logout", "", reverse("admin:logout"), by(index, team=405, staff=405)))
    listed.append(
        Page("admin:logout", "", reverse("admin:logout"), by(index, team=200, staff=200), "POST")
    )
    # Changing one's password is allauth's form, which limits the tries at the current one.
    change_password = to(reverse("account_change_password"))
    add(
        "admin:password_change",
        "",
        reverse("admin:password_change"),
        change_password,
        staff=change_password,
    )
    add(
        "admin:password_change",
        "",
        reverse("admin:password_change"),
        change_password,
        "POST",
        staff=change_password,
    )
    add("admin:password_change_done", "", reverse("admin:password_change_done"), 200, staff=200)
    add("admin:autocomplete", "", reverse("admin:autocomplete"), NO)
    add("admin:jsi18n", "", reverse("admin:jsi18n"), 200, staff=200)
    add("admin:app_list", "partners", reverse("admin:app_list", args=["partners"]), 200, staff=404)
    add("admin:app_list", "auth", reverse("admin:app_list", args=["auth"]), 404, staff=404)
    add("admin:(?P<url>.*)$", "", reverse("admin:index") + "no-such-page/", 404, staff=404)

    for model in admin.site._registry:
        label = admin_label(model)
        team = ADMIN_TEAM.get(label)
        if team is None:
            continue  # the coverage test names its URLs
        opts = model._meta
        prefix = f"admin:{opts.app_label}_{opts.model_name}"
        pk = w.admin_pks.get(label)
        changelist = reverse(f"{prefix}_changelist")

        def outcome(action, default=200, team=team, changelist=changelist):
            value = team.get(action, team.get("*", default))
            return to(changelist) if value == "changelist" else value

        add(f"{prefix}_changelist", label, changelist, outcome("changelist"))
        add(f"{prefix}_add", label, reverse(f"{prefix}_add"), outcome("add"))
        add(f"{prefix}_add", label, reverse(f"{prefix}_add"), outcome("POST add", outcome("add")),
            "POST")  # fmt: skip
        if pk is None:
            continue
        change = reverse(f"{prefix}_change", args=[pk])
        add(f"{prefix}_change", label, change, outcome("change"))
        add(f"{prefix}_change", label, change, outcome("POST change", outcome("change")), "POST")
        add(f"{prefix}_history", label, reverse(f"{prefix}_history", args=[pk]), outcome("history"))
        delete = reverse(f"{prefix}_delete", args=[pk])
        add(f"{prefix}_delete", label, delete, outcome("delete"))
        deleted = outcome("POST delete", outcome("delete", to(changelist)))
        add(f"{prefix}_delete", label, delete, deleted, "POST", {"post": "yes"},
            writes=deleted == to(changelist))  # fmt: skip
        # The bare object address leads to its change page.
        bare = reverse("admin:index") + f"{opts.app_label}/{opts.model_name}/{pk}/"
        add(f"admin:{opts.app_label}/{opts.model_name}/<path:object_id>/", label, bare,
            to(change), staff=to(change))  # fmt: skip
        # A tracked model's past version: shown to the team, never reverted from the admin.
        if hasattr(model, "history"):
            version = 1 if w.is_placeholder else _first_version(model, pk)
            past = reverse(f"{prefix}_simple_history", args=[pk, version])
            add(f"{prefix}_simple_history", label, past, 200)
            add(f"{prefix}_simple_history", label, past, NO, "POST")

    # The admin's own views beside the models' pages.
    email = w.admin_pks.get("outbox.email")
    if email is not None:
        resend = reverse("admin:outbox_email_resend", args=[email])
        add("admin:outbox_email_resend", "outbox.email", resend, 405, staff=405)
        # A message that has not failed is not sent again: the page says so, nothing changes.
        add("admin:outbox_email_resend", "outbox.email", resend,
            to(reverse("admin:outbox_email_change", args=[email])), "POST")  # fmt: skip
    overview = reverse("admin:workshops_workshop_registrations", args=[w.workshop.pk])
    add("admin:workshops_workshop_registrations", "workshop", overview, 200)
    add("admin:learningsets_member_import", "", reverse("admin:learningsets_member_import"), 200)
    add("admin:learningsets_member_import", "", reverse("admin:learningsets_member_import"),
        200, "POST")  # fmt: skip
    process = reverse("admin:learningsets_member_process_import")
    add("admin:learningsets_member_process_import", "", process, 405, staff=405)
    # A confirmation without a previewed file's signed name: back to the upload, with why.
    add("admin:learningsets_member_process_import", "", process,
        to(reverse("admin:learningsets_member_import")), "POST")  # fmt: skip
    # The exports: the form (GET, or a POST without a format: the form again) for the team.
    for name in (
        "workshops_registration_export",
        "learningsets_member_export",
        "proposals_proposal_export",
    ):
        export = reverse(f"admin:{name}")
        add(f"admin:{name}", "", export, 200)
        add(f"admin:{name}", "", export, 200, "POST")
    user = w.users.get("contact")
    if user is not None:
        password = reverse("admin:auth_user_password_change", args=[user.pk])
        add("admin:auth_user_password_change", "contact", password, 200)
        add("admin:auth_user_password_change", "contact", password, 200, "POST")
    partner_type = 0 if w.is_placeholder else ContentType.objects.get_for_model(Partner).pk
    on_site = reverse("admin:view_on_site", args=[partner_type, w.partner.pk])
    partner_page = to(w.partner.get_absolute_url())
    add("admin:view_on_site", "partner", on_site, partner_page, staff=partner_page)
    return listed
