"""Content written by people cannot run script anywhere it is shown.

Hostile text is saved in a proposal section, a workshop handbook, an e-mail's wording and a
member's name and organisation; the pages and e-mails that show it are parsed, and the
content's HTML is compared with exactly what the one sanitiser (common.richtext) lets through.
"""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from common.richtext import render_markdown
from outbox import mail
from outbox.models import Email, EmailTemplate
from outbox.wording import example_context
from proposals import services
from tests.factories import MemberFactory
from tests.proposals.factories import make_proposal
from tests.workshops.factories import WorkshopFactory

# Each hostile fragment and exactly what the sanitiser keeps of it.
HOSTILE = [
    ("<script>alert(1)</script>Hello", "Hello"),
    ('<img src="x" onerror="alert(1)">', ""),
    ("[click](javascript:alert(1))", '<p><a rel="noopener noreferrer nofollow">click</a></p>'),
    (
        '<a href="JaVaScRiPt&colon;alert(1)">encoded</a>',
        '<p><a rel="noopener noreferrer nofollow">encoded</a></p>',
    ),
    ('<iframe src="https://evil.example"></iframe>Framed', "Framed"),
    ('<svg onload="alert(1)"><circle r="1"/></svg>Drawn', "<p>Drawn</p>"),
    (
        '<p style="background:url(javascript:alert(1));width:expression(alert(1))">Styled</p>',
        "<p>Styled</p>",
    ),
    (
        '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data</a>',
        '<p><a rel="noopener noreferrer nofollow">data</a></p>',
    ),
    ("![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)", "<p></p>"),
    ('<object data="x.swf"></object><embed src="x.swf">Plugin', "<p>Plugin</p>"),
    ('<form action="https://evil.example"><input name="q"></form>Form', "Form"),
    ("<style>body{display:none}</style>Visible", "Visible"),
    ("<math><mtext><script>alert(1)</script></mtext></math>", "<p></p>"),
    ("<<script>script>alert(1)<</script>/script>", "<p>&lt;/script&gt;</p>"),
    ("[safe](https://mile.example/a?b=1)", (
        '<p><a href="https://mile.example/a?b=1" rel="noopener noreferrer nofollow">safe</a></p>'
    )),
]  # fmt: skip

TEXT = "\n\n".join(fragment for fragment, _ in HOSTILE)
# A line that starts with an HTML tag is an HTML block (CommonMark): no paragraph around it.
TEXT_HTML = (
    "Hello\n\n"
    '<p><a rel="noopener noreferrer nofollow">click</a></p>\n'
    '<p><a rel="noopener noreferrer nofollow">encoded</a></p>\n'
    "Framed\n<p>Drawn</p>\n<p>Styled</p>\n"
    '<p><a rel="noopener noreferrer nofollow">data</a></p>\n<p></p>\n'
    "<p>Plugin</p>\nForm\nVisible\n<p></p>\n"
    "<p>&lt;/script&gt;</p>\n"
    '<p><a href="https://mile.example/a?b=1" rel="noopener noreferrer nofollow">safe</a></p>'
)
NAME = '<script>alert("name")</script><img src=x onerror=alert(1)>Ana'
ORGANISATION = '"><svg onload=alert(1)>Câmara'
NAME_HTML = (
    "&lt;script&gt;alert(&quot;name&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;Ana"
)
# The e-mails' Markdown escapes < > & but leaves the quotes as they are.
NAME_IN_EMAIL = '&lt;script&gt;alert("name")&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;Ana'

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "poster"}
BAD_SCHEMES = ("javascript:", "vbscript:", "data:text", "data:image/svg")
PLUGINS = {"object", "embed", "applet", "frame", "frameset", "base"}


class ExecutableMarkup(HTMLParser):
    """Everything in a page that could run script; empty for a safe page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.srcdocs: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            value = re.sub(r"[\s\x00-\x1f]", "", value or "").lower()
            if name in URL_ATTRIBUTES and value.startswith(BAD_SCHEMES):
                self.found.append(f"<{tag} {name}={value}>")
            if name == "style" and ("expression(" in value or "javascript:" in value):
                self.found.append(f"<{tag} style={value}>")
        if tag == "script":
            self._in_script = True
            src = attributes.get("src") or ""
            if not src.startswith("/") or src.startswith("//"):  # our own files only
                self.found.append(f"<script> from {attributes.get('src')!r}")
        elif tag in PLUGINS:
            self.found.append(f"<{tag}>")
        elif tag == "iframe":
            # Only the admin's e-mail preview: sandboxed (no script at all), content inline.
            if attributes.get("sandbox", "x") not in ("", None) or "srcdoc" not in attributes:
                self.found.append("<iframe> that is not a sandboxed preview")
            self.srcdocs.append(attributes.get("srcdoc") or "")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.found.append(f"inline script {data.strip()[:40]!r}")


def assert_no_executable_markup(html: str) -> None:
    parser = ExecutableMarkup()
    parser.feed(html)
    parser.close()
    assert parser.found == []
    for srcdoc in parser.srcdocs:
        assert_no_executable_markup(srcdoc)


def between(html: str, start: str, end: str) -> str:
    """The markup between the first `start` and the next `end` (the sanitiser keeps no div)."""
    match = re.search(re.escape(start) + "(.*?)" + re.escape(end), html, re.S)
    assert match, f"{start} not in the page"
    return match[1]


@pytest.mark.parametrize(("fragment", "kept"), HOSTILE)
def test_the_sanitiser_keeps_only_harmless_markup(fragment, kept):
    assert render_markdown(fragment) == kept
    assert_no_executable_markup(render_markdown(fragment))


def test_the_sanitiser_renders_the_whole_hostile_text_exactly():
    assert render_markdown(TEXT) == TEXT_HTML


@pytest.fixture
def hostile_proposal(als, bob):
    proposal = make_proposal(als, by=bob)
    section = proposal.sections.order_by("pk").first()
    services.section_save(section=section, text="First draft", version=section.version, by=bob)
    section.refresh_from_db()
    services.section_save(section=section, text=TEXT, version=section.version, by=bob)
    return proposal


def test_a_proposal_section_shows_only_the_sanitised_text(login, dora, hostile_proposal):
    html = login(dora).get(hostile_proposal.get_absolute_url()).content.decode()

    assert between(html, '<div class="section-text" lang="en-gb">', "</div>") == TEXT_HTML
    assert_no_executable_markup(html)


def test_the_author_sees_the_hostile_text_only_as_text_in_the_form(login, bob, hostile_proposal):
    response = login(bob).get(hostile_proposal.get_absolute_url())
    html = response.content.decode()

    assert response.status_code == 200
    assert "&lt;script&gt;alert(1)&lt;/script&gt;Hello" in html
    assert_no_executable_markup(html)


def test_the_history_of_a_hostile_section_shows_it_as_text(login, dora, hostile_proposal):
    response = login(dora).get(reverse("proposals:history", args=[hostile_proposal.pk]))
    html = response.content.decode()

    assert response.status_code == 200
    assert "&lt;svg onload=&quot;alert(1)&quot;&gt;" in html
    assert_no_executable_markup(html)


@pytest.fixture
def hostile_workshop(amadora):
    return WorkshopFactory(host=amadora, handbook=TEXT)


def test_a_workshop_handbook_shows_only_the_sanitised_text(client, hostile_workshop):
    response = client.get(reverse("workshops:detail", args=[hostile_workshop.slug]))
    html = response.content.decode()

    assert response.status_code == 200
    assert between(html, '<div class="handbook">', "</div>") == TEXT_HTML
    assert_no_executable_markup(html)


def test_the_handbook_preview_in_the_admin_is_sanitised(login, dora, hostile_workshop):
    url = reverse("admin:workshops_workshop_change", args=[hostile_workshop.pk])
    response = login(dora).get(url)
    html = response.content.decode()

    assert response.status_code == 200
    assert TEXT_HTML in html
    assert_no_executable_markup(html)


def test_an_e_mail_wording_cannot_put_script_in_the_e_mails(login, dora):
    wording = EmailTemplate.objects.create(
        kind="invitation", subject="<script>alert(1)</script>Invitation", body=TEXT
    )

    subject, text, html = mail.render("invitation", example_context(wording.kind))

    assert subject == "<script>alert(1)</script>Invitation"  # plain text: a subject line
    assert text == TEXT.strip() + "\n"  # plain text: a mail client shows it as such
    assert between(html, 'line-height:1.5;">', "</td>") == TEXT_HTML
    assert "<title>&lt;script&gt;alert(1)&lt;/script&gt;Invitation</title>" in html
    assert_no_executable_markup(html)

    admin = login(dora).get(reverse("admin:outbox_emailtemplate_change", args=[wording.pk]))
    assert admin.status_code == 200
    assert_no_executable_markup(admin.content.decode())


@pytest.fixture
def hostile_member(als):
    return MemberFactory(
        learning_set=als, name=NAME, organisation=ORGANISATION, email="ana@amadora.example"
    )


@pytest.mark.parametrize("page", ["manage", "learning_set"])
def test_a_hostile_member_name_is_text_on_the_pages(login, alice, als, hostile_member, page):
    url = (
        reverse("partners:manage", args=[als.partner.slug])
        if page == "manage"
        else reverse("learningsets:detail", args=[als.pk])
    )
    response = login(alice).get(url)
    html = response.content.decode()

    assert response.status_code == 200
    assert NAME_HTML in html
    assert_no_executable_markup(html)


@pytest.mark.usefixtures("english_only")
def test_a_hostile_member_name_is_text_in_the_account_invitation(login, alice, als, hostile_member):
    url = reverse("learningsets:member_invite", args=[als.partner.slug, hostile_member.pk])
    login(alice).post(url)

    email = Email.objects.get(kind="account_invitation", to=hostile_member.email)
    assert email.body_text.startswith(f"Dear {NAME},\n")
    assert f"<p>Dear {NAME_IN_EMAIL},</p>" in email.body_html
    assert_no_executable_markup(email.body_html)


def test_a_hostile_name_is_text_in_a_fan_out_too(db):
    recipients = [
        mail.Recipient(
            to=f"person{number}@example.org",
            context={
                "name": name,
                "learning_set": ORGANISATION,
                "link": mail.PERSONAL_LINK,
                "expires": "1 January 2030",
            },
            dedupe_key=f"hostile:{number}",
        )
        for number, name in enumerate([NAME, "Ana"])
    ]

    emails = mail.emails_queue(kind="account_invitation", recipients=recipients)

    hostile, plain = emails
    assert f"<p>Dear {NAME_IN_EMAIL},</p>" in hostile.body_html
    assert "<p>Dear Ana,</p>" in plain.body_html
    for email in emails:
        assert_no_executable_markup(email.body_html)
