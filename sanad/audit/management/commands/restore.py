"""Rebuild an empty installation from an encrypted backup (see README)."""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from sanad.lib import backup


class Command(BaseCommand):
    help = "Restore a backup into an empty database (migrated and given its cache table first)."

    def add_arguments(self, parser):
        parser.add_argument("input", help="backup file written by manage.py backup")

    def handle(self, *args, input, **options):
        if not settings.SANAD_BACKUP_KEY:
            raise CommandError("Set SANAD_BACKUP_KEY to the key the backup was made with.")
        call_command("migrate", verbosity=0, interactive=False)
        # Sessions' rate limits live in the cache table, which no migration creates: without
        # it nobody could sign in to the restored installation.
        call_command("createcachetable", verbosity=0)
        try:
            with Path(input).open("rb") as source:
                rows = backup.restore(source, settings.SANAD_BACKUP_KEY, Path(settings.MEDIA_ROOT))
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored {rows} rows and the uploaded files.")
