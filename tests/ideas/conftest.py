import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English: a German page requested by an earlier test leaves German active."""
    with translation.override("en"):
        yield
