"""The backup, upload and retention settings as a whole: their defaults, the S3 storage a bucket
selects, and the values that stop the start. Each variable's own effect is a row of
tests/mile/test_environment.py."""

import json

from django.conf import settings

from tests.mile.test_settings import manage

SHOW = (
    "from django.conf import settings as s; import json; print(json.dumps({"
    "'backups': s.STORAGES['dbbackup'], 'keep': s.DBBACKUP_CLEANUP_KEEP, "
    "'media': str(s.MEDIA_ROOT), 'url': s.MEDIA_URL, 'retention': s.OUTBOX_RETENTION_DAYS}))"
)


def shown(**environment) -> dict:
    result = manage("shell", "--no-imports", "-c", SHOW, **environment)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_with_nothing_set_backups_go_to_var_backups_and_keep_14():
    assert shown(BACKUP_DIR="", BACKUP_KEEP="", BACKUP_S3_BUCKET="", MEDIA_ROOT="") == {
        "backups": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(settings.BASE_DIR / "var" / "backups"),
                        "file_permissions_mode": 0o600},
        },
        "keep": 14,
        "media": str(settings.BASE_DIR / "var" / "media"),
        "url": "/media/",  # Django adds the leading slash
        "retention": 180,
    }  # fmt: skip


def test_a_bucket_sends_the_backups_to_s3_compatible_storage():
    found = shown(
        BACKUP_S3_BUCKET="mile-backups-bucket",
        BACKUP_S3_PREFIX="nightly",
        BACKUP_S3_ENDPOINT_URL="https://s3.fr-par.example",
        BACKUP_S3_REGION="fr-par",
        BACKUP_S3_ACCESS_KEY_ID="key",
        BACKUP_S3_SECRET_ACCESS_KEY="secret",
    )

    assert found["backups"] == {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": "mile-backups-bucket",
            "location": "nightly",
            "endpoint_url": "https://s3.fr-par.example",
            "region_name": "fr-par",
            "access_key": "key",
            "secret_key": "secret",
            "default_acl": "private",
            "file_overwrite": False,
        },
    }


def test_keeping_no_backup_or_no_e_mail_body_stops_the_start():
    keep = manage("check", BACKUP_KEEP="0")
    retention = manage("check", OUTBOX_RETENTION_DAYS="-1")

    assert keep.stderr.strip().endswith("BACKUP_KEEP=0 must keep at least one backup")
    assert retention.stderr.strip().endswith("OUTBOX_RETENTION_DAYS=-1 must be 1 or more")
