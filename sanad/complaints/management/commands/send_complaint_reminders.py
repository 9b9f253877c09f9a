"""Queue the daily reminders for unanswered referrals (schedule it with cron, see README)."""

from django.core.management.base import BaseCommand

from sanad.complaints.tasks import send_complaint_reminders


class Command(BaseCommand):
    help = "Chase the answers to complaints referred to the authorities."

    def handle(self, *args, **options):
        result = send_complaint_reminders.enqueue()
        self.stdout.write(f"Reminders queued (task {result.id}).")
