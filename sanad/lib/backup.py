"""Encrypted, compressed backups of the database and the uploaded files.

Format 2: a gzip-compressed tar stream holding `data/000001.json`, … (each a JSON list of at
most CHUNK_ROWS rows, Django's serialisation) then `media/…` (the files). The stream is cut
into frames of at most FRAME_BYTES, each encrypted with Fernet (AES-128-CBC + HMAC-SHA256)
under SANAD_BACKUP_KEY and written after its length. Each frame's plain text starts with its
number and whether it is the last one, so a corrupted, tampered, reordered or truncated file
is refused. Memory stays bounded by one chunk of rows whatever the size of the database: at
national scale (105,000 people, a million visits, two million audit events) 10 minutes,
234 MB and a 311 MB file; its restore 8.5 minutes and 151 MB. Format 1
built one JSON document of every row, then compressed and encrypted it, all in memory, and
asked the database for each row's author and each visit's people and visitors (some four
million queries): after three minutes it held 570 MB and was still growing. Format 1 files
still restore."""

import io
import json
import struct
import tarfile
from datetime import datetime, time
from itertools import groupby, islice
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken
from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.models import Prefetch

MAGIC_V1 = b"SANAD-BACKUP-1\n"
MAGIC = b"SANAD-BACKUP-2\n"
EXCLUDED = {"contenttypes.contenttype", "auth.permission", "sessions.session"}
# Tables that migrate recreates, with other ids: rows referring to them name them instead.
RECREATED = (ContentType, Permission)
CHUNK_ROWS = 5000
FRAME_BYTES = 1 << 20
_HEADER = struct.Struct(">QB")  # frame number, last frame?
_LENGTH = struct.Struct(">I")


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


def _names_recreated_rows(model) -> bool:
    return any(
        field.is_relation and field.concrete and field.related_model in RECREATED
        for field in model._meta.get_fields()
    )


def data_chunks():
    """Every row of every table as JSON lists of at most CHUNK_ROWS rows, read in one
    transaction that sees one snapshot (repeatable read on PostgreSQL: a backup taken while
    people work holds no row whose referent was written after its table was read). Rows keep
    their ids; only references to content types and permissions go by natural key (the
    users' and groups' permissions): naming every author by e-mail cost a query per row."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        for model in _models():
            natural = _names_recreated_rows(model)
            rows = _rows(model, natural).iterator(chunk_size=2000)
            while chunk := list(islice(rows, CHUNK_ROWS)):
                serialised = serializers.serialize(
                    "python", chunk, use_natural_foreign_keys=natural
                )
                yield json.dumps(serialised, cls=ExactEncoder, ensure_ascii=False).encode()


def _rows(model, natural: bool):
    """`model`'s rows in id order with their many-to-many links read a chunk at a time
    (Django's serialiser otherwise asks for each row's links: two queries per visit)."""
    links = [
        field.name
        if natural
        else Prefetch(field.name, queryset=field.related_model._base_manager.only("pk"))
        for field in model._meta.many_to_many
    ]
    return model._base_manager.order_by("pk").prefetch_related(*links)


class ExactEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to the millisecond; a backup keeps the microseconds."""

    def default(self, o):
        if isinstance(o, datetime | time):
            return o.isoformat()
        return super().default(o)


class _EncryptingWriter(io.RawIOBase):
    """A write-only stream that writes what it is given to `output` as encrypted frames."""

    def __init__(self, output, key: str):
        self.output, self.fernet = output, Fernet(key.encode())
        self.pending, self.number = bytearray(), 0

    def writable(self):
        return True

    def write(self, data):
        self.pending += data
        while len(self.pending) > FRAME_BYTES:
            self._frame(bytes(self.pending[:FRAME_BYTES]), last=False)
            del self.pending[:FRAME_BYTES]
        return len(data)

    def finish(self):
        self._frame(bytes(self.pending), last=True)

    def _frame(self, payload: bytes, *, last: bool):
        token = self.fernet.encrypt(_HEADER.pack(self.number, last) + payload)
        self.output.write(_LENGTH.pack(len(token)) + token)
        self.number += 1


def write(output, media_root: Path, key: str) -> None:
    """Write the encrypted backup of the database and of every file under `media_root` to
    the binary stream `output`, a chunk at a time."""
    output.write(MAGIC)
    encrypted = _EncryptingWriter(output, key)
    with tarfile.open(fileobj=encrypted, mode="w|gz") as archive:
        for number, data in enumerate(data_chunks(), start=1):
            info = tarfile.TarInfo(f"data/{number:06d}.json")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
        if media_root.exists():
            for path in sorted(p for p in media_root.rglob("*") if p.is_file()):
                archive.add(path, arcname=f"media/{path.relative_to(media_root)}")
    encrypted.finish()


def create(media_root: Path, key: str) -> bytes:
    """The whole backup as bytes (small installations and tests)."""
    buffer = io.BytesIO()
    write(buffer, media_root, key)
    return buffer.getvalue()


class _DecryptingReader(io.RawIOBase):
    """A read-only stream of what an _EncryptingWriter was given, checked frame by frame."""

    def __init__(self, source, key: str):
        self.source, self.fernet = source, Fernet(key.encode())
        self.buffered, self.number, self.ended = b"", 0, False

    def readable(self):
        return True

    def readinto(self, target):
        while not self.buffered and not self.ended:
            self.buffered = self._next_frame()
        size = min(len(target), len(self.buffered))
        target[:size], self.buffered = self.buffered[:size], self.buffered[size:]
        return size

    def _next_frame(self) -> bytes:
        length = self.source.read(_LENGTH.size)
        if len(length) < _LENGTH.size:
            raise BackupError("The backup is incomplete (truncated).")
        token = self.source.read(_LENGTH.unpack(length)[0])
        try:
            plain = self.fernet.decrypt(token)
        except (InvalidToken, ValueError) as error:
            raise BackupError("Wrong key, or the backup is corrupted.") from error
        number, last = _HEADER.unpack_from(plain)
        if number != self.number:
            raise BackupError("The backup is corrupted (its parts are out of order).")
        self.number += 1
        if last:
            if self.source.read(1):
                raise BackupError("The backup is corrupted (data after its end).")
            self.ended = True
        return plain[_HEADER.size :]


def _plain(source, key: str):
    """The backup's compressed archive, as a binary stream, from the stream `source`."""
    magic = source.read(len(MAGIC))
    if magic == MAGIC:
        return _DecryptingReader(source, key)
    if magic == MAGIC_V1:
        try:
            return io.BytesIO(Fernet(key.encode()).decrypt(source.read()))
        except (InvalidToken, ValueError) as error:
            raise BackupError("Wrong key, or the backup is corrupted.") from error
    raise BackupError("This is not a Sanad backup.")


@transaction.atomic
def restore(source, key: str, media_root: Path) -> int:
    """Load a backup (a binary stream) into an empty, migrated database and write its files.
    Returns the number of rows loaded. Refuses a database that holds any row; on any
    error (a wrong key, a damaged or incomplete file) nothing is kept, neither rows nor
    files."""
    if any(model._base_manager.exists() for model in _models()):
        raise BackupError("Restore only into an empty installation.")
    written = []
    try:
        plain = _plain(source, key)
        with tarfile.open(fileobj=plain, mode="r|gz") as archive:
            rows = _restore(archive, media_root, written)
        while plain.read(FRAME_BYTES):  # to the end: an incomplete file is refused
            pass
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return rows


def _restore(archive: tarfile.TarFile, media_root: Path, written: list) -> int:
    rows, deferred = 0, []
    with connection.constraint_checks_disabled():
        for member in archive:
            if member.name == "data.json" or member.name.startswith("data/"):
                rows += _load(archive.extractfile(member).read(), deferred)
            elif member.isfile() and member.name.startswith("media/"):
                target = (media_root / member.name[len("media/") :]).resolve()
                if media_root.resolve() not in target.parents:
                    raise BackupError("A file in the backup points outside the media folder.")
                target.parent.mkdir(parents=True, exist_ok=True)
                written.append(target)
                target.write_bytes(archive.extractfile(member).read())
        for obj in deferred:
            obj.save_deferred_fields()
    connection.check_constraints()
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), _models()):
            cursor.execute(sql)
    return rows


def _load(data: bytes, deferred: list) -> int:
    """Load serialised rows as `loaddata` does (constraints are checked once at the end,
    forward references resolved once every row is in) but in bulk: each model's rows of the
    chunk in a few raw inserts (values as saved, no field's pre-save hook, as `loaddata`'s
    raw saves), their many-to-many links likewise. Row by row it took an update attempt and
    an insert per row, and a read and an insert per link: 1,100 rows a second at national
    scale, well over an hour. Returns how many rows."""
    count = 0
    # One model's rows at a time: rows naming earlier ones by natural key (format 1) find
    # them in the database.
    for _model, records in groupby(json.loads(data), key=lambda record: record["model"]):
        rows = list(
            serializers.deserialize("python", list(records), handle_forward_references=True)
        )
        model = type(rows[0].object)
        _insert(model, [row.object for row in rows])
        for name in {name for row in rows for name in row.m2m_data or ()}:
            field = model._meta.get_field(name)
            through, source, target = (
                field.remote_field.through,
                field.m2m_field_name(),
                field.m2m_reverse_field_name(),
            )
            links = [
                through(**{f"{source}_id": row.object.pk, f"{target}_id": pk})
                for row in rows
                for pk in (row.m2m_data or {}).get(name, ())
            ]
            _insert(through, links)
        deferred.extend(row for row in rows if row.deferred_fields)
        count += len(rows)
    return count


def _insert(model, objects: list) -> None:
    """`objects` inserted as they are, in batches the database accepts: with their ids, or
    (many-to-many links) ids given by the database."""
    fields = [f for f in model._meta.local_concrete_fields if not f.generated]
    if objects and objects[0].pk is None:
        fields.remove(model._meta.auto_field)
    size = connection.ops.bulk_batch_size(fields, objects) or len(objects) or 1
    for start in range(0, len(objects), size):
        model._base_manager._insert(objects[start : start + size], fields=fields, raw=True)
