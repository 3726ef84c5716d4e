"""Downloading a document: only after the view checked the reader may see it, as an
attachment under its clean name, sent by whoever DOCUMENTS_SERVE names."""

import pytest
from django.core.files.storage import FileSystemStorage

from proposals import documents
from proposals.models import Proposal
from tests.proposals import files
from tests.proposals.factories import make_document, make_proposal


def url(document) -> str:
    return f"/proposals/{document.proposal_id}/documents/{document.pk}/"


def body(response) -> bytes:
    content = b"".join(response.streaming_content)
    response.close()
    return content


@pytest.fixture
def letter(proposal, bob):
    return make_document(proposal, by=bob, name="Carta de apoio – Câmara.pdf", is_public=True)


@pytest.fixture
def public(other_als, charlie, komotini):
    """An approved proposal of Komotini's in the public library, with a public document and
    one for its authors only."""
    komotini.contacts.add(charlie)
    proposal = make_proposal(other_als, title="In the library", by=charlie)
    shown = make_document(proposal, by=charlie, title="Map", name="map.png", content=files.PNG,
                          is_public=True)  # fmt: skip
    kept = make_document(proposal, by=charlie, title="Budget annex", kind="budget_annex")
    Proposal.objects.filter(pk=proposal.pk).update(status="approved", is_public=True)
    return shown, kept


@pytest.mark.parametrize("reader", ["bob", "alice", "dora"])
def test_an_author_and_the_team_download_a_draft_s_document(client, request, letter, reader):
    client.force_login(request.getfixturevalue(reader))

    response = client.get(url(letter))

    assert response.status_code == 200
    assert body(response) == files.PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''Carta%20de%20apoio%20%E2%80%93%20C%C3%A2mara.pdf"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Length"] == str(len(files.PDF))


def test_a_plain_name_is_given_as_it_is(client, bob, proposal):
    document = make_document(proposal, by=bob, name="letter.pdf")
    client.force_login(bob)

    response = client.get(url(document))
    response.close()

    assert response["Content-Disposition"] == 'attachment; filename="letter.pdf"'


def test_a_draft_s_document_is_nobody_else_s_whatever_the_address(client, letter, charlie, public):
    shown, _ = public
    client.force_login(charlie)
    other_set = client.get(url(letter))
    # Its own public proposal's id with the draft's document id: still not found.
    crossed = client.get(f"/proposals/{shown.proposal_id}/documents/{letter.pk}/")
    client.logout()
    visitor = client.get(url(letter))

    assert (other_set.status_code, crossed.status_code) == (404, 404)
    assert visitor.status_code == 302
    assert visitor["Location"] == f"/accounts/login/?next={url(letter)}"


def test_a_public_proposal_s_public_document_is_everybody_s(client, public, bob):
    shown, kept = public

    anybody = client.get(url(shown))
    hidden = client.get(url(kept))
    client.force_login(bob)
    stranger = client.get(url(kept))

    assert anybody.status_code == 200
    assert body(anybody) == files.PNG
    assert anybody["Content-Type"] == "image/png"
    assert not anybody.has_header("Cache-Control")  # the same for every visitor
    assert hidden.status_code == 302  # asked to log in
    assert stranger.status_code == 404


def test_the_public_page_lists_only_the_public_documents(client, public):
    shown, kept = public

    page = client.get(f"/proposals/{shown.proposal_id}/").content.decode()

    assert url(shown) in page and "Map" in page
    assert url(kept) not in page and "Budget annex" not in page
    assert "Authors and team only" not in page


def test_a_replaced_document_is_its_authors_and_the_team_s_until_the_approval(
    client, bob, dora, public, charlie
):
    shown, _ = public
    Proposal.objects.filter(pk=shown.proposal_id).update(status="draft", is_public=False)
    documents.document_delete(document=shown, by=charlie)

    client.force_login(charlie)
    author = client.get(url(shown))
    client.force_login(dora)
    team = client.get(url(shown))
    client.force_login(bob)
    outsider = client.get(url(shown))

    assert (author.status_code, team.status_code, outsider.status_code) == (200, 200, 404)


def test_a_missing_file_is_a_404_not_an_error_page(client, bob, letter, caplog):
    documents.documents_storage().delete(letter.stored_as)
    client.force_login(bob)

    response = client.get(url(letter))

    assert response.status_code == 404
    assert f"The file of document {letter.pk} is missing" in caplog.text


def test_nginx_sends_the_file_from_its_internal_location(client, bob, letter, settings):
    settings.DOCUMENTS_SERVE = "x-accel"
    client.force_login(bob)

    response = client.get(url(letter))

    assert response.status_code == 200
    assert response.content == b""
    assert response["X-Accel-Redirect"] == f"/_documents/{letter.stored_as}"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment; filename*=utf-8''Carta")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_server_with_x_sendfile_sends_the_file_from_its_path(client, bob, letter, settings):
    settings.DOCUMENTS_SERVE = "x-sendfile"
    client.force_login(bob)

    response = client.get(url(letter))

    assert response.content == b""
    assert response["X-Sendfile"] == documents.documents_storage().path(letter.stored_as)
    assert response["Content-Disposition"].startswith("attachment; filename*=utf-8''Carta")


class SigningStorage(FileSystemStorage):
    """Stands in for django-storages' S3Storage, whose url() signs a link for `expire` seconds
    with the response headers the bucket is to send."""

    def url(self, name, parameters=None, expire=None, http_method=None):
        signed = "&".join(f"{key}={value}" for key, value in sorted(parameters.items()))
        return f"https://bucket.example/{name}?{signed}&Expires={expire}"


def test_a_bucket_sends_the_file_through_a_short_lived_signed_link(client, bob, letter, settings):
    storage = documents.documents_storage()
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": f"{__name__}.SigningStorage",
            "OPTIONS": {"location": storage.location},
        },
    }
    settings.DOCUMENTS_SERVE = "signed-url"
    client.force_login(bob)

    response = client.get(url(letter))

    assert response.status_code == 302
    assert response["Location"] == (
        f"https://bucket.example/{letter.stored_as}?ResponseContentDisposition=attachment;%20"
        "filename*=utf-8''Carta%20de%20apoio%20%E2%80%93%20C%C3%A2mara.pdf"
        "&ResponseContentType=application/pdf&Expires=60"
    )
