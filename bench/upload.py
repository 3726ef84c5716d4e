"""The memory an upload of a proposal's document takes (issue 20): a document of
DOCUMENT_MAX_MB (20 MB) posted to the documents page as a browser posts it, its request body
read from a file as a server hands it over, through every middleware, the form, the checks,
the hash and the storage. It prints the peak of Python's allocations while the request is
handled (tracemalloc), after a first upload of 1 MB has loaded what a process's first request
loads, and how much the process's peak resident size grew meanwhile (getrusage).

    .venv/bin/python -m bench.upload              # 20 MB
    .venv/bin/python -m bench.upload --mb 5

The target: the file is stored without holding more than a few MB of it in memory. It runs on
a SQLite database and a documents folder of its own, in a temporary folder, and records
nothing.
"""

import argparse
import os
import resource
import sys
import tempfile
import tracemalloc
from pathlib import Path

BOUNDARY = "mile-bench-upload-boundary"
CHUNK = 1024 * 1024


def multipart(path: Path, size: int) -> int:
    """The form's body, written to `path` a megabyte at a time: a PDF of `size` bytes."""
    head = "".join(
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        for name, value in (("title", "Budget annex"), ("kind", "budget_annex"))
    )
    head += (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="annex.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n%PDF-1.7\n"
    )
    with path.open("wb") as body:
        body.write(head.encode())
        left = size - len("%PDF-1.7\n")
        while left > 0:
            body.write(os.urandom(min(CHUNK, left)))
            left -= CHUNK
        body.write(f"\r\n--{BOUNDARY}--\r\n".encode())
    return path.stat().st_size


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _draft():
    """A draft and its author, as the site makes them."""
    from proposals.services import proposal_create
    from tests.factories import LearningSetFactory, PartnerFactory, UserFactory

    partner = PartnerFactory(name="Bench", slug="bench")
    author = UserFactory(email="author@bench.example")
    partner.contacts.add(author)
    learning_set = LearningSetFactory(partner=partner)
    proposal = proposal_create(
        learning_set=learning_set, title="Bench", funding_source="erdf", by=author
    )
    return proposal, author


def measure(folder: Path, size: int) -> dict:
    """Two uploads: one of a megabyte, which loads what the first request of a process loads,
    then the one of `size` bytes, measured."""
    from django.core.management import call_command
    from django.test import Client, RequestFactory
    from django.test.client import ClientHandler
    from django.test.utils import setup_test_environment

    from proposals.models import Document

    setup_test_environment()  # the test client's host name
    call_command("migrate", verbosity=0)
    proposal, author = _draft()
    client = Client()
    client.force_login(author)
    handler = ClientHandler(enforce_csrf_checks=False)

    def upload(size: int):
        length = multipart(folder / "body", size)
        environ = RequestFactory()._base_environ(
            PATH_INFO=f"/proposals/{proposal.pk}/documents/",
            REQUEST_METHOD="POST",
            CONTENT_TYPE=f"multipart/form-data; boundary={BOUNDARY}",
            CONTENT_LENGTH=str(length),
            HTTP_COOKIE=client.cookies.output(header="", sep=";").strip(),
        )
        with (folder / "body").open("rb") as body:
            environ["wsgi.input"] = body
            tracemalloc.start()
            response = handler(environ)
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
        return response.status_code, peak / CHUNK

    _, warm_up = upload(CHUNK)
    rss_before = _peak_rss_mb()
    status, peak = upload(size)
    document = Document.objects.filter(proposal=proposal).order_by("pk").last()
    return {
        "status": status,
        "stored": document.size if document else 0,
        "warm_up_mb": warm_up,
        "peak_mb": peak,
        "rss_growth_mb": _peak_rss_mb() - rss_before,
    }


def main() -> int:
    arguments = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    arguments.add_argument("--mb", type=int, default=20, help="the document's size in MB")
    options = arguments.parse_args()
    size = options.mb * CHUNK
    with tempfile.TemporaryDirectory(prefix="mile-bench-upload-") as name:
        folder = Path(name)
        os.environ.update(
            DJANGO_SETTINGS_MODULE="mile.settings",
            DATABASE_URL=f"sqlite:///{folder / 'bench.sqlite3'}",
            MEDIA_ROOT=str(folder / "media"),
            CACHE_URL="",
            CELERY_BROKER_URL="",
            LOG_LEVEL="WARNING",
            DOCUMENTS_SERVE="django",
            DOCUMENTS_S3_BUCKET="",
            DOCUMENT_MAX_MB=str(options.mb),
            PROPOSAL_DOCUMENTS_MAX_MB=str(options.mb + 1),
        )
        import django

        django.setup()
        result = measure(folder, size)
    print(
        f"Upload of a {options.mb} MB document: status {result['status']}, "
        f"{result['stored'] / CHUNK:.1f} MB stored; peak of Python's allocations while "
        f"handling it {result['peak_mb']:.1f} MB (the first request of the process, of 1 MB: "
        f"{result['warm_up_mb']:.1f} MB); peak resident size grew by "
        f"{result['rss_growth_mb']:.1f} MB."
    )
    return 0 if result["status"] == 302 and result["stored"] == size else 1


if __name__ == "__main__":
    sys.exit(main())
