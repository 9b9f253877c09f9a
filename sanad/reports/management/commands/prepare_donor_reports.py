"""Prepare this year's donor reports (schedule it with cron, see README)."""

from django.core.management.base import BaseCommand

from sanad.reports.services import prepare_current_reports


class Command(BaseCommand):
    help = "Queue this year's donor report of every running project, in French and Arabic."

    def handle(self, *args, **options):
        reports = prepare_current_reports()
        self.stdout.write(f"{len(reports)} donor report(s) ready or being prepared.")
