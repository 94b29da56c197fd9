import pytest
from django.utils import translation


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what waits for the commit (events, tasks) when the block ends."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield
