"""What the moderation tests share: English pages, the moderation settings, and the holds they switch on."""

import pytest
from django.utils import translation

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
def hold_links(policy):
    """The spam check's rule, as the admin leaves it: a new member's post with any link waits for review."""
    policy.new_member_links = 0
    policy.save()
    return policy
