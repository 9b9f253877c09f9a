"""Playwright driving the system Chromium (Debian's `chromium` package) for browser tests.

Without Chromium the tests are skipped with a message, unless SANAD_REQUIRE_BROWSER=1 (CI),
which turns that into a failure."""

import os
import re
import shutil
from pathlib import Path

import pytest
from django.core import mail

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    path = os.environ.get("SANAD_CHROMIUM") or shutil.which("chromium")
    if path:
        return path
    message = "Chromium not found: install Debian's 'chromium' package or set SANAD_CHROMIUM."
    if os.environ.get("SANAD_REQUIRE_BROWSER") == "1":
        pytest.fail(message)
    pytest.skip(message)


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def mailed_link(pattern: str) -> str:
    """The path of the last link matching `pattern` that was e-mailed."""
    found = [m.group(0) for message in mail.outbox if (m := re.search(pattern, message.body))]
    return "/" + found[-1].split("://", 1)[1].split("/", 1)[1]
