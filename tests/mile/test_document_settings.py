"""The documents' settings as a whole: their private storage by default, the bucket that
selects S3-compatible storage and signed links, and the values that stop the start. Each
variable's own effect is a row of tests/mile/test_environment.py."""

import json

from django.conf import settings

from tests.mile.test_settings import manage

SHOW = (
    "from django.conf import settings as s; import json; print(json.dumps({"
    "'storage': s.STORAGES['documents'], 'serve': s.DOCUMENTS_SERVE, "
    "'most': [s.DOCUMENT_MAX_MB, s.PROPOSAL_DOCUMENTS_MAX_MB]}))"
)
NOTHING = {"DOCUMENTS_S3_BUCKET": "", "DOCUMENTS_SERVE": "", "MEDIA_ROOT": ""}


def shown(**environment) -> dict:
    result = manage("shell", "--no-imports", "-c", SHOW, **{**NOTHING, **environment})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_with_nothing_set_documents_are_files_in_media_documents_sent_by_django():
    assert shown(DOCUMENT_MAX_MB="", PROPOSAL_DOCUMENTS_MAX_MB="") == {
        "storage": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(settings.BASE_DIR / "var" / "media" / "documents")},
        },
        "serve": "django",
        "most": [20, 100],
    }


def test_a_bucket_keeps_the_documents_and_sends_them_by_signed_links():
    found = shown(DOCUMENTS_S3_BUCKET="mile-documents-bucket")

    assert found["serve"] == "signed-url"
    assert found["storage"] == {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": "mile-documents-bucket",
            "location": "mile-documents",
            "endpoint_url": None,
            "region_name": None,
            "access_key": None,
            "secret_key": None,
            "default_acl": "private",
            "file_overwrite": False,
            "querystring_auth": True,
            "querystring_expire": 60,
        },
    }


def test_a_way_of_sending_that_cannot_reach_the_documents_stops_the_start():
    def check(**environment):
        return manage("check", **{**NOTHING, **environment})

    unknown = check(DOCUMENTS_SERVE="nginx")
    no_bucket = check(DOCUMENTS_SERVE="signed-url")
    no_files = check(DOCUMENTS_SERVE="x-accel", DOCUMENTS_S3_BUCKET="b")
    limits = check(DOCUMENT_MAX_MB="200", PROPOSAL_DOCUMENTS_MAX_MB="100")

    assert unknown.stderr.strip().endswith(
        "DOCUMENTS_SERVE='nginx' is not one of django, x-accel, x-sendfile, signed-url"
    )
    assert no_bucket.stderr.strip().endswith(
        "DOCUMENTS_SERVE=signed-url cannot send documents on the file system"
    )
    assert no_files.stderr.strip().endswith(
        "DOCUMENTS_SERVE=x-accel cannot send documents in a bucket (DOCUMENTS_S3_BUCKET)"
    )
    assert limits.stderr.strip().endswith(
        "DOCUMENT_MAX_MB=200 must be above 0 and at most PROPOSAL_DOCUMENTS_MAX_MB=100"
    )
