"""Loaded with `-p tests.environment` (pyproject.toml), before Django reads its settings.

The test client and the live server speak plain HTTP, so the HTTPS redirect that production gets
with DEBUG off stays off here (tests/community/test_health_and_security.py switches it on to check it).
Playwright's sync API runs an event loop in the test thread; the ORM calls in browser-test fixtures
are synchronous and safe there.
"""

import os

os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
