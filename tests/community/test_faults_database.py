"""PostgreSQL down, for real: the site runs in a process of its own whose database is a server nobody
listens on, and every page, signed in or not, reading or writing, answers 503 with the friendly page."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings

PROBE = """
import json
from django.test import Client

client = Client(HTTP_HOST="localhost", raise_request_exception=False)
signed_in = Client(HTTP_HOST="localhost", raise_request_exception=False)
signed_in.cookies["sessionid"] = "a-session-that-cannot-be-read-now"
requests = {
    "home": lambda: client.get("/", secure=True, headers={"Accept-Language": "de"}),
    "question": lambda: client.get("/q/1/a-question/", secure=True),
    "signed in": lambda: signed_in.get("/", secure=True),
    "answer": lambda: signed_in.post("/questions/1/answer/", {"body": "An answer"}, secure=True),
    "login": lambda: client.post("/accounts/login/", {"login": "a@example.com", "password": "x"}, secure=True),
    "htmx": lambda: signed_in.get("/notifications/", secure=True, headers={"HX-Request": "true"}),
    "readyz": lambda: client.get("/readyz", secure=True),
    "healthz": lambda: client.get("/healthz", secure=True),
}
answers = {}
for name, request in requests.items():
    response = request()
    answers[name] = {
        "status": response.status_code,
        "retry_after": response.headers.get("Retry-After"),
        "trigger": response.headers.get("HX-Trigger"),
        "cache": response.headers.get("Cache-Control"),
        "body": response.content.decode(),
    }
print("ANSWERS " + json.dumps(answers))
"""


@pytest.fixture(scope="module")
def answers() -> dict:
    env = {
        **os.environ,
        "DATABASE_URL": "postgresql://nobody@127.0.0.1:1/nothing",  # nothing listens on port 1
        "CONN_MAX_AGE": "0",
        "DEBUG": "0",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", PROBE],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("ANSWERS ")]
    assert lines, result.stderr[-3000:]
    return json.loads(lines[-1].removeprefix("ANSWERS "))


@pytest.mark.parametrize("name", ["home", "question", "signed in", "answer", "login", "htmx"])
def test_every_kind_of_request_gets_503_with_the_friendly_page_never_500(answers, name):
    answer = answers[name]
    assert answer["status"] == 503
    assert answer["retry_after"] == "10"
    assert "no-cache" in answer["cache"]
    # The home page is asked for in German, the rest in English.
    assert ("erreicht ihre Datenbank" if name == "home" else "cannot reach its database") in answer["body"]
    assert "peerdesk.css" in answer["body"]  # the site's own style


def test_the_page_is_in_the_visitors_language_read_from_the_request(answers):
    assert '<html lang="de">' in answers["home"]["body"]
    assert '<html lang="en">' in answers["question"]["body"]


def test_an_htmx_request_gets_the_reason_as_a_toast(answers):
    toast = json.loads(answers["htmx"]["trigger"])["toast"]
    assert toast["level"] == "error" and "database" in toast["message"]


def test_readiness_says_not_ready_and_liveness_still_answers(answers):
    assert answers["readyz"]["status"] == 503
    assert json.loads(answers["readyz"]["body"])["checks"]["database"].startswith("database unreachable")
    assert answers["healthz"]["status"] == 200
