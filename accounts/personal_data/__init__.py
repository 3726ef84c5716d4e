"""A person's data: everything the platform holds about one person, exported or erased.

A person is an account with the member rows bearing an address the account has proven, or a
member without an account. Each app registers a `Part` when it starts (its `personal_data`
module, called from `AppConfig.ready`): what it exports, which of its rows hold the person,
the words of theirs those rows hold (names, addresses) and how it anonymises them. Accounts
registers the outbox's and the admin log's parts, which know no person. An erasure is logged
(`ErasureLog`: the ids of the rows, never their contents) and re-applied after a restore.
"""

import io
import json
import logging
import re
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import ErasureLog, User

log = logging.getLogger(__name__)

ERASED_NAME = _("Erased person")
# The erasure log's copy beside the backups (the backup storage: BACKUP_DIR or the bucket).
KEPT_LOG_NAME = "mile-erasure-log.json"
ERASED_ADDRESS = re.compile(r"^erased-\d+(-\d+)?@invalid$")

# Model label ("learningsets.member") → the ids of that model's rows holding the person.
Rows = dict[str, list[int]]


class PersonNotFound(Exception):
    """Nobody on record has this address."""


@dataclass(frozen=True)
class Person:
    """An account (or none) and the addresses the person has proven, lower-cased."""

    user: User | None
    addresses: frozenset[str]

    @property
    def is_erased(self) -> bool:
        return bool(self.addresses) and all(map(ERASED_ADDRESS.match, self.addresses))


@dataclass(frozen=True)
class Erasure:
    """One erasure to apply: the person's rows and the words of theirs to replace."""

    number: int
    rows: Rows
    words: frozenset[str] = frozenset()

    @property
    def address(self) -> str:
        return f"erased-{self.number}@invalid"

    @property
    def name(self) -> str:
        # Stored, so written once, in the site's language.
        with translation.override(settings.LANGUAGE_CODE):
            return str(ERASED_NAME)

    def ids(self, label: str) -> list[int]:
        return self.rows.get(label, [])

    def replacements(self) -> dict[str, str]:
        """Each word by its anonymous stand-in: an address by the erasure's, a name by
        "Erased person"."""
        return {
            word: self.address if "@" in word else self.name
            for word in self.words
            if word and word != self.name and not ERASED_ADDRESS.match(word)
        }


def _nothing(*args) -> dict:
    return {}


@dataclass(frozen=True)
class Part:
    """One app's share of a person's data, under its key in the export."""

    key: str
    export: Callable[[Person], object]
    rows: Callable[[Person], Rows] = _nothing
    words: Callable[[Rows], Iterable[str]] = field(default=lambda rows: ())
    erase: Callable[[Erasure], None] = _nothing
    # Whether the app holds someone without an account by this (lower-cased) address.
    knows: Callable[[str], bool] = field(default=lambda address: False)


_parts: dict[str, Part] = {}


def register(part: Part) -> None:
    _parts[part.key] = part


def registered() -> list[Part]:
    return list(_parts.values())


def person_find(*, email: str) -> Person:
    """The person with this address: their account, else the members bearing it."""
    address = email.strip().lower()
    user = User.objects.filter(email__iexact=address).first()
    if user is None:
        proof = EmailAddress.objects.filter(email__iexact=address, verified=True)
        user = User.objects.filter(pk__in=proof.values("user_id")).first()
    if user is not None:
        return person_of_user(user)
    if address and any(part.knows(address) for part in registered()):
        return Person(user=None, addresses=frozenset([address]))
    raise PersonNotFound(gettext("Nobody on record has the address “{email}”.").format(email=email))


def person_of_user(user: User) -> Person:
    proven = EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    return Person(user=user, addresses=frozenset(a.lower() for a in [user.email, *proven]))


def person_export(person: Person) -> dict:
    """Everything each app holds about the person, under each app's key."""
    return {part.key: part.export(person) for part in registered()}


def person_export_zip(person: Person) -> bytes:
    """The export as a ZIP holding person.json."""
    text = json.dumps(person_export(person), cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("person.json", text)
    return buffer.getvalue()


def person_rows(person: Person) -> Rows:
    """The rows each app would anonymise, by model label."""
    rows: Rows = {}
    for part in registered():
        rows.update({label: ids for label, ids in part.rows(person).items() if ids})
    return rows


def person_erasure_plan(person: Person) -> list[tuple[str, int]]:
    """What an erasure anonymises: (the rows' name, how many), for the confirmation page."""
    return [
        (str(apps.get_model(label)._meta.verbose_name_plural), len(ids))
        for label, ids in person_rows(person).items()
    ]


@transaction.atomic
def person_erase(*, person: Person, by: User | None = None) -> ErasureLog | None:
    """Anonymise the person everywhere their name and addresses are copied, and log it.
    A person already erased changes nothing (None)."""
    if person.is_erased:
        return None
    rows = person_rows(person)
    log = ErasureLog.objects.create(rows=rows, by=by)
    _apply(log)
    transaction.on_commit(_keep_beside_the_backups)
    return log


def erasure_log_entries() -> list[dict]:
    """The erasure log as data (ids only), for keeping beside the backups: a restore of an
    older backup gives it to `reapply_erasures`, so that later erasures are applied too."""
    return list(ErasureLog.objects.order_by("pk").values("id", "at", "by_id", "rows"))


def erasure_log_keep() -> None:
    """Copy the erasure log beside the backups, where a restore of a backup taken before an
    erasure finds it (`erasure_log_kept`). Written after each erasure and each backup."""
    storage = storages["dbbackup"]
    content = json.dumps(erasure_log_entries(), cls=DjangoJSONEncoder).encode()
    if storage.exists(KEPT_LOG_NAME):
        storage.delete(KEPT_LOG_NAME)
    storage.save(KEPT_LOG_NAME, ContentFile(content))


def erasure_log_kept() -> list[dict]:
    """The erasure log's copy beside the backups; none before the first erasure or backup."""
    storage = storages["dbbackup"]
    if not storage.exists(KEPT_LOG_NAME):
        return []
    with storage.open(KEPT_LOG_NAME) as kept:
        return json.load(kept)


def _keep_beside_the_backups() -> None:
    # The erasure is done and logged in the database; a copy that cannot be written now is
    # written by the next backup. Said loudly (an error report), never a failed erasure.
    try:
        erasure_log_keep()
    except Exception:
        log.exception("The erasure log could not be copied beside the backups")


def reapply_erasures(entries: Iterable[dict] = ()) -> int:
    """Apply every logged erasure again — after a restore from a backup taken before some of
    them; `entries` (from `erasure_log_entries`) adds the erasures the backup's log lacks.
    Idempotent: rows already anonymous stay as they are. Returns the erasures applied."""
    added = False
    for entry in entries:
        by = entry.get("by_id")
        _, created = ErasureLog.objects.get_or_create(
            pk=entry["id"],
            defaults={
                "at": entry["at"],
                "rows": entry["rows"],
                "by_id": by if by and User.objects.filter(pk=by).exists() else None,
            },
        )
        added = added or created
    if added:  # ids given: the next erasure's id comes after them (PostgreSQL's sequence)
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [ErasureLog]):
                cursor.execute(sql)
    logs = list(ErasureLog.objects.order_by("pk"))
    for log in logs:
        with transaction.atomic():
            _apply(log)
    return len(logs)


def reapply_erasures_after_restore(**kwargs) -> None:
    """`common.signals.backup_restored`'s receiver: the restored log and the copy beside the
    backups, so nobody erased after the backup was taken comes back."""
    reapply_erasures(erasure_log_kept())


def _apply(log: ErasureLog) -> None:
    rows = {label: [int(pk) for pk in ids] for label, ids in log.rows.items()}
    words = {word for part in registered() for word in part.words(rows)}
    erasure = Erasure(number=log.pk, rows=rows, words=frozenset(words))
    for part in registered():
        part.erase(erasure)
