"""The security headers of real pages, in development and under the production settings."""

import json
import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import reverse

from outbox.models import EmailTemplate
from tests.outbox.test_admin import EmailFactory

STRICT_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}

# A page rendered in a fresh interpreter under the production settings, its headers as JSON.
# The static files' manifest comes from collectstatic at deploy time: here they are named as is.
PROBE = """
import json
from django.conf import settings
from django.test import Client, override_settings
storages = {**settings.STORAGES, "staticfiles": {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
with override_settings(STORAGES=storages):
    response = Client().get("/accounts/login/", HTTP_HOST="example.org", secure=True)
print(json.dumps({
    "status": response.status_code,
    "headers": dict(response.headers),
    "csrf_cookie_secure": bool(response.cookies["csrftoken"]["secure"]),
}))
"""


def production_environment(**variables):
    """This machine's environment (but its cache) under production settings, plus `variables`."""
    return {
        **{name: value for name, value in os.environ.items() if name != "CACHE_URL"},
        "DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50)[:50],
        "ALLOWED_HOSTS": "example.org",
        **variables,
    }


def manage(*args, **variables):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=production_environment(**variables),
        capture_output=True,
        text=True,
        timeout=120,
    )


def policy(header: str) -> dict[str, list[str]]:
    directives = [part.split() for part in header.split(";") if part.strip()]
    return {name: sources for name, *sources in directives}


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/workshops/", "/accounts/login/"])
def test_every_page_carries_the_strict_policy_and_the_security_headers(client, url):
    response = client.get(url)

    assert response.status_code == 200
    assert policy(response["Content-Security-Policy"]) == STRICT_POLICY
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
def test_the_pages_have_no_inline_script_and_htmx_injects_no_style(client):
    html = client.get("/").content.decode()

    assert '<meta name="htmx-config" content=\'{"includeIndicatorStyles": false}\'>' in html
    assert "<style" not in html
    assert " style=" not in html
    # Every <script> has a src of our own: nothing inline that the policy would refuse.
    scripts = html.count("<script")
    assert scripts == html.count('<script src="/static/')
    assert scripts >= 2  # Bootstrap and htmx


def test_the_deploy_checks_ask_for_a_shared_cache():
    result = manage("check", "--deploy")

    assert result.returncode == 0, result.stderr
    assert "?: (mile.W001) CACHE_URL is not set: each process keeps its own cache" in result.stderr
    assert "HINT: Set CACHE_URL to a Redis database" in result.stderr


def test_a_page_under_the_production_settings_sends_hsts_and_secure_cookies():
    result = manage("shell", "--no-imports", "-c", PROBE)
    assert result.returncode == 0, result.stderr
    page = json.loads(result.stdout.strip().splitlines()[-1])

    assert page["status"] == 200
    headers = page["headers"]
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert policy(headers["Content-Security-Policy"]) == STRICT_POLICY
    assert page["csrf_cookie_secure"] is True


@pytest.mark.parametrize("page", ["outbox", "wording"])
def test_only_the_e_mail_previews_allow_style_attributes_and_never_script(login, dora, page):
    """An e-mail's HTML needs its style attributes; the iframe's srcdoc inherits the policy."""
    if page == "outbox":
        email = EmailFactory(body_html='<p style="color:#0b3d6b">Dear Bob,</p>')
        url = reverse("admin:outbox_email_change", args=[email.pk])
    else:
        wording = EmailTemplate.objects.create(
            kind="invitation", subject="Invitation", body="Dear {{ name }},"
        )
        url = reverse("admin:outbox_emailtemplate_change", args=[wording.pk])
    client = login(dora)

    response = client.get(url)
    changelist = client.get(reverse("admin:outbox_email_changelist"))

    assert response.status_code == 200
    assert 'sandbox srcdoc="' in response.content.decode()
    assert policy(response["Content-Security-Policy"]) == {
        **STRICT_POLICY,
        "style-src-attr": ["'unsafe-inline'"],
    }
    assert policy(changelist["Content-Security-Policy"]) == STRICT_POLICY
