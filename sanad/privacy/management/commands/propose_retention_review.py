"""Queue the nightly retention job (schedule it with cron, see README)."""

from django.core.management.base import BaseCommand

from sanad.privacy.services import propose_retention_review


class Command(BaseCommand):
    help = "List the records whose retention period is over, for a coordinator to approve."

    def handle(self, *args, **options):
        result = propose_retention_review.enqueue()
        self.stdout.write(f"Retention review queued (task {result.id}).")
