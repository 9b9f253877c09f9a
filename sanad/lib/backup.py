"""Encrypted, compressed backups of the database and the uploaded files.

Format: a gzip-compressed tar holding `data.json` (every table, Django's serialisation with
natural keys) and `media/…` (the files), encrypted with Fernet (AES-128-CBC + HMAC-SHA256)
under SANAD_BACKUP_KEY. Fernet authenticates: a corrupted or tampered file is refused."""

import io
import json
import tarfile
from datetime import datetime, time
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken
from django.apps import apps
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction

MAGIC = b"SANAD-BACKUP-1\n"
EXCLUDED = {"contenttypes.contenttype", "auth.permission", "sessions.session"}


class BackupError(Exception):
    """The backup cannot be read: wrong key, corrupted file or not a Sanad backup."""


def new_key() -> str:
    return Fernet.generate_key().decode()


def _models():
    return [
        m
        for m in apps.get_models()
        if m._meta.label_lower not in EXCLUDED and not m._meta.proxy and m._meta.managed
    ]


def dump_data() -> bytes:
    """Every row of every table, read in one transaction (a consistent snapshot)."""
    with transaction.atomic():
        objects = (
            obj
            for model in _models()
            for obj in model._base_manager.order_by("pk").iterator(chunk_size=2000)
        )
        # Primary keys are kept as they are; only references to content types (recreated
        # by migrate with other ids) go by natural key.
        rows = serializers.serialize("python", objects, use_natural_foreign_keys=True)
    return json.dumps(rows, cls=ExactEncoder, ensure_ascii=False).encode()


class ExactEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to the millisecond; a backup keeps the microseconds."""

    def default(self, o):
        if isinstance(o, datetime | time):
            return o.isoformat()
        return super().default(o)


def create(media_root: Path, key: str) -> bytes:
    """The encrypted backup of the database and of every file under `media_root`."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        data = dump_data()
        info = tarfile.TarInfo("data.json")
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
        if media_root.exists():
            for path in sorted(p for p in media_root.rglob("*") if p.is_file()):
                archive.add(path, arcname=f"media/{path.relative_to(media_root)}")
    return MAGIC + Fernet(key.encode()).encrypt(buffer.getvalue())


def open_backup(blob: bytes, key: str) -> tarfile.TarFile:
    if not blob.startswith(MAGIC):
        raise BackupError("This is not a Sanad backup.")
    try:
        plain = Fernet(key.encode()).decrypt(blob[len(MAGIC) :])
    except (InvalidToken, ValueError) as error:
        raise BackupError("Wrong key, or the backup is corrupted.") from error
    return tarfile.open(fileobj=io.BytesIO(plain), mode="r:gz")


@transaction.atomic
def restore(blob: bytes, key: str, media_root: Path) -> int:
    """Load a backup into an empty, migrated database and write its files. Returns the
    number of rows loaded. Refuses a database that already holds people."""
    if apps.get_model("accounts", "User").objects.exists():
        raise BackupError("Restore only into an empty installation.")
    archive = open_backup(blob, key)
    rows = 0
    for member in archive.getmembers():
        if member.name == "data.json":
            rows = _load(archive.extractfile(member).read())
        elif member.isfile() and member.name.startswith("media/"):
            target = (media_root / member.name[len("media/") :]).resolve()
            if media_root.resolve() not in target.parents:
                raise BackupError("A file in the backup points outside the media folder.")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(archive.extractfile(member).read())
    return rows


def _load(data: bytes) -> int:
    """Load serialised rows as `loaddata` does: constraints checked once at the end,
    forward references resolved, and the id sequences moved past the loaded ids."""
    rows, deferred = 0, []
    with connection.constraint_checks_disabled():
        for obj in serializers.deserialize(
            "python", json.loads(data), handle_forward_references=True
        ):
            obj.save()
            if obj.deferred_fields:
                deferred.append(obj)
            rows += 1
        for obj in deferred:
            obj.save_deferred_fields()
    connection.check_constraints()
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), _models()):
            cursor.execute(sql)
    return rows
