"""Text that is not UTF-8 is refused with the reason, and nothing is changed
(common.middleware.refuse_unreadable)."""

from urllib.parse import quote_from_bytes

import pytest

from tests.pages import main_text

NOT_UTF8_FORM = (
    "Request refused Nothing was saved: the form sent is not valid UTF-8 text. "
    "Reload the page and send it again. Go to the home page"
)
NOT_UTF8_ADDRESS = (
    "Request refused This address is not valid: what follows its “?” is not UTF-8 text. "
    "Check the link, or go back and try again. Go to the home page"
)
BOUNDARY = "mile-boundary"


def member_form(als, name: bytes) -> dict[str, bytes]:
    return {
        b"learning_set": str(als.pk).encode(),
        b"name": name,
        b"email": b"ana@amadora.example",
        b"organisation": b"IEFP",
        b"position": b"",
        b"actor_type": b"institution",
    }


def urlencoded(fields: dict[bytes, bytes]) -> bytes:
    """Each value %-escaped byte by byte, as a browser sends them in its page's encoding."""
    return b"&".join(key + b"=" + quote_from_bytes(value).encode() for key, value in fields.items())


def multipart(fields: dict[bytes, bytes]) -> bytes:
    parts = [
        b'--%s\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n'
        % (BOUNDARY.encode(), key, value)
        for key, value in fields.items()
    ]
    return b"".join(parts) + b"--%s--\r\n" % BOUNDARY.encode()


ENCODINGS = {
    "urlencoded": (urlencoded, "application/x-www-form-urlencoded"),
    "multipart": (multipart, f"multipart/form-data; boundary={BOUNDARY}"),
}


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_a_form_that_is_not_utf8_is_refused_with_the_reason_and_changes_nothing(
    login, alice, als, ana, encoding
):
    encode, content_type = ENCODINGS[encoding]
    url = f"/partners/amadora/manage/members/{ana.pk}/edit/"
    client = login(alice)

    refused = client.post(url, encode(member_form(als, b"Jo\xe3o")), content_type=content_type)

    assert refused.status_code == 400
    assert main_text(refused) == NOT_UTF8_FORM
    ana.refresh_from_db()
    assert (ana.name, ana.organisation) == ("Ana Costa", "Town hall")
    # The same name in UTF-8 is saved.
    saved = client.post(url, encode(member_form(als, "João".encode())), content_type=content_type)
    assert saved.status_code == 302
    ana.refresh_from_db()
    assert (ana.name, ana.organisation) == ("João", "IEFP")


@pytest.mark.django_db
# As the server gives the query string (PEP 3333): its bytes as Latin-1 characters.
@pytest.mark.parametrize("query", ["search=Jo%E3o", "search=Jo\xe3o"], ids=["escaped", "raw"])
def test_an_address_whose_query_is_not_utf8_is_refused_with_the_reason(client, query):
    response = client.get("/partners/", QUERY_STRING=query)

    assert response.status_code == 400
    assert main_text(response) == NOT_UTF8_ADDRESS
    assert client.get("/partners/?search=Jo%C3%A3o").status_code == 200
