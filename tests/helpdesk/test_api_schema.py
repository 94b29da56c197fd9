"""The JSON API checked against its own OpenAPI schema by schemathesis: generated requests for every
operation, with a write token, must never get a 5xx, and every answer must match what the schema says."""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import checks as schema_checks

from community.api import api
from helpdesk.services import tokens
from tests.accounts.factories import UserFactory
from tests.forum.factories import AnswerFactory, QuestionFactory

from .factories import HelpdeskFactory, TicketFactory, TicketLinkFactory

CHECKS = [
    schema_checks.not_a_server_error,
    schema_checks.status_code_conformance,
    schema_checks.content_type_conformance,
    schema_checks.response_schema_conformance,
    schema_checks.response_headers_conformance,
]


@pytest.fixture
def api_key(db):
    """A write token, and a little of everything the operations read, so generated ids sometimes hit."""
    desk = HelpdeskFactory(slug="zendesk")
    question = QuestionFactory()
    AnswerFactory(question=question)
    TicketLinkFactory(ticket=TicketFactory(helpdesk=desk, external_id="4711"), question=question)
    _, key = tokens.create_token(
        by=UserFactory(roles=["admin"]), name="schema check", scope="write", requests_per_minute=10_000
    )
    return key


@pytest.fixture(autouse=True)
def _connection_kept_open():
    """The app is called in this process (no server). Django closes the database connection when a request
    finishes; here that connection holds the test's transaction, so it stays open, as Django's test client
    arranges it."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


# The schema as the app makes it (reading it needs no database, so it is loaded when the tests are collected;
# schemathesis' fixture-based loading does not run on this pytest).
schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = get_wsgi_application()


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_every_operation_keeps_to_its_schema(case, api_key):
    case.call_and_validate(headers={"Authorization": f"Bearer {api_key}"}, checks=CHECKS)
