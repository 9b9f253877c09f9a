"""Write an encrypted backup of the database and the uploaded files (see README)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from sanad.lib import backup


class Command(BaseCommand):
    help = "Write an encrypted, compressed backup of the database and the uploaded files."

    def add_arguments(self, parser):
        parser.add_argument("output", help="file to write (e.g. sanad-2026-11-29.backup)")

    def handle(self, *args, output, **options):
        if not settings.SANAD_BACKUP_KEY:
            raise CommandError("Set SANAD_BACKUP_KEY (create one with: manage.py backup_key).")
        # Written beside its final name, then renamed: a backup that fails half-way leaves
        # no file that looks complete.
        target = Path(output)
        partial = target.with_name(f".{target.name}.partial")
        try:
            with partial.open("wb") as file:
                backup.write(file, Path(settings.MEDIA_ROOT), settings.SANAD_BACKUP_KEY)
            partial.replace(target)
        finally:
            partial.unlink(missing_ok=True)
        self.stdout.write(f"Backup written to {output} ({target.stat().st_size} bytes).")
