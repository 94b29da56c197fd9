import pytest

from helpdesk.services import tokens
from tests.accounts.factories import UserFactory

from .receiver import Receiver


@pytest.fixture
def receiver():
    """A local helpdesk or webhook endpoint that records what it is sent and checks the signature."""
    server = Receiver().start()
    yield server
    server.stop()


@pytest.fixture
def quick_outbound(settings):
    """Short waits and few attempts, so retries and timeouts are seen within a test."""
    settings.HELPDESK_OUTBOUND_CONNECT_TIMEOUT = 0.5
    settings.HELPDESK_OUTBOUND_READ_TIMEOUT = 0.5
    settings.HELPDESK_OUTBOUND_BACKOFF = [10, 30]
    settings.HELPDESK_OUTBOUND_MAX_ATTEMPTS = 3
    return settings


# Tokens of each scope for the API tests, made through the service as an admin makes them.


@pytest.fixture
def admin():
    return UserFactory(roles=["admin"])


@pytest.fixture
def make_token(admin):
    def make(scope="read", **fields) -> str:
        _, key = tokens.create_token(by=admin, name=f"{scope} integration", scope=scope, **fields)
        return key

    return make


@pytest.fixture
def read_key(make_token):
    return make_token("read")


@pytest.fixture
def write_key(make_token):
    return make_token("write")
