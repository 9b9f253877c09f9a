"""Queue the daily deadline digest for the task worker (schedule it with cron, see README)."""

from django.core.management.base import BaseCommand

from sanad.legal.tasks import send_deadline_digests


class Command(BaseCommand):
    help = "Mark missed deadlines and e-mail everyone their upcoming deadlines and hearings."

    def handle(self, *args, **options):
        result = send_deadline_digests.enqueue()
        self.stdout.write(f"Digest queued (task {result.id}).")
