import pytest

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
