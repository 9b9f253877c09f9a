"""Print a new backup key, to keep in the server's configuration and in a safe place."""

from django.core.management.base import BaseCommand

from sanad.lib import backup


class Command(BaseCommand):
    help = "Print a new random key for SANAD_BACKUP_KEY."

    def handle(self, *args, **options):
        self.stdout.write(backup.new_key())
