"""The privacy notice: public, linked from every page, with the periods the settings give."""

from django.urls import reverse

PRIVACY = reverse("privacy")


def test_anyone_reads_what_is_kept_why_and_for_how_long(client, db, settings):
    settings.OUTBOX_RETENTION_DAYS = 90
    settings.BACKUP_KEEP = 7
    settings.DEFAULT_FROM_EMAIL = "MILE management team <team@mile.example>"

    response = client.get(PRIVACY)

    assert response.status_code == 200
    page = response.content.decode()
    assert '<h1 id="privacy-heading">Privacy notice</h1>' in page
    assert "Its text is deleted 90 days after it was sent" in page
    assert "only the last 7 copies are kept" in page
    assert "logged in for at most 14 days" in page
    assert "<dt>Calendar links</dt>" in page
    assert '<a href="mailto:team@mile.example">team@mile.example</a>' in page


def test_the_periods_default_to_180_days_of_e_mails_and_14_backups(client, db, settings):
    for name in ("OUTBOX_RETENTION_DAYS", "BACKUP_KEEP"):
        if hasattr(settings, name):
            delattr(settings, name)

    page = client.get(PRIVACY).content.decode()

    assert "Its text is deleted 180 days after it was sent" in page
    assert "only the last 14 copies are kept" in page


def test_every_page_links_to_it_in_the_footer(client, db):
    page = client.get(reverse("home")).content.decode()

    assert f'<a class="ms-2" href="{PRIVACY}">Privacy notice</a>' in page


def test_it_answers_a_post_with_405(client, db):
    assert client.post(PRIVACY).status_code == 405
