"""Sanad's benchmark (run through script/bench). Everything targets 127.0.0.1 and stops by
itself: each load run lasts BENCH_SECONDS (180 by default: enough requests per page for a
p95)."""

import csv
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
import urllib.request
from datetime import date
from io import BytesIO
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench"
PORT = int(os.environ.get("BENCH_PORT", "8765"))
HOST = f"http://127.0.0.1:{PORT}"
SECONDS = int(os.environ.get("BENCH_SECONDS", "180"))
SIZE = int(os.environ.get("BENCH_BENEFICIARIES", "105000"))
USERS = [10, 50]
TARGETS = {  # p95 in ms
    "beneficiary list": 100, "search (Latin)": 100, "search (Arabic)": 100, "filters": 100,
    "beneficiary detail": 100, "my deadlines": 100, "releases in the next 90 days": 100,
    "coordinator dashboard": 250,
    "observer dashboard": 250,
}  # fmt: skip
SERVER_ENV = {
    "SANAD_DEBUG": "0",
    "SANAD_SECRET_KEY": "benchmark-only-not-a-secret-" + "x" * 40,
    "SANAD_ALLOWED_HOSTS": "127.0.0.1",
    "SANAD_SITE_URL": HOST,
    "SANAD_SSL_REDIRECT": "0",
    "SANAD_SECURE_COOKIES": "0",
    "SANAD_MFA_REQUIRED_ROLES": "",
    "SANAD_QUERY_COUNT": "1",
    "SANAD_LOGIN_FAILED_LIMIT": "100000/1m/ip,100000/1m/key",
    "SANAD_LOGIN_LIMIT": "100000/1m/ip",
    "SANAD_LOG_LEVEL": "ERROR",
}

sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanad.settings")
for key, value in SERVER_ENV.items():
    os.environ.setdefault(key, value)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402


def log(message):
    print(f"==> {message}", flush=True)


def ensure_data():
    from sanad.beneficiaries.models import Beneficiary

    if Beneficiary.objects.count() < SIZE * 0.9:
        log(f"Generating {SIZE} beneficiaries (seed_scale)")
        started = time.monotonic()
        call_command("seed_scale", beneficiaries=SIZE)
        return round(time.monotonic() - started)
    return None


def settle() -> dict:
    """VACUUM ANALYZE before the load, so that every run starts from the same state (the
    previous run's import leaves dead rows; autovacuum may be off), and the settings the
    run was made with, to be written beside its figures."""
    ran = {"commit": _commit(), "gunicorn_workers": 2, "seconds_per_run": SECONDS}
    if connection.vendor != "postgresql":
        return ran
    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
        ran["vacuum_analyze_s"] = round(time.monotonic() - started, 1)
        for name in ("server_version", "shared_buffers", "work_mem", "effective_cache_size",
                     "random_page_cost", "autovacuum", "jit", "max_connections"):  # fmt: skip
            cursor.execute(f"SHOW {name}")
            ran[name] = cursor.fetchone()[0]
    return ran


def _commit() -> str:
    """The commit measured, marked when the working tree differs from it."""
    git = shutil.which("git") or "git"
    head = subprocess.run(  # noqa: S603 (git, read-only)
        [git, "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    changed = subprocess.run(  # noqa: S603 (git, read-only)
        [git, "status", "--porcelain", "--untracked-files=no"],
        cwd=ROOT, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    return head + ("+changes" if changed else "")


def samples() -> dict:
    """Codes, search words and filters the simulated people use, read from the data."""
    from django.contrib.auth import get_user_model

    from sanad.beneficiaries.models import Beneficiary, Status
    from sanad.demo.scale import PASSWORD
    from sanad.network.models import Organisation

    User = get_user_model()
    worker = User.objects.get(email="worker0@cso1.scale.example")
    coordinator = User.objects.get(email="coordinator@scale.example")
    mine = Beneficiary.objects.visible_to(worker).order_by("?")[:200]
    candidates = []
    for cso in Organisation.objects.filter(name_fr__endswith="(échelle)", kind="partner_cso")[:6]:
        for status in (Status.CLOSED, Status.ASSISTED):
            query = f"organisation={cso.code}&status={status}"
            rows = Beneficiary.objects.filter(followings__organisation=cso, status=status).count()
            candidates.append((abs(rows - 1000), query, rows))
    _gap, export, export_rows = min(candidates)
    return {
        "password": PASSWORD,
        "today": str(timezone.localdate()),
        "coordinator": {
            "email": coordinator.email,
            "codes": [str(c) for c in Beneficiary.objects.order_by("?").values_list("code", flat=True)[:300]],  # noqa: E501
        },
        "worker": {
            "email": worker.email,
            "codes": [str(b.code) for b in mine],
            "visit": [{"pk": b.pk, "establishment": b.current_establishment_id} for b in mine[:50]],
        },
        "observer": {"email": "observer@scale.example"},
        "latin": ["alaoui", "bennani fatima", "tazi", "el idrissi", "chraibi", "berrada omar"],
        "arabic": ["العلوي", "بناني", "التازي", "الإدريسي", "برادة"],
        "filters": ["status=assisted&need=woman", "legal_status=awaiting_trial&need=minor",
                    "status=closed&age=60plus", "need=foreigner&legal_status=final"],
        "export": export,
        "export_rows": export_rows,
    }  # fmt: skip


def wait_for_server(process):
    for _ in range(60):
        if process.poll() is not None:
            raise SystemExit("gunicorn stopped; see bench/gunicorn.log")
        try:
            urllib.request.urlopen(HOST + "/healthz", timeout=2)  # noqa: S310 (http://127.0.0.1)
            return
        except OSError:
            time.sleep(1)
    raise SystemExit("gunicorn did not answer on /healthz")


def _cookie(email: str) -> str:
    """A signed-in session's cookie for `email`, to ask gunicorn for pages as that person."""
    from django.conf import settings
    from django.contrib.auth import get_user_model

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(email=email))
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def _ask(page: str, cookie: str, language: str = "fr") -> None:
    request = urllib.request.Request(  # noqa: S310 (http://127.0.0.1)
        HOST + quote(page, safe="/?=&"), headers={"Cookie": cookie, "Accept-Language": language}
    )
    urllib.request.urlopen(request, timeout=60).read()  # noqa: S310 (127.0.0.1)


def warm_up(sample: dict):
    """Compute each role's default dashboard once, as the first visitor after a refresh
    would, then ask for each page of the mix a few times through gunicorn (both workers open
    their database connections): the measured runs see a server that has been up a while."""
    worker_pages = [
        "/beneficiaries/",
        "/legal/agenda/",
        "/visits/report/",
        "/releases/",
        f"/beneficiaries/{sample['worker']['codes'][0]}/",
    ]
    coordinator_pages = ["/beneficiaries/", "/beneficiaries/?q=alaoui", "/reports/", "/releases/",
                         f"/beneficiaries/?{sample['filters'][0]}",
                         f"/beneficiaries/{sample['coordinator']['codes'][0]}/"]  # fmt: skip
    for email, pages in ((sample["coordinator"]["email"], coordinator_pages),
                         (sample["observer"]["email"], ["/reports/"]),
                         (sample["worker"]["email"], worker_pages)):  # fmt: skip
        cookie = _cookie(email)
        for language in ("fr", "ar"):
            _ask("/reports/", cookie, language)
        for _round in range(3):
            for page in pages:
                _ask(page, cookie)
    wait_for_tasks()


def wait_for_tasks(limit=300):
    """Let the task worker finish what the warm-up queued (dashboards computed again once
    stale): the run starts from figures just computed, as most visitors find them."""
    from django_tasks_db.models import DBTaskResult

    for _second in range(limit):
        if not (DBTaskResult.objects.ready().exists() or DBTaskResult.objects.running().exists()):
            return
        time.sleep(1)


def background_priority():
    """The task worker runs at a lower CPU priority than the web workers, as the README asks
    of production (systemd's Nice=10): a report or an export being prepared yields the cores
    to people waiting for a page."""
    os.nice(10)


def worker_peaks(master_pid) -> list[int]:
    """Peak resident memory (MB) of each gunicorn worker, from /proc."""
    peaks = []
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children")
    for pid in children.read_text().split() if children.exists() else []:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                peaks.append(round(int(line.split()[1]) / 1024))
    return peaks


def load(users: int, sample_file: Path) -> tuple[dict, dict]:
    """Drive the mix with `users` people for SECONDS: each row's requests, errors,
    percentiles and queries, and each persona's median per row."""
    prefix = OUT / f"run-{users}"
    queries = OUT / f"queries-{users}.json"
    env = {**os.environ, "BENCH_SAMPLES": str(sample_file), "BENCH_QUERIES": str(queries),
           "BENCH_USERS": str(users)}  # fmt: skip
    subprocess.run(  # noqa: S603 (our own interpreter and arguments)
        [sys.executable, "-m", "locust", "-f", str(ROOT / "script" / "bench_locust.py"),
         "--headless", "-u", str(users), "-r", "5", "-t", f"{SECONDS}s",
         "--host", HOST, "--csv", str(prefix), "--only-summary", "--stop-timeout", "10"],
        env=env, check=False, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    recorded = json.loads(queries.read_text()) if queries.exists() else {}
    counts = recorded.get("queries", {})
    rows = {}
    with open(f"{prefix}_stats.csv") as stats:
        for row in csv.DictReader(stats):
            name = row["Name"]
            rows[name] = {
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "p50": float(row["50%"] or 0),
                "p95": float(row["95%"] or 0),
                "p99": float(row["99%"] or 0),
                "rps": round(float(row["Requests/s"]), 1),
                "queries": max(counts.get(name, [0])) if name != "Aggregated" else None,
            }
    # The p50 of each persona's own requests of a row (in the ratio, a coordinator's list
    # against a coordinator's SQL, not the median of every persona's lists).
    by_persona = {
        persona: {name: round(statistics.median(times), 1) for name, times in names.items()}
        for persona, names in recorded.get("times", {}).items()
    }
    return rows, by_persona


# The pages whose SQL is timed directly: (persona, locust row, page).
RATIO_PAGES = [
    ("coordinator", "beneficiary list", "/beneficiaries/"),
    ("coordinator", "search (Latin)", "/beneficiaries/?q=alaoui"),
    ("coordinator", "search (Arabic)", "/beneficiaries/?q=العلوي"),
    ("worker", "beneficiary list", "/beneficiaries/"),
    ("worker", "search (Latin)", "/beneficiaries/?q=alaoui"),
]
ALONE_REQUESTS = 30
# A signed-in page with next to nothing on it: session, person, memberships, layout. Its time
# alone is the part of every page's that no list query can remove.
FLOOR_PAGE = ("coordinator", "/network/notifications/")
# Django's own part of it: every middleware, the same session and person read, one SELECT 1,
# no template.
DJANGO_FLOOR_PAGE = "/healthz"


def _alone_ms(page: str, email: str) -> float:
    """Median time of `page` asked ALONE_REQUESTS times in a row as `email` through gunicorn
    with nothing else running: the page's own cost, without the wait for a free worker or a
    core that a loaded run adds."""
    cookie = _cookie(email)
    for _warm in range(3):
        _ask(page, cookie)
    timings = []
    for _request in range(ALONE_REQUESTS):
        started = time.perf_counter()
        _ask(page, cookie)
        timings.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(timings), 1)


def alone(sample: dict) -> tuple[dict, dict]:
    """Each RATIO_PAGES page's time alone, by "persona: row", and the floors': the
    FLOOR_PAGE's ("page") and Django's own ("django", DJANGO_FLOOR_PAGE with the same
    session)."""
    medians = {
        f"{persona}: {name}": _alone_ms(page, sample[persona]["email"])
        for persona, name, page in RATIO_PAGES
    }
    email = sample[FLOOR_PAGE[0]]["email"]
    return medians, {
        "page": _alone_ms(FLOOR_PAGE[1], email),
        "django": _alone_ms(DJANGO_FLOOR_PAGE, email),
    }


def sql_ratio(sample: dict, loaded_p50: dict, alone_ms: dict) -> dict:
    """The same SQL as each RATIO_PAGES page, run directly: the cost our code adds, over the
    page's time alone and over the median of its persona's requests of it at 10 users."""
    from django.contrib.auth import get_user_model

    ratios = {}
    for persona, name, url in RATIO_PAGES:
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(get_user_model().objects.get(email=sample[persona]["email"]))
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        # A server-side cursor (DECLARE … FOR <query>) is timed as its query.
        statements = []
        for query in captured.captured_queries:
            sql = query["sql"]
            if sql.startswith("DECLARE"):
                sql = sql.split(" FOR ", 1)[1]
            if sql.startswith(("SELECT", "WITH")):
                statements.append(sql)
        timings = []
        with connection.cursor() as cursor:
            for _ in range(15):
                started = time.perf_counter()
                for sql in statements:
                    cursor.execute(sql)
                    cursor.fetchall()
                timings.append((time.perf_counter() - started) * 1000)
        sql_ms = statistics.median(timings)
        key = f"{persona}: {name}"
        loaded_ms = loaded_p50.get(persona, {}).get(name)  # None: no request succeeded
        ratios[key] = {
            "sql_ms": round(sql_ms, 1),
            "alone_ms": alone_ms[key],
            "alone_ratio": round(alone_ms[key] / sql_ms, 1),
            "app_p50_ms": loaded_ms,
            "ratio": None if loaded_ms is None else round(loaded_ms / sql_ms, 1),
        }
    return ratios


def import_seconds() -> float:
    """Import 10,000 rows from an XLSX (preview parse plus the worker's run), rolled back."""
    from django.contrib.auth import get_user_model
    from django.core.files.base import ContentFile
    from openpyxl import Workbook

    from sanad.beneficiaries import imports, services
    from sanad.beneficiaries.models import ImportBatch
    from sanad.network.models import Organisation

    book = Workbook()
    sheet = book.active
    sheet.append(["nom", "prénom", "sexe", "année de naissance", "besoins"])
    for n in range(10000):
        sheet.append([f"Importe{n}", "Amina", "F", 1980 + n % 30, "femme"])
    data = BytesIO()
    book.save(data)
    worker = get_user_model().objects.get(email="worker0@cso1.scale.example")
    started = time.monotonic()
    with transaction.atomic():
        batch = ImportBatch(organisation=Organisation.objects.get(acronym="A01"), created_by=worker,
                            original_name="bench.xlsx")  # fmt: skip
        batch.file.save("bench.xlsx", ContentFile(data.getvalue()), save=False)
        batch.headers, _rows = imports.read_table(data.getvalue(), "bench.xlsx")
        batch.mapping = imports.guess_mapping(batch.headers)
        batch.save()
        # run_import's own work, chunk by chunk: it commits each chunk (durable), which a
        # measurement rolled back afterwards cannot let it do.
        valid = [args for args, errors, _row in imports.parse_batch(batch) if not errors]
        for start in range(0, len(valid), services.IMPORT_CHUNK):
            services.register_many(actor=worker, organisation=batch.organisation,
                                   rows=valid[start : start + services.IMPORT_CHUNK])  # fmt: skip
        elapsed = time.monotonic() - started
        transaction.set_rollback(True)
    return round(elapsed, 1)


def donor_pdf_seconds() -> float:
    """Build the donor report (figures, PDF and workbook) for the last year, rolled back."""
    from django.contrib.auth import get_user_model

    from sanad.reports import services
    from sanad.reports.models import DonorReport, Project

    today = timezone.localdate()
    year_ago = today.replace(year=today.year - 1)
    with transaction.atomic():
        project = Project.objects.create(name_fr="Benchmark", overall_objective_fr="—",
                                         starts_on=year_ago, ends_on=today)  # fmt: skip
        report = DonorReport.objects.create(
            project=project, period_start=year_ago, period_end=today, language="fr",
            created_by=get_user_model().objects.get(email="coordinator@scale.example"),
        )  # fmt: skip
        started = time.monotonic()
        services.build(str(report.code))
        elapsed = time.monotonic() - started
        transaction.set_rollback(True)
    return round(elapsed, 1)


def cpu_check_ms() -> float:
    """A fixed pure-Python workload's best CPU time of five, in ms: this machine's own speed
    at that moment. Machines of one kind differ, and so does one machine from hour to hour
    (the same code's pages took a fifth longer in a later run): two runs of the table compare
    only when their checks agree."""
    timings = []
    for _run in range(5):
        started = time.process_time()
        sum(i * i for i in range(1_000_000))
        timings.append((time.process_time() - started) * 1000)
    return round(min(timings), 1)


def _database_name(vendor: str) -> str:
    if vendor == "postgresql":
        version = connection.cursor().connection.info.server_version
        return f"PostgreSQL {version // 10000}.{version % 10000}"
    return "SQLite"


def markdown(result) -> str:
    lines = [
        f"Measured on {result['machine']} with {result['database']}, "
        f"{result['beneficiaries']:,} beneficiaries, {SECONDS} s per run, "
        "gunicorn 2 sync workers (the README's production command) and the task worker, locust "
        f"on the same machine. Latency targets are held at {USERS[0]} concurrent users, the "
        f"error target at {USERS[-1]}. Machine speed check (`cpu_check_ms`, a fixed "
        f"pure-Python workload): {result['cpu_check_ms'][0]} ms before the runs, "
        f"{result['cpu_check_ms'][1]} ms after; compare runs only when these agree. "
        "Settings: " + ", ".join(f"{k} {v}" for k, v in result.get("settings", {}).items()) + ".",
        "",
        "| endpoint | users | p50 ms | p95 ms | p99 ms | req/s | errors | queries | target |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for users, rows in result["runs"].items():
        for name, row in sorted(rows.items()):
            lines.append(
                f"| {name} | {users} | {row['p50']:.0f} | {row['p95']:.0f} | {row['p99']:.0f} | "
                f"{row['rps']} | {row['failures']} | "
                f"{'' if row['queries'] is None else row['queries']} | {_mark(name, users, row)} |"
            )
    lines += [
        "",
        "App/SQL ratio: a page's time over the same SQL statements run directly on the database, "
        f"the page asked alone ({ALONE_REQUESTS} times in a row, median) and at {USERS[0]} "
        "users (the median of that persona's own requests of the page). A measure of where "
        "the time goes, no longer a target (retired in issue 30; the absolute p95s stay).",
        "",
        f"| page | SQL ms | alone ms | ratio alone | p50 ms at {USERS[0]} users | ratio |",
        "|---|---|---|---|---|---|",
    ]
    for name, r in result["sql_ratio"].items():
        lines.append(
            f"| {name} | {r['sql_ms']} | {r['alone_ms']} | {r['alone_ratio']} | "
            f"{r['app_p50_ms']} | {r['ratio']} |"
        )
    floor, django = result["floor_ms"]["page"], result["floor_ms"]["django"]
    lightest, light = min(result["sql_ratio"].items(), key=lambda item: item[1]["sql_ms"])
    lines += [
        "",
        f"The floors, asked alone as {FLOOR_PAGE[0]}: Django's own (`{DJANGO_FLOOR_PAGE}` with "
        "the same session: every middleware, the session and the person read, one `SELECT 1`, "
        f"no template) takes {django} ms; a signed-in page with next to nothing on it "
        f"(`{FLOOR_PAGE[1]}`: the layout, navigation, memberships, notifications) {floor} ms. "
        f"Over the lightest SQL above ({lightest}, {light['sql_ms']} ms) that page alone is a "
        f"ratio of {floor / light['sql_ms']:.1f} before any list is read or drawn.",
    ]
    lines += ["", "| measure | value | target |", "|---|---|---|"]
    lines.append(
        f"| peak memory per worker (MB) | {', '.join(map(str, result['worker_peak_mb']))} | < 300 |"
    )
    lines.append(f"| import of 10,000 rows from XLSX (s) | {result['import_10k_s']} | < 20 |")
    lines.append(f"| donor report for a year, PDF + Excel (s) | {result['donor_pdf_s']} | < 5 |")
    if result.get("seed_s") is not None:
        lines.append(f"| seed_scale (s) | {result['seed_s']} | < 900 |")
    return "\n".join(lines) + "\n"


def _mark(name, users, row) -> str:
    """The target an endpoint's row is held to: p95 at the first load (USERS[0] people at
    once), no error at the highest."""
    if users == USERS[-1] and name == "Aggregated":
        return "0 errors ✅" if row["failures"] == 0 else "0 errors ❌"
    target = TARGETS.get(name)
    if users != USERS[0] or target is None:
        return ""
    return f"p95 < {target} {'✅' if row['p95'] < target else '❌'}"


def update_readme(table: str) -> None:
    readme = ROOT / "README.md"
    text = readme.read_text()
    start, end = "<!-- bench:start -->", "<!-- bench:end -->"
    if start in text and end in text:
        before, rest = text.split(start, 1)
        after = rest.split(end, 1)[1]
        readme.write_text(f"{before}{start}\n{table}{end}{after}")


def main():
    OUT.mkdir(exist_ok=True)
    database = connection.vendor
    log(f"Database: {database} ({connection.settings_dict['NAME']})")
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    seed_s = ensure_data()
    log("VACUUM ANALYZE, and the settings of this run")
    ran = settle()
    sample = samples()
    sample_file = OUT / "samples.json"
    sample_file.write_text(json.dumps(sample))
    call_command("collectstatic", "--noinput", verbosity=0)
    cpu_before = cpu_check_ms()  # before anything else runs
    log("Starting gunicorn (2 workers) on 127.0.0.1 and the task worker")
    server_log = open(OUT / "gunicorn.log", "w")  # noqa: SIM115 (open while gunicorn runs)
    # One request at a time per worker, as README's production command: two threads in one
    # process took turns on its interpreter lock at each query (p95 of the detail page 170 ms
    # with two threads, 62 ms without, in one-minute runs).
    server = subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
        [sys.executable, "-m", "gunicorn", "sanad.wsgi", "--workers", "2", "--bind",
         f"127.0.0.1:{PORT}", "--timeout", "120"],
        cwd=ROOT, env=os.environ.copy(), stdout=server_log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    # The task worker, as in production: it computes stale dashboards again.
    worker = subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
        [sys.executable, "manage.py", "db_worker"], preexec_fn=background_priority,
        cwd=ROOT, env=os.environ.copy(), stdout=server_log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    runs, persona_p50 = {}, {}
    try:
        wait_for_server(server)
        warm_up(sample)
        for users in USERS:
            log(f"Load: {users} concurrent users for {SECONDS} s")
            runs[users], persona_p50[users] = load(users, sample_file)
        peaks = worker_peaks(server.pid)
        log("The list and search pages one at a time")
        alone_ms, floor_ms = alone(sample)
    finally:
        for process in (server, worker):
            process.terminate()
            process.wait(timeout=30)
    log("Timing the same SQL directly, the import and the donor report")
    from sanad.beneficiaries.models import Beneficiary

    result = {
        "date": str(date.today()),
        "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores",
        "database": _database_name(database),
        "beneficiaries": Beneficiary.objects.count(),
        "seed_s": seed_s,
        "runs": runs,
        "worker_peak_mb": peaks,
        "persona_p50": persona_p50,
        "floor_ms": floor_ms,
        "sql_ratio": sql_ratio(sample, persona_p50[USERS[0]], alone_ms),
        "import_10k_s": import_seconds(),
        "donor_pdf_s": donor_pdf_seconds(),
        "cpu_check_ms": [cpu_before, cpu_check_ms()],
        "settings": ran,
    }
    (OUT / "results.json").write_text(json.dumps(result, indent=2, ensure_ascii=False))
    table = markdown(result)
    (OUT / "results.md").write_text(table)
    update_readme(table)
    print(table)


if __name__ == "__main__":
    main()
