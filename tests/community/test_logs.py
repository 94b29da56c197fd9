"""JSON log lines that name the request, in the web process and in the tasks it hands off."""

import io
import json
import logging
import logging.config

import pytest
from celery import shared_task, signals
from django.core.signals import request_finished
from django.http import HttpResponse
from django.test import RequestFactory

from community import logs

pytestmark = pytest.mark.django_db


@pytest.fixture
def log_lines():
    """The root logger's lines, formatted as production formats them."""
    config = logs.logging_config(json_lines=True, level="INFO")
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(_formatter(config))
    handler.addFilter(logs.RequestIdFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    root.removeHandler(handler)


def _formatter(config: dict) -> logging.Formatter:
    from pythonjsonlogger.json import JsonFormatter

    options = {k: v for k, v in config["formatters"]["default"].items() if k != "()"}
    return JsonFormatter(**options)


@shared_task
def _log_from_a_task(message: str) -> None:
    logging.getLogger("peerdesk.test").warning(message)


def test_the_proxy_s_request_id_is_answered_and_names_every_line(client, log_lines):
    response = client.get("/nothing-here/", headers={"X-Request-ID": "edge-4f2a"})
    assert response.status_code == 404
    assert response.headers["X-Request-ID"] == "edge-4f2a"
    lines = [line for line in log_lines() if line["logger"] == "django.request"]
    assert lines and lines[0]["request_id"] == "edge-4f2a"
    assert lines[0]["level"] == "WARNING" and "Not Found" in lines[0]["message"]


def test_a_request_without_an_id_or_with_a_strange_one_gets_a_new_one(client):
    first = client.get("/healthz").headers["X-Request-ID"]
    second = client.get("/healthz", headers={"X-Request-ID": 'a"b\nc'}).headers["X-Request-ID"]
    assert len(first) == 32 and len(second) == 32 and first != second


def test_the_request_id_travels_in_the_task_message_and_names_the_task_s_lines(log_lines):
    headers: dict = {}

    def view_that_hands_off(request):
        signals.before_task_publish.send(sender="x", body=None, exchange="", routing_key="", headers=headers)
        return HttpResponse()

    request = RequestFactory().get("/", headers={"X-Request-ID": "req-77"})
    logs.RequestIdMiddleware(view_that_hands_off)(request)
    request_finished.send(sender=None)
    assert headers == {"request_id": "req-77"}

    # The worker's side: the task starts with the message's headers.
    _log_from_a_task.apply(kwargs={"message": "indexed"}, headers=headers)
    line = next(line for line in log_lines() if line["message"] == "indexed")
    assert line["request_id"] == "req-77"
    assert logs.current_request_id() is None  # nothing leaks into the next task


def test_a_task_outside_any_request_logs_under_its_own_id(log_lines):
    _log_from_a_task.apply(kwargs={"message": "swept"}, task_id="5b1e")
    line = next(line for line in log_lines() if line["message"] == "swept")
    assert line["request_id"] == "task-5b1e"
