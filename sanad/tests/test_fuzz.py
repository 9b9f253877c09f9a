"""No input costs a 500. Every page of the access matrix, as a persona who may open it, gets
its own forms back (the list filters it shows, the forms it posts) filled with hostile
values: each of a list of known-bad values in every field at once (huge numbers, impossible
dates, malformed codes, NUL bytes, markup), then a few mixed examples drawn by hypothesis
(derandomised, so that CI runs the same requests every time)."""

from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sanad.tests.test_access_matrix import PAGES, _url

FIXED = [
    "",
    "0",
    "-1",
    "1.5",
    "999999999999999999999999999999",
    "-999999999999999999999999999999",
    "0001-01-01",
    "9999-12-31",
    "2026-02-30",
    "31/12/9999",
    "not-a-uuid",
    "00000000-0000-0000-0000-000000000000",
    "\x00",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    '=HYPERLINK("http://evil.example")',
    "ف" * 300,
]
HOSTILE = st.one_of(st.sampled_from(FIXED), st.text(max_size=12), st.integers().map(str))


class _Fields(HTMLParser):
    """(method, action, field names) of every form of a page, the header's own excepted."""

    SKIPPED = ("/i18n/", "/accounts/logout/", "/network/acting/")

    def __init__(self):
        super().__init__()
        self.forms, self._form = [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            action = attrs.get("action") or ""
            if action.startswith(self.SKIPPED):
                self._form = None
                return
            self._form = ((attrs.get("method") or "get").lower(), action, set())
            self.forms.append(self._form)
        elif (
            self._form is not None
            and tag in ("input", "select", "textarea")
            and attrs.get("name")
            and attrs.get("type") not in ("file", "submit")
        ):
            self._form[2].add(attrs["name"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None


def _allowed_persona(page) -> str | None:
    return next((p for p, status in PAGES[page][2].items() if status == 200), None)


@pytest.mark.parametrize("page", sorted(p for p in PAGES if _allowed_persona(p)))
def test_no_hostile_value_in_a_pages_forms_costs_a_500(client_for, personas, page):
    client = client_for(_allowed_persona(page))
    client.raise_request_exception = False
    url = _url(personas, page)
    shown = client.get(url)
    assert shown.status_code == 200
    parser = _Fields()
    if "html" in shown.get("Content-Type", ""):
        parser.feed(shown.content.decode())
    forms = [(m, a or url, names) for m, a, names in parser.forms] or [("get", url, set())]

    def check(method, action, values):
        response = getattr(client, method)(action, values)
        assert response.status_code != 500, f"{method.upper()} {action} {values!r}"

    for method, action, names in forms:  # each hostile value in every field at once
        for value in FIXED:
            check(method, action, dict.fromkeys(names | {"page"}, value))

    @settings(
        max_examples=4,
        derandomize=True,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        database=None,
    )
    @given(st.data())
    def send(data):
        method, action, names = data.draw(st.sampled_from(forms))
        check(method, action, {name: data.draw(HOSTILE) for name in sorted(names | {"page"})})

    send()
