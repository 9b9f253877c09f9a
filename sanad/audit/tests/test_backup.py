"""Backup then restore into an empty installation gives back every row and every file."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection

from sanad.accounts.models import User
from sanad.beneficiaries.models import Consent
from sanad.lib import backup


def _tables() -> dict:
    """Every row of every backed-up table, as the database returns it, by table."""
    snapshot = {}
    with connection.cursor() as cursor:
        for model in backup._models():
            table = model._meta.db_table
            cursor.execute(f'SELECT * FROM "{table}" ORDER BY 1')  # noqa: S608 (table names from models)
            snapshot[table] = cursor.fetchall()
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

    blob = backup.create(Path(settings.MEDIA_ROOT), key)
    assert b"sanad-demo" not in blob and "فاطمة".encode() not in blob  # encrypted
    _empty_database()
    for path in Path(settings.MEDIA_ROOT).rglob("*"):
        if path.is_file():
            path.unlink()
    assert not User.objects.exists()

    backup.restore(blob, key, Path(settings.MEDIA_ROOT))
    assert _tables() == before_rows
    assert _files(settings.MEDIA_ROOT) == before_files
    # New rows get new ids after the restored ones.
    assert User.objects.create_user("new@example.org").pk > max(
        r[0] for r in before_rows["accounts_user"]
    )


@pytest.mark.django_db
def test_wrong_key_and_tampering_are_refused(settings, tmp_path, personas):
    settings.MEDIA_ROOT = tmp_path
    blob = backup.create(tmp_path, backup.new_key())
    with pytest.raises(backup.BackupError):
        backup.open_backup(blob, backup.new_key())
    with pytest.raises(backup.BackupError):
        backup.open_backup(blob[:-5] + b"xxxxx", backup.new_key())
    with pytest.raises(backup.BackupError):
        backup.restore(blob, backup.new_key(), tmp_path)  # not empty, and wrong key


def test_commands_need_the_key(settings, tmp_path, db):
    settings.SANAD_BACKUP_KEY = ""
    with pytest.raises(Exception, match="SANAD_BACKUP_KEY"):
        call_command("backup", str(tmp_path / "x.backup"))
