"""Publish today's figures and prepare this year's donor reports (cron, see README)."""

from django.core.management.base import BaseCommand

from sanad.reports.release import publish_today
from sanad.reports.services import prepare_current_reports


class Command(BaseCommand):
    help = (
        "Compute today's published figures, then queue this year's donor report of every "
        "running project, in French and Arabic."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"Published: {', '.join(publish_today())}.")
        reports = prepare_current_reports()
        self.stdout.write(f"{len(reports)} donor report(s) ready or being prepared.")
