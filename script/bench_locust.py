"""The benchmark's fixed mix (read by locust; see script/bench.py). Each simulated person
signs in once, waits until all BENCH_USERS have (the burst of password checks at the start is
timed as "sign in", not mixed into the pages' times), then loops over their role's pages. The
codes and filters come from BENCH_SAMPLES, written by script/bench.py from the database.
Locust's FastHttpUser (geventhttpclient) spends a fraction of the CPU of its requests-based
client: the load generator shares the server's cores here, so its own cost is kept small."""

import json
import os
import random
import re
import time
from urllib.parse import urlencode

import gevent
from gevent.event import Event
from locust import FastHttpUser, between, events, task

with open(os.environ["BENCH_SAMPLES"]) as samples:
    SAMPLES = json.load(samples)
QUERIES: dict[str, list[int]] = {}
TIMES: dict[str, dict[str, list[float]]] = {}  # persona → row → response times (ms)
SIGNED_IN = {"count": 0, "all": Event()}
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
FORM = "application/x-www-form-urlencoded"


@events.request.add_listener
def _record(name, response, response_time, context, exception, **_kwargs):
    """Each page's query count (from the server's header) and each persona's times."""
    if response is not None and "X-Sanad-Queries" in response.headers:
        QUERIES.setdefault(name, []).append(int(response.headers["X-Sanad-Queries"]))
    if exception is None and "persona" in context:
        TIMES.setdefault(context["persona"], {}).setdefault(name, []).append(response_time)


@events.quitting.add_listener
def _write_records(environment, **_kwargs):
    with open(os.environ["BENCH_QUERIES"], "w") as out:
        json.dump({"queries": QUERIES, "times": TIMES}, out)


class Person(FastHttpUser):
    abstract = True
    wait_time = between(0.5, 1.5)
    email = ""
    persona = ""

    def context(self):
        """Each request's persona, so that a row shared by several (the list, say) can also
        be read for one of them."""
        return {"persona": self.persona}

    def on_start(self):
        page = self.get("/accounts/login/", "sign in (form)")
        token = CSRF.search(page.text).group(1)
        with self.post(
            "/accounts/login/",
            {"csrfmiddlewaretoken": token, "login": self.email, "password": SAMPLES["password"]},
            name="sign in",
            catch_response=True,
            allow_redirects=False,
        ) as response:
            if response.status_code != 302:
                response.failure(f"{response.status_code}: not signed in")
        SIGNED_IN["count"] += 1
        if SIGNED_IN["count"] >= int(os.environ["BENCH_USERS"]):
            SIGNED_IN["all"].set()
        SIGNED_IN["all"].wait(timeout=120)
        # The server closes connections idle for more than 2 s: start the mix on fresh ones.
        self.client.client.close()

    def post(self, path, data, name, **kwargs):
        return self.client.post(
            path, data=urlencode(data, doseq=True), name=name,
            headers={"Referer": self.host + path, "Content-Type": FORM}, **kwargs,
        )  # fmt: skip

    def get(self, path, name):
        """A page counts only if it answers itself (200), not through a redirect (to the
        sign-in page, say)."""
        with self.client.get(path, name=name, catch_response=True, allow_redirects=False) as r:
            if r.status_code != 200:
                r.failure(f"{r.status_code} {r.headers.get('Location', '')}")
        return r


class Coordinator(Person):
    persona = "coordinator"
    weight = 2
    email = SAMPLES["coordinator"]["email"]

    @task(4)
    def beneficiary_list(self):
        self.get("/beneficiaries/", "beneficiary list")

    @task(3)
    def search_latin(self):
        self.get(f"/beneficiaries/?q={random.choice(SAMPLES['latin'])}", "search (Latin)")

    @task(3)
    def search_arabic(self):
        self.get(f"/beneficiaries/?q={random.choice(SAMPLES['arabic'])}", "search (Arabic)")

    @task(3)
    def filters(self):
        self.get(f"/beneficiaries/?{random.choice(SAMPLES['filters'])}", "filters")

    @task(4)
    def detail(self):
        code = random.choice(SAMPLES["coordinator"]["codes"])
        self.get(f"/beneficiaries/{code}/", "beneficiary detail")

    @task(1)
    def dashboard(self):
        self.get("/reports/", "coordinator dashboard")

    @task(1)
    def releases(self):
        self.get("/releases/", "releases in the next 90 days")

    @task(1)
    def export(self):
        """Confirm an export, follow its page (as its refresh would) until the task worker has
        prepared it, download it: the whole wait is one row, the steps their own rows."""
        started = time.perf_counter()
        url = f"/beneficiaries/export/?{SAMPLES['export']}"
        token = CSRF.search(self.get(url, "export: confirmation").text).group(1)
        with self.post(url, {"csrfmiddlewaretoken": token}, name="export: start",
                       catch_response=True, allow_redirects=False) as response:  # fmt: skip
            if response.status_code != 302:
                response.failure(f"{response.status_code}")
                return
            page = response.headers["Location"]
        for _attempt in range(120):
            if "/download/" in self.get(page, "export: progress page").text:
                break
            gevent.sleep(1)
        download = self.get(page + "download/", "export: download")
        ok = download.status_code == 200 and download.content.startswith(b"PK")
        self.environment.events.request.fire(
            request_type="GET", name="XLSX export (1,000 rows), end to end",
            response_time=(time.perf_counter() - started) * 1000,
            response_length=len(download.content), response=None, context={},
            exception=None if ok else RuntimeError(f"download: {download.status_code}"),
        )  # fmt: skip


class Worker(Person):
    persona = "worker"
    weight = 3
    email = SAMPLES["worker"]["email"]

    @task(4)
    def beneficiary_list(self):
        self.get("/beneficiaries/", "beneficiary list")

    @task(3)
    def search(self):
        self.get(f"/beneficiaries/?q={random.choice(SAMPLES['latin'])}", "search (Latin)")

    @task(4)
    def detail(self):
        code = random.choice(SAMPLES["worker"]["codes"])
        self.get(f"/beneficiaries/{code}/", "beneficiary detail")

    @task(3)
    def deadlines(self):
        self.get("/legal/agenda/", "my deadlines")

    @task(1)
    def releases(self):
        self.get("/releases/", "releases in the next 90 days")

    @task(1)
    def report_visit(self):
        form = self.get("/visits/report/", "visit report (form)")
        token = CSRF.search(form.text).group(1)
        person = random.choice(SAMPLES["worker"]["visit"])
        with self.post(
            "/visits/report/",
            {
                "csrfmiddlewaretoken": token,
                "kind": "detention",
                "establishment": person["establishment"],
                "visited_on": SAMPLES["today"],
                "beneficiaries": [person["pk"]],
                "discussed": "Point sur la procédure (benchmark).",
                "obs0-category": "health",
                "obs0-severity": "concern",
                "obs0-text": "Accès au médecin à vérifier.",
            },
            name="visit report submission",
            catch_response=True,
            allow_redirects=False,
        ) as response:
            if response.status_code != 302:
                response.failure(f"{response.status_code}")


class Observer(Person):
    persona = "observer"
    weight = 1
    email = SAMPLES["observer"]["email"]

    @task
    def dashboard(self):
        self.get("/reports/", "observer dashboard")
