"""Logs an operator can follow: one JSON object per line, each carrying the id of the request it belongs to.

The request id comes from the proxy's `X-Request-ID` header (Caddy and most load balancers can set one)
or is made here; the response carries it back, every log line of the request names it, and so does every
line of the Celery tasks the request handed off: the id travels in the task message's headers
(`before_task_publish`) and is set again in the worker when the task starts (`task_prerun`). A sweep or
beat sends work outside any request; its tasks log under their own task id.
"""

from __future__ import annotations

import logging
import re
import uuid
from contextvars import ContextVar

from django.core.signals import request_finished
from django.http import HttpRequest, HttpResponse

HEADER = "X-Request-ID"
TASK_HEADER = "request_id"
# What a proxy may send: a UUID or a similar token. Anything else is replaced, so no one writes into the log.
ACCEPTED = re.compile(r"[A-Za-z0-9._:-]{1,128}")

_request_id: ContextVar[str | None] = ContextVar("request_id", default=None)


def current_request_id() -> str | None:
    return _request_id.get()


class RequestIdMiddleware:
    """Names every request (the proxy's X-Request-ID, or a new one) for the logs and the response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.headers.get(HEADER, "")
        request_id = given if ACCEPTED.fullmatch(given) else uuid.uuid4().hex
        request.request_id = request_id
        # Kept until the response is finished (`_forget`): Django logs a 4xx or 5xx after the middleware.
        _request_id.set(request_id)
        response = self.get_response(request)
        response.headers[HEADER] = request_id
        return response


def _forget(**kwargs) -> None:
    _request_id.set(None)


request_finished.connect(_forget, dispatch_uid="peerdesk-request-id-finished")


class RequestIdFilter(logging.Filter):
    """Gives every log record a `request_id` (None outside a request or task), for the formatters to show."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = _request_id.get()
        return True


def _add_to_message(headers: dict | None = None, **kwargs) -> None:
    request_id = _request_id.get()
    if request_id and headers is not None:
        headers.setdefault(TASK_HEADER, request_id)


def _from_message(task=None, task_id: str | None = None, **kwargs) -> None:
    request = getattr(task, "request", None)
    given = getattr(request, TASK_HEADER, None) or (getattr(request, "headers", None) or {}).get(TASK_HEADER)
    # A task run eagerly inside a request keeps that request's id; a worker's task takes the message's.
    if given or _request_id.get() is None:
        request._request_id_token = _request_id.set(given or f"task-{task_id}")


def _after_task(task=None, **kwargs) -> None:
    token = getattr(getattr(task, "request", None), "_request_id_token", None)
    if token is not None:
        _request_id.reset(token)
        task.request._request_id_token = None


def connect_celery() -> None:
    """Carry the request id from the publishing request into the task's log lines."""
    from celery import signals

    signals.before_task_publish.connect(_add_to_message, weak=False, dispatch_uid="peerdesk-request-id-out")
    signals.task_prerun.connect(_from_message, weak=False, dispatch_uid="peerdesk-request-id-in")
    signals.task_postrun.connect(_after_task, weak=False, dispatch_uid="peerdesk-request-id-done")


def logging_config(*, json_lines: bool, level: str) -> dict:
    """Django's LOGGING: JSON lines (production) or plain text (`make run`), both with the request id."""
    from pythonjsonlogger.core import RESERVED_ATTRS

    fields = "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s"
    formatter = (
        {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": fields,
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            # Django attaches the request object to its own records; the request id already names it.
            "reserved_attrs": [*RESERVED_ATTRS, "request", "server_time"],
        }
        if json_lines
        else {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "community.logs.RequestIdFilter"}},
        "formatters": {"default": formatter},
        "handlers": {
            "console": {"class": "logging.StreamHandler", "formatter": "default", "filters": ["request_id"]},
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {"django.db.backends": {"level": "INFO"}},
    }
