"""Backup then restore into an empty installation gives back every row and every file."""

import inspect
import io
import json
import struct
import tarfile
from pathlib import Path

import django
import pytest
from cryptography.fernet import Fernet
from django.core import serializers
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.db.models import QuerySet
from django.test.utils import CaptureQueriesContext

from sanad.accounts.models import User
from sanad.audit.models import AuditEvent
from sanad.beneficiaries.models import Consent
from sanad.lib import backup
from sanad.visits.models import Visit


def _tables() -> dict:
    """Every row of every backed-up table, as the database returns it, by table, and every
    many-to-many link (without the link's own id, which a restore gives anew)."""
    snapshot = {}
    with connection.cursor() as cursor:
        for model in backup._models():
            table = model._meta.db_table
            cursor.execute(f'SELECT * FROM "{table}" ORDER BY 1')  # noqa: S608 (table names from models)
            snapshot[table] = cursor.fetchall()
            for field in model._meta.local_many_to_many:
                through = field.remote_field.through._meta
                columns = [f.column for f in through.local_concrete_fields if not f.primary_key]
                names = ", ".join(f'"{column}"' for column in columns)
                cursor.execute(f'SELECT {names} FROM "{through.db_table}" ORDER BY 1, 2')  # noqa: S608
                snapshot[through.db_table] = cursor.fetchall()
    return snapshot


def _files(root: Path) -> dict:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _empty_database():
    """What a new installation is after migrate: empty tables, fresh content types."""
    call_command("flush", interactive=False, verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_backup_restore_round_trip_is_exact(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", verbosity=0)
    consent = Consent.objects.first()
    consent.document.save("form.pdf", SimpleUploadedFile("form.pdf", b"%PDF-1.4 scan \x00\xff"))
    key = backup.new_key()
    before_rows, before_files = _tables(), _files(settings.MEDIA_ROOT)
    assert before_rows["audit_auditevent"] and before_files
    assert before_rows["visits_visit_beneficiaries"]  # links too

    blob = backup.create(Path(settings.MEDIA_ROOT), key)
    assert b"sanad-demo" not in blob and "فاطمة".encode() not in blob  # encrypted
    _empty_database()
    for path in Path(settings.MEDIA_ROOT).rglob("*"):
        if path.is_file():
            path.unlink()
    assert not User.objects.exists()

    backup.restore(io.BytesIO(blob), key, Path(settings.MEDIA_ROOT))
    assert _tables() == before_rows
    assert _files(settings.MEDIA_ROOT) == before_files
    # New rows get new ids after the restored ones.
    assert User.objects.create_user("new@example.org").pk > max(
        r[0] for r in before_rows["accounts_user"]
    )


def _frames(blob: bytes) -> list[bytes]:
    """The encrypted frames of a format-2 backup, each with its length."""
    frames, at = [], len(backup.MAGIC)
    while at < len(blob):
        (length,) = struct.unpack_from(">I", blob, at)
        frames.append(blob[at : at + 4 + length])
        at += 4 + length
    return frames


@pytest.mark.django_db(transaction=True)
def test_a_wrong_key_or_a_damaged_backup_restores_nothing(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", verbosity=0)
    consent = Consent.objects.first()
    consent.document.save("form.pdf", SimpleUploadedFile("form.pdf", b"%PDF-1.4 " * 4000))
    monkeypatch.setattr(backup, "FRAME_BYTES", 4096)  # many frames
    key = backup.new_key()
    blob = backup.create(Path(settings.MEDIA_ROOT), key)
    frames = _frames(blob)
    assert len(frames) > 10 and b"".join(frames) == blob[len(backup.MAGIC) :]
    with pytest.raises(backup.BackupError, match="empty installation"):
        backup.restore(io.BytesIO(blob), key, tmp_path / "restored")
    _empty_database()
    flipped = bytearray(blob)
    flipped[len(blob) // 2] ^= 1
    damaged = {
        "a wrong key": (blob, backup.new_key()),
        "a changed byte": (bytes(flipped), key),
        "the last part missing": (backup.MAGIC + b"".join(frames[:-1]), key),
        "two parts swapped": (backup.MAGIC + b"".join([frames[1], frames[0], *frames[2:]]), key),
        "something after the end": (blob + frames[-1], key),
        "not a backup": (b"PK\x03\x04" + blob, key),
    }
    for case, (data, used_key) in damaged.items():
        with pytest.raises(backup.BackupError):
            backup.restore(io.BytesIO(data), used_key, tmp_path / "restored")
        assert not User.objects.exists(), case
        assert not [p for p in (tmp_path / "restored").rglob("*") if p.is_file()], case
    backup.restore(io.BytesIO(blob), key, tmp_path / "restored")
    assert Consent.objects.filter(pk=consent.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_a_backup_of_format_1_still_restores(settings, tmp_path):
    # Format 1: one data.json of every row, users named by e-mail, encrypted in one piece.
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", verbosity=0)
    rows = (obj for model in backup._models() for obj in model._base_manager.order_by("pk"))
    data = json.dumps(
        serializers.serialize("python", rows, use_natural_foreign_keys=True),
        cls=backup.ExactEncoder,
    ).encode()
    archive = io.BytesIO()
    with tarfile.open(fileobj=archive, mode="w:gz") as tar:
        info = tarfile.TarInfo("data.json")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    key = backup.new_key()
    before = _tables()
    _empty_database()
    blob = backup.MAGIC_V1 + Fernet(key.encode()).encrypt(archive.getvalue())
    backup.restore(io.BytesIO(blob), key, tmp_path)
    assert _tables() == before


def test_the_command_writes_the_backup_under_its_name_only_when_complete(settings, tmp_path, db):
    settings.SANAD_BACKUP_KEY = backup.new_key()
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("backup", str(tmp_path / "night.backup"), stdout=io.StringIO())
    assert [p.name for p in tmp_path.iterdir()] == ["night.backup"]
    assert (tmp_path / "night.backup").read_bytes().startswith(backup.MAGIC)


def test_the_backup_asks_the_database_the_same_number_of_times_for_more_rows(personas, db):
    # A query per row (an author named by e-mail, a visit's people and visitors) kept the
    # backup of the national-scale data running for hours.
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert list(backup.data_chunks())
        return len(captured)

    def visits(count):
        for _ in range(count):
            visit = Visit.objects.create(
                organisation=personas.nour, created_by=personas.nour_worker
            )
            visit.visitors.add(personas.nour_worker)
            AuditEvent.objects.create(action="visit.planned", actor=personas.nour_worker)

    visits(2)
    before = queries()
    visits(20)
    assert queries() == before


def test_commands_need_the_key(settings, tmp_path, db):
    settings.SANAD_BACKUP_KEY = ""
    with pytest.raises(Exception, match="SANAD_BACKUP_KEY"):
        call_command("backup", str(tmp_path / "x.backup"))


@pytest.mark.django_db(transaction=True)
def test_a_restored_installation_has_its_cache_table(settings, tmp_path):
    """Without it the first sign-in failed with "no such table: sanad_cache"."""
    settings.SANAD_BACKUP_KEY = backup.new_key()
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("backup", str(tmp_path / "night.backup"), stdout=io.StringIO())
    with connection.schema_editor() as editor:
        editor.execute(editor.sql_delete_table % {"table": editor.quote_name("sanad_cache")})
    assert "sanad_cache" not in connection.introspection.table_names()
    call_command("restore", str(tmp_path / "night.backup"), stdout=io.StringIO())
    assert "sanad_cache" in connection.introspection.table_names()


def test_the_raw_insert_the_restore_relies_on_is_still_there():
    """lib/backup._insert calls Django's private QuerySet._insert(raw=True): an upgrade that
    changes it must fail here, loudly, not in the middle of a restore."""
    parameters = inspect.signature(QuerySet._insert).parameters
    assert {"objs", "fields", "raw"} <= set(parameters)
    assert django.VERSION[:2] == (5, 2), "Django changed: check lib/backup._insert"
