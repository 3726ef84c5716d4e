"""The management team's admin for e-mail: the outbox, the wording of each kind, and the
e-mail counts on a workshop's registration overview."""

import datetime as dt
import html
from urllib.parse import quote

import factory
import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.html import escape
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from outbox import kinds, mail
from outbox.admin import PERSONAL_LINK_SHOWN
from outbox.models import Email, EmailTemplate
from outbox.wording import example_context, placeholders
from tests.factories import UserFactory
from tests.workshops.factories import RegistrationFactory, WorkshopFactory

S = Email.Status
OUTBOX = "/admin/outbox/email/"
WORDING = "/admin/outbox/emailtemplate/"


class EmailFactory(factory.django.DjangoModelFactory):
    """An e-mail row; `about=<object>` says what it is about (a workshop, say)."""

    class Meta:
        model = Email
        exclude = ["about"]

    kind = "invitation"
    to = factory.Sequence(lambda n: f"delegate{n}@example.org")
    language = "en-gb"
    subject = factory.Sequence(lambda n: f"Invitation {n}")
    body_text = "Dear Bob,\n\nPlease confirm.\n"
    body_html = "<p>Dear Bob,</p>"
    dedupe_key = factory.Sequence(lambda n: f"test:{n}")
    about = None
    about_type = factory.LazyAttribute(
        lambda o: o.about and ContentType.objects.get_for_model(o.about)
    )
    about_id = factory.LazyAttribute(lambda o: o.about and o.about.pk)


@pytest.fixture
def staff_without_mile(db):
    """A staff member who may curate partners, but not see e-mails."""
    user = UserFactory(email="erin@mile.example", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="partners"))
    return user


@pytest.fixture
def superuser(db):
    return UserFactory(email="root@mile.example", is_staff=True, is_superuser=True)


@pytest.fixture
def workshop(amadora):
    return WorkshopFactory(host=amadora, title="Amadora 2030")


@pytest.fixture
def failed(workshop):
    return EmailFactory(
        to="bob@amadora.example",
        subject="Invitation: Amadora 2030",
        status=S.FAILED,
        attempts=mail.MAX_ATTEMPTS,
        last_error="SMTPServerDisconnected: Connection unexpectedly closed",
        about=workshop,
        created_at=timezone.now() - dt.timedelta(hours=2),
    )


@pytest.fixture
def sent(db):
    return EmailFactory(
        kind="account_invitation",
        to="carla@komotini.example",
        language="el",
        subject="Your account for the MILE Action Learning Sets",
        status=S.SENT,
        attempts=1,
        sent_at=timezone.now(),
        created_at=timezone.now() - dt.timedelta(hours=1),
    )


def listed(response):
    return [(e.to, e.kind, e.status) for e in response.context["cl"].result_list]


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def change_url(email) -> str:
    return f"{OUTBOX}{email.pk}/change/"


# Who may see the outbox: the management team; other staff get 403, everyone else the login.


@pytest.mark.parametrize("path", [OUTBOX, WORDING, f"{WORDING}add/?kind=invitation"])
@pytest.mark.parametrize("role", ["anonymous", "alice"])
def test_it_sends_people_outside_the_staff_to_the_admin_login(as_role, role, path):
    response = as_role(role).get(path)

    assertRedirects(response, f"/admin/login/?next={quote(path)}", fetch_redirect_response=False)


@pytest.mark.parametrize("path", [OUTBOX, "change", WORDING, f"{WORDING}add/?kind=invitation"])
def test_it_is_forbidden_to_staff_without_e_mail_permissions(
    login, staff_without_mile, failed, path
):
    response = login(staff_without_mile).get(change_url(failed) if path == "change" else path)

    assert response.status_code == 403


def test_the_resend_button_is_forbidden_to_staff_without_e_mail_permissions(
    login, staff_without_mile, failed
):
    response = login(staff_without_mile).post(f"{OUTBOX}{failed.pk}/resend/")

    failed.refresh_from_db()
    assert response.status_code == 403
    assert (failed.status, failed.attempts) == (S.FAILED, mail.MAX_ATTEMPTS)


# The list.


def test_the_team_lists_the_outbox_newest_first_with_the_status_coloured(login, dora, failed, sent):
    response = login(dora).get(OUTBOX)

    assert listed(response) == [
        ("carla@komotini.example", "account_invitation", "sent"),
        ("bob@amadora.example", "invitation", "failed"),
    ]
    assertContains(
        response,
        '<td class="field-status_badge">'
        '<span class="email-status email-status-failed">Failed</span></td>',
        html=True,
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?status__exact=failed", ["bob@amadora.example"]),
        ("?kind__exact=account_invitation", ["carla@komotini.example"]),
        ("?language__exact=el", ["carla@komotini.example"]),
        ("?about=workshops.workshop:{workshop}", ["bob@amadora.example"]),
        ("?about=workshops.workshop:0", []),
        ("?about=nowhere.nothing:1", []),
        ("?q=komotini", ["carla@komotini.example"]),
        ("?q=Amadora+2030", ["bob@amadora.example"]),
        ("?status__exact=queued", []),
    ],
)
def test_the_team_filters_and_searches_the_outbox(
    login, dora, workshop, failed, sent, query, expected
):
    response = login(dora).get(OUTBOX + query.format(workshop=workshop.pk))

    assert [to for to, _, _ in listed(response)] == expected


def test_the_outbox_filtered_by_what_it_is_about_names_it(login, dora, workshop, failed):
    response = login(dora).get(f"{OUTBOX}?about=workshops.workshop:{workshop.pk}")

    (about,) = [spec for spec in response.context["cl"].filter_specs if spec.title == "about"]
    assert about.lookup_choices == [(f"workshops.workshop:{workshop.pk}", "Amadora 2030")]


def test_the_list_costs_the_same_queries_for_10_and_60_e_mails(
    client, dora, count_queries, workshop
):
    client.force_login(dora)
    EmailFactory.create_batch(10, about=workshop)
    small = count_queries(OUTBOX)
    EmailFactory.create_batch(50, about=WorkshopFactory(), status=S.SENT)
    large = count_queries(OUTBOX)

    assert small == large
    assert client.get(OUTBOX).context["cl"].result_count == 60


# One message.


def test_the_change_page_shows_the_whole_message_read_only(login, dora, failed):
    response = login(dora).get(change_url(failed))

    assertContains(response, '<pre class="email-text">Dear Bob,\n\nPlease confirm.\n</pre>')
    assertContains(response, "SMTPServerDisconnected: Connection unexpectedly closed")
    assertContains(response, f'<div class="readonly">{failed.dedupe_key}</div>', html=True)
    assertContains(response, '<div class="readonly">English</div>', html=True)
    assert response.context["adminform"].form.fields == {}
    assertNotContains(response, 'name="_save"')


def test_the_html_body_is_escaped_into_a_sandboxed_frame(login, dora):
    email = EmailFactory(body_html='<p>Hello</p><script>alert("x")</script>')

    response = login(dora).get(change_url(email))

    srcdoc = html.escape('<p>Hello</p><script>alert("x")</script>')
    assertContains(response, f'<iframe class="email-html" sandbox srcdoc="{srcdoc}"')
    assertNotContains(response, "<script>alert")


def test_the_personal_link_is_never_shown(login, dora):
    email = EmailFactory(
        body_text=f"[Confirm or decline]({mail.PERSONAL_LINK})\n",
        body_html=f'<a href="{mail.PERSONAL_LINK}">Confirm or decline</a>',
    )

    response = login(dora).get(change_url(email))

    assertContains(response, f"[Confirm or decline]({PERSONAL_LINK_SHOWN})")
    assertContains(response, html.escape(f'<a href="{PERSONAL_LINK_SHOWN}">'))
    assertNotContains(response, mail.PERSONAL_LINK)


def test_the_change_page_links_the_related_object_and_what_it_is_about(
    login, dora, workshop, bob_member
):
    registration = RegistrationFactory(workshop=workshop, member=bob_member)
    email = EmailFactory(
        about=workshop,
        content_type=ContentType.objects.get_for_model(registration),
        object_id=registration.pk,
    )

    response = login(dora).get(change_url(email))

    assertContains(
        response,
        f'<a href="/admin/workshops/registration/{registration.pk}/change/">'
        f"Registration: {registration}</a>",
        html=True,
    )
    assertContains(
        response,
        f'<a href="/admin/workshops/workshop/{workshop.pk}/change/">Workshop: Amadora 2030</a>',
        html=True,
    )


def test_the_team_can_neither_add_nor_change_nor_delete_e_mails(login, dora, failed):
    client = login(dora)

    responses = [
        client.get(f"{OUTBOX}add/"),
        client.post(change_url(failed), {"to": "eve@example.org"}),
        client.get(f"{OUTBOX}{failed.pk}/delete/"),
    ]

    failed.refresh_from_db()
    assert [r.status_code for r in responses] == [403, 403, 403]
    assert failed.to == "bob@amadora.example"


def test_a_superuser_may_delete_an_e_mail(login, superuser, failed):
    response = login(superuser).post(f"{OUTBOX}{failed.pk}/delete/", {"post": "yes"})

    assertRedirects(response, "/admin/")
    assert not Email.objects.filter(pk=failed.pk).exists()


# Resending.


def test_the_resend_action_queues_failed_e_mails_again_and_skips_the_others(
    login, dora, failed, sent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        response = login(dora).post(
            OUTBOX,
            {"action": "resend", "_selected_action": [failed.pk, sent.pk]},
            follow=True,
        )

    failed.refresh_from_db()
    sent.refresh_from_db()
    assert len(callbacks) == 1
    assert (failed.status, failed.attempts, failed.last_error) == (S.QUEUED, 0, "")
    assert (sent.status, sent.attempts) == (S.SENT, 1)
    assert messages_of(response) == [
        "1 e-mail queued again.",
        "1 e-mail skipped: only failed e-mails are sent again.",
    ]


def test_the_resend_button_queues_a_failed_e_mail_again(
    login, dora, failed, django_capture_on_commit_callbacks
):
    client = login(dora)
    assertContains(client.get(change_url(failed)), '<input type="submit" value="Resend"')

    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(f"{OUTBOX}{failed.pk}/resend/", follow=True)

    failed.refresh_from_db()
    assertRedirects(response, change_url(failed))
    assert len(callbacks) == 1
    assert (failed.status, failed.attempts) == (S.QUEUED, 0)
    assert messages_of(response) == ["1 e-mail queued again."]


def test_a_sent_e_mail_has_no_resend_button_and_is_not_sent_again(
    login, dora, sent, django_capture_on_commit_callbacks
):
    client = login(dora)
    assertNotContains(client.get(change_url(sent)), 'value="Resend"')

    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(f"{OUTBOX}{sent.pk}/resend/", follow=True)

    sent.refresh_from_db()
    assert callbacks == []
    assert (sent.status, sent.attempts) == (S.SENT, 1)
    assert messages_of(response) == ["1 e-mail skipped: only failed e-mails are sent again."]


def test_the_resend_button_rejects_get(login, dora, failed):
    response = login(dora).get(f"{OUTBOX}{failed.pk}/resend/")

    failed.refresh_from_db()
    assert response.status_code == 405
    assert failed.status == S.FAILED


# The wording.


def wording_rows(response):
    return [(row.label, row.wording is not None, row.url) for row in response.context["rows"]]


def wording_data(**changes) -> dict:
    """The wording form's fields: the English filled in, the other languages left blank."""
    blank = {f"{part}_{code}": "" for part in ("subject", "body") for code in LANGUAGE_FIELDS}
    return (
        blank
        | {
            "subject_en_gb": "You are invited to {{ workshop }}",
            "body_en_gb": "Dear {{ delegate }}, answer here: {{ link }}",
        }
        | changes
    )


LANGUAGE_FIELDS = ["en_gb", "pt_pt", "el", "es", "it"]
MUST_SHOW_LINK = (
    "English: The wording must show {{ link }}: without it the recipient cannot use this e-mail."
)


def test_the_placeholders_of_a_kind_are_the_names_in_its_default_wording(monkeypatch):
    # The repository's wording changes with the product; the rule is what this test pins.
    default = ("{{ workshop }} soon", "Dear {{ delegate|upper }}, {{ workshop }}{% if venue %}.")
    monkeypatch.setattr(mail, "default_wording", lambda kind: default)

    assert placeholders("invitation") == ["workshop", "delegate"]


def test_the_example_context_has_a_value_for_every_placeholder(monkeypatch):
    default = ("{{ workshop }}", "Dear {{ delegate }}, {{ proposal_title }}")
    monkeypatch.setattr(mail, "default_wording", lambda kind: default)

    examples = kinds.get("invitation").examples
    assert example_context("invitation") == {
        "workshop": examples["workshop"],
        "delegate": examples["delegate"],
        "proposal_title": "[proposal_title]",
    }


@pytest.mark.parametrize("kind", [kind for kind, _ in kinds.choices()])
def test_every_registered_kind_has_its_wording_and_an_example_for_each_placeholder(kind):
    subject, body = mail.default_wording(kind)

    assert subject and body
    assert not [name for name, value in example_context(kind).items() if value == f"[{name}]"]


def test_the_wording_list_shows_every_kind_and_whether_the_team_changed_it(login, dora):
    changed = EmailTemplate.objects.create(
        kind="invitation", subject="Come", body="Dear {{ delegate }}", updated_by=dora
    )

    response = login(dora).get(WORDING)

    assert wording_rows(response) == [
        (
            (label, True, f"{WORDING}{changed.pk}/change/")
            if kind == "invitation"
            else (label, False, f"{WORDING}add/?kind={kind}")
        )
        for kind, label in kinds.choices()
    ]
    assert len(kinds.choices()) == 20
    assertContains(response, "by dora@mile.example")
    assertContains(response, '<span class="wording-languages">English</span>', html=True)


def test_the_wording_list_names_the_languages_the_team_wrote(login, dora):
    EmailTemplate.objects.create(
        kind="invitation",
        subject_en_gb="Come",
        body_en_gb="Dear {{ delegate }}",
        subject_el="Ελάτε",
        body_it="Caro {{ delegate }}",
        subject_es="  ",
    )

    response = login(dora).get(WORDING)

    assertContains(
        response,
        '<span class="wording-languages">English, Ελληνικά, Italiano</span>',
        html=True,
    )


def test_the_add_page_is_pre_filled_with_the_default_wording_and_its_placeholders(login, dora):
    response = login(dora).get(f"{WORDING}add/?kind=delegate_withdrawn")

    form = response.context["adminform"].form
    subject, body = mail.default_wording("delegate_withdrawn")
    assert (form.initial["subject_en_gb"], form.initial["body_en_gb"]) == (subject, body)
    assert not {"subject_pt_pt", "body_pt_pt", "subject_el", "body_es"} & set(form.initial)
    names = placeholders("delegate_withdrawn")
    assert {"workshop", "delegate"} <= set(names)
    assertContains(response, ", ".join(f"<code>{{{{ {name} }}}}</code>" for name in names))


@pytest.mark.parametrize("query", ["", "?kind=", "?kind=newsletter"])
def test_the_add_page_without_a_known_kind_sends_back_to_the_list(login, dora, query):
    response = login(dora).get(f"{WORDING}add/{query}")

    assertRedirects(response, WORDING)


def test_the_add_page_of_a_changed_kind_opens_its_wording(login, dora):
    changed = EmailTemplate.objects.create(kind="invitation", subject="Come", body="Hi")

    response = login(dora).get(f"{WORDING}add/?kind=invitation")

    assertRedirects(response, f"{WORDING}{changed.pk}/change/")


def test_a_valid_wording_is_saved_with_who_changed_it_and_used_for_the_next_e_mail(login, dora):
    response = login(dora).post(f"{WORDING}add/?kind=invitation", wording_data())

    assertRedirects(response, WORDING)
    wording = EmailTemplate.objects.get()
    assert (wording.kind, wording.updated_by) == ("invitation", dora)
    subject, text, _ = mail.render(
        "invitation",
        {"workshop": "Amadora", "delegate": "Bob", "link": "https://x.example/"},
    )
    assert (subject, text) == (
        "You are invited to Amadora",
        "Dear Bob, answer here: https://x.example/\n",
    )


@pytest.mark.parametrize(
    ("data", "field", "error"),
    [
        (
            {"body_en_gb": "{% if partner %}Dear {{ delegate }}"},
            "body_en_gb",
            "English: Unclosed tag on line 1: 'if'. Looking for one of: elif, else, endif.",
        ),
        (
            {"subject_en_gb": "Invitation: {{ workshop|shout }}"},
            "subject_en_gb",
            "English: Invalid filter: 'shout'",
        ),
        (
            {"body_en_gb": "Dear {{ delegate }}, your password is {{ password|upper }}"},
            "body_en_gb",
            "English: Unknown placeholder {{ password }}. This e-mail has: {invitation}.",
        ),
        (
            {"body_en_gb": "Dear {{ delegate }}, please answer."},
            "body_en_gb",
            MUST_SHOW_LINK,
        ),
        (
            {"body_en_gb": "Dear {{ delegate }}.{% if no_such_thing %} {{ link }}{% endif %}"},
            "body_en_gb",
            MUST_SHOW_LINK,
        ),
        (
            {"body_en_gb": "Dear {{ delegate }}.{# {{ link }} #}"},
            "body_en_gb",
            MUST_SHOW_LINK,
        ),
        (
            {"body_en_gb": "{% load static %}{% static 'x' %}"},
            "body_en_gb",
            "English: {% load %} cannot be used in an e-mail's wording.",
        ),
        (
            {"body_en_gb": '{% include "emails/layout.html" %}'},
            "body_en_gb",
            "English: {% include %} cannot be used in an e-mail's wording.",
        ),
        (
            {"subject_en_gb": '{% extends "admin/base.html" %}'},
            "subject_en_gb",
            "English: {% extends %} cannot be used in an e-mail's wording.",
        ),
        (
            {"body_en_gb": "{% url 'nowhere' %}"},
            "body_en_gb",
            "English: The wording cannot be rendered: Reverse for 'nowhere' not found. "
            "'nowhere' is not a valid view function or pattern name.",
        ),
    ],
)
def test_a_wording_that_would_fail_or_reach_too_far_is_refused(login, dora, data, field, error):
    response = login(dora).post(f"{WORDING}add/?kind=invitation", wording_data(**data))

    form = response.context["adminform"].form
    known = ", ".join(f"{{{{ {name} }}}}" for name in placeholders("invitation"))
    assert response.status_code == 200
    assert form.errors == {field: [error.replace("{invitation}", known)]}
    assert form[field].value() == data[field]
    assert not EmailTemplate.objects.exists()


def test_a_kind_without_a_personal_link_may_leave_any_placeholder_out(login, dora):
    response = login(dora).post(
        f"{WORDING}add/?kind=delegate_withdrawn",
        wording_data(subject_en_gb="Withdrawn", body_en_gb="Sorry."),
    )

    assertRedirects(response, WORDING)
    assert EmailTemplate.objects.get().body == "Sorry."


@pytest.mark.parametrize("kind", ["invitation", "account_invitation"])
def test_a_kind_with_a_personal_link_says_its_link_is_required(login, dora, kind):
    response = login(dora).get(f"{WORDING}add/?kind={kind}")

    assertContains(response, "<code>{{ link }}</code> (required in the body)", html=False)


def test_a_changed_wording_that_is_refused_leaves_the_saved_one(login, dora):
    wording = EmailTemplate.objects.create(kind="invitation", subject="Come", body="Hi")

    response = login(dora).post(
        f"{WORDING}{wording.pk}/change/", wording_data(body_en_gb="{% for x in %}")
    )

    wording.refresh_from_db()
    assert response.context["adminform"].form.errors == {
        "body_en_gb": ["English: 'for' statements should have at least four words: for x in"]
    }
    assert (wording.subject, wording.body, wording.updated_by) == ("Come", "Hi", None)


def test_the_change_page_previews_the_saved_wording_with_example_values(login, dora):
    wording = EmailTemplate.objects.create(
        kind="invitation",
        subject="Come to {{ workshop }}",
        body="Dear {{ delegate }}, <script>alert(1)</script> [confirm]({{ link }})",
    )

    response = login(dora).get(f"{WORDING}{wording.pk}/change/")

    assertContains(response, "<p><strong>Subject:</strong> Come to Amadora 2030</p>", html=True)
    assertContains(
        response,
        '<pre class="email-text">Dear Bob Martins, &lt;script&gt;alert(1)&lt;/script&gt; '
        "[confirm](https://mile.example/links/example/)\n</pre>",
    )
    assertContains(response, '<iframe class="email-html" sandbox srcdoc="')
    assertNotContains(response, "<script>alert")


def test_deleting_a_wording_returns_the_kind_to_the_default(login, dora):
    wording = EmailTemplate.objects.create(kind="invitation", subject="Come", body="Hi")

    response = login(dora).post(f"{WORDING}{wording.pk}/delete/", {"post": "yes"})

    assertRedirects(response, WORDING)
    assert mail.wording("invitation") == mail.default_wording("invitation")


# The wording in each language.


def test_the_wording_page_has_a_subject_and_a_body_for_each_language(login, dora):
    response = login(dora).get(f"{WORDING}add/?kind=invitation")

    fieldsets = [(fs.name, list(fs.fields)) for fs in response.context["adminform"]]
    languages = [(name, fields) for name, fields in fieldsets if name]
    assert [name for name, _ in languages] == [
        "English (en-gb)",
        "Português (pt-pt)",
        "Ελληνικά (el)",
        "Español (es)",
        "Italiano (it)",
    ]
    assert languages[1][1] == ["subject_pt_pt", "body_pt_pt"]
    assertNotContains(response, "googleapis")


def test_a_wording_in_portuguese_is_saved_and_read_by_portuguese_readers(login, dora, settings):
    settings.LANGUAGES = list(settings.MILE_LANGUAGES.items())
    data = wording_data(
        subject_pt_pt="Convite para {{ workshop }}",
        body_pt_pt="Caro(a) {{ delegate }}, responda aqui: {{ link }}",
    )

    response = login(dora).post(f"{WORDING}add/?kind=invitation", data)

    assertRedirects(response, WORDING)
    wording = EmailTemplate.objects.get()
    assert (wording.subject_pt_pt, wording.subject_en_gb, wording.subject_el) == (
        "Convite para {{ workshop }}",
        "You are invited to {{ workshop }}",
        None,
    )
    context = {"workshop": "Amadora", "delegate": "Bob", "link": "https://x.example/"}
    assert mail.render("invitation", context, "pt-pt")[:2] == (
        "Convite para Amadora",
        "Caro(a) Bob, responda aqui: https://x.example/\n",
    )


@pytest.mark.parametrize(
    ("data", "field", "error"),
    [
        (
            {"body_pt_pt": "Caro(a) {{ delegate }}, responda por favor."},
            "body_pt_pt",
            "Português: The wording must show {{ link }}: without it the recipient cannot use "
            "this e-mail.",
        ),
        (
            {"subject_el": "Πρόσκληση"},
            "subject_el",
            "Ελληνικά: The wording lacks {{ workshop }}, which its English has.",
        ),
        (
            {"body_es": "Estimado/a {{ delegado }}: {{ link }}"},
            "body_es",
            "Español: Unknown placeholder {{ delegado }}. This e-mail has: {invitation}.",
        ),
        (
            {"subject_it": "Invito: {% if workshop %}{{ workshop }}"},
            "subject_it",
            "Italiano: Unclosed tag on line 1: 'if'. Looking for one of: elif, else, endif.",
        ),
    ],
    ids=["required-link", "missing-placeholder", "unknown-placeholder", "broken-tag"],
)
def test_a_wording_refused_in_one_language_says_which_and_changes_nothing(
    login, dora, data, field, error
):
    wording = EmailTemplate.objects.create(
        kind="invitation", subject_en_gb="Come to {{ workshop }}", body_en_gb="Hi {{ link }}"
    )

    response = login(dora).post(f"{WORDING}{wording.pk}/change/", wording_data(**data))

    known = ", ".join(f"{{{{ {name} }}}}" for name in placeholders("invitation"))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        field: [error.replace("{invitation}", known)]
    }
    assertContains(response, escape(error.replace("{invitation}", known)))
    columns = [f"{part}_{code}" for code in LANGUAGE_FIELDS for part in ("subject", "body")]
    assert EmailTemplate.objects.values_list(*columns, "updated_by").get() == (
        "Come to {{ workshop }}",
        "Hi {{ link }}",
        *[None] * 8,
        None,
    )


def test_the_change_page_previews_each_language(login, dora):
    wording = EmailTemplate.objects.create(
        kind="invitation",
        subject_en_gb="Come to {{ workshop }}",
        body_en_gb="Dear {{ delegate }}: {{ link }}",
        subject_el="Ελάτε στο {{ workshop }}",
    )

    response = login(dora).get(f"{WORDING}{wording.pk}/change/")

    for language, subject in [
        ("en-gb", "Come to Amadora 2030"),
        ("pt-pt", "Convite: Amadora 2030, 4–6 March 2030"),
        ("el", "Ελάτε στο Amadora 2030"),
        ("es", "Come to Amadora 2030"),
    ]:
        assertContains(response, f'<section class="email-preview" lang="{language}">')
        assertContains(response, f"<p><strong>Subject:</strong> {subject}</p>", html=True)
    assertContains(response, '<pre class="email-text">Caro(a) Bob Martins,')
    assertContains(response, 'title="Preview of Workshop invitation in Ελληνικά"')


# The e-mail counts on the registration overview.


def test_the_overview_counts_the_e_mails_of_its_workshop_only(login, dora, workshop):
    for status in [S.QUEUED, S.QUEUED, S.SENDING, S.SENT, S.FAILED]:
        EmailFactory(about=workshop, status=status)
    EmailFactory.create_batch(3, about=WorkshopFactory(), status=S.FAILED)
    EmailFactory(status=S.SENT)

    response = login(dora).get(f"/admin/workshops/workshop/{workshop.pk}/registrations/")

    assertContains(
        response,
        f'<p id="workshop-emails"><a href="{OUTBOX}?about=workshops.workshop:{workshop.pk}">'
        "E-mails</a>: 3 queued, 1 sent, 1 failed</p>",
        html=True,
    )


def test_the_overview_costs_the_same_queries_however_many_e_mails(
    client, dora, count_queries, workshop
):
    client.force_login(dora)
    url = f"/admin/workshops/workshop/{workshop.pk}/registrations/"
    EmailFactory(about=workshop)
    small = count_queries(url)
    EmailFactory.create_batch(30, about=workshop, status=S.SENT)
    large = count_queries(url)

    assert small == large


def test_staff_who_may_only_view_the_outbox_cannot_resend(
    login, failed, django_capture_on_commit_callbacks
):
    viewer = UserFactory(email="vera@mile.example", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_email"))
    client = login(viewer)

    page = client.get(change_url(failed))
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(f"{OUTBOX}{failed.pk}/resend/")

    assert client.get(OUTBOX).context["action_form"] is None  # no action left to offer
    assertNotContains(page, 'value="Resend"')
    assert response.status_code == 403
    assert callbacks == []
