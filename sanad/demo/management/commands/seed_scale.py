"""Generate national-scale data for the benchmark (see sanad/demo/scale.py and script/bench)."""

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection

from sanad.demo.scale import Seeder


class Command(BaseCommand):
    help = "Generate realistic data at national scale (105,000 people, ten years) in bulk."

    def add_arguments(self, parser):
        parser.add_argument("--beneficiaries", type=int, default=105000)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, **options):
        started = time.monotonic()
        call_command("load_reference", verbosity=0)
        Seeder(options["beneficiaries"], options["seed"], out=self.stdout.write).run()
        # Millions of rows were just written: give the planner their statistics, and
        # PostgreSQL its visibility map, now rather than whenever autovacuum gets to them.
        # Without the map an index-only scan reads the table too (docs/performance.md).
        # VACUUM cannot run inside a transaction (a test's, say): ANALYZE alone there.
        vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
        self.stdout.write(f"Done in {time.monotonic() - started:.0f} s.")
