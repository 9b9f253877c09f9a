"""Compute again every detained person's expected release (nightly, from cron)."""

from django.core.management.base import BaseCommand

from sanad.releases.services import refresh_all


class Command(BaseCommand):
    help = "Compute again the expected release of every person detained now."

    def handle(self, *args, **options):
        self.stdout.write(f"{refresh_all()} expected releases computed.")
