"""What the moderation tests share: English pages, the moderation settings, and a hold check to switch on."""

import pytest
from django.utils import translation

from forum import checks
from moderation.models import Policy


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def policy(db):
    """The moderation settings row (the admin's), to change per test."""
    return Policy.objects.create()


@pytest.fixture
def hold_first_posts(policy):
    policy.hold_first_posts = True
    policy.save()
    return policy


@pytest.fixture
def hold_links():
    """A hold check like the spam engineer's: a post with a link waits for review."""

    def links(user, action, text):
        return "Links from a new member" if "http" in text else None

    checks.register_hold(links)
    yield
    checks.unregister_hold(links)
