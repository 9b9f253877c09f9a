"""Queue the weekly digest of the network's life (schedule it with cron, see README)."""

from django.core.management.base import BaseCommand

from sanad.forum.tasks import send_network_digest


class Command(BaseCommand):
    help = "E-mail each member the week's announcements and active discussions."

    def handle(self, *args, **options):
        result = send_network_digest.enqueue()
        self.stdout.write(f"Digest queued (task {result.id}).")
