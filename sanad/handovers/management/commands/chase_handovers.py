"""Remind CSOs of the handovers waiting for their answer (schedule it with cron, see README)."""

from django.core.management.base import BaseCommand

from sanad.handovers.services import chase


class Command(BaseCommand):
    help = "Remind the receiving CSOs of proposals left unanswered."

    def handle(self, *args, **options):
        self.stdout.write(f"{chase()} proposal(s) chased.")
