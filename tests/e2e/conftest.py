"""Browser tests: Playwright on Debian's chromium against pytest-django's live server.

Screenshots go to test-artifacts/screenshots/ (kept by CI as artifacts); `axe_check` runs axe-core
in the page and fails on serious or critical violations.
"""

import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        # Debian's chromium as root needs --no-sandbox; the rest keeps it off the (closed) network.
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": DESKTOP, "locale": "en-GB"}


def screenshot(page, name: str) -> Path:
    """Save the whole page as test-artifacts/screenshots/<name>-<width>.png."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{re.sub(r'[^a-z0-9-]+', '-', name.lower())}-{page.viewport_size['width']}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def at_both_widths(page, name: str) -> None:
    """Screenshot at 375 px and 1280 px; at 375 px nothing may scroll sideways."""
    for viewport in (PHONE, DESKTOP):
        page.set_viewport_size(viewport)
        if viewport is PHONE:
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"{name} scrolls sideways by {overflow} px at 375 px"
        screenshot(page, name)


_axe = Axe()


def axe_check(page, name: str) -> None:
    """No serious or critical accessibility violation on the page as it is now."""
    results = _axe.run(page)
    bad = [v for v in results.response["violations"] if v["impact"] in {"serious", "critical"}]
    summary = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}" for v in bad
    )
    assert not bad, f"axe on {name}:\n{summary}"


def log_in(page, live_server, client, user) -> None:
    """Sign the browser in as `user` with a session made by the test client."""
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
