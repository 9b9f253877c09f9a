"""Remind the following CSOs of the follow-ups after release due within a week (daily)."""

from django.core.management.base import BaseCommand

from sanad.releases.services import remind_follow_ups


class Command(BaseCommand):
    help = "Remind the following CSOs of the follow-ups after release due within a week."

    def handle(self, *args, **options):
        self.stdout.write(f"{remind_follow_ups()} follow-ups reminded.")
