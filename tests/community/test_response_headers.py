"""Every response switches browser features off; personal responses are never kept by a shared cache."""

import pytest
from django.urls import reverse
from django.utils.cache import get_max_age

from tests.accounts.factories import UserFactory
from tests.forum.factories import QuestionFactory

pytestmark = pytest.mark.django_db

OFF = ["camera", "microphone", "geolocation", "payment", "usb", "interest-cohort", "display-capture"]


def features_off(response) -> set[str]:
    policy = response.headers.get("Permissions-Policy", "")
    return {part.split("=")[0].strip() for part in policy.split(",") if part.strip().endswith("=()")}


def cache_control(response) -> set[str]:
    return {part.strip().split("=")[0] for part in response.headers.get("Cache-Control", "").split(",") if part}


@pytest.fixture
def question(db):
    return QuestionFactory()


def addresses(question) -> dict[str, str]:
    """One address of each kind of response the site gives."""
    return {
        "page": "/",
        "thread": question.get_absolute_url(),
        "form page": reverse("account_login"),
        "htmx fragment": reverse("forum:search-suggest") + "?q=heating",
        "feed": reverse("forum:category-feed", args=[question.category.slug]),
        "redirect": reverse("forum:question-redirect", args=[question.pk]),
        "not found": "/nothing-here/",
        "bad request": "/tags/%00/",
        "probe": "/healthz",
        "static file": "/static/css/peerdesk.css",
        "admin": "/admin/",
    }


@pytest.mark.parametrize("signed_in", [False, True], ids=["signed-out", "signed-in"])
def test_every_kind_of_response_switches_unused_browser_features_off(client, question, signed_in):
    if signed_in:
        client.force_login(UserFactory())
    for kind, address in addresses(question).items():
        response = client.get(address)
        assert set(OFF) <= features_off(response), kind


def test_every_signed_in_response_is_private(client, question):
    client.force_login(UserFactory())
    for kind, address in addresses(question).items():
        if kind == "static file":
            continue
        response = client.get(address)
        assert "private" in cache_control(response), kind
        assert "public" not in cache_control(response), kind


def test_pages_with_a_form_are_private_for_signed_out_visitors_too(client, question):
    for address in [reverse("account_login"), reverse("account_signup")]:
        response = client.get(address)
        assert 'name="csrfmiddlewaretoken"' in response.content.decode()
        assert "private" in cache_control(response), address


def test_reading_pages_carry_no_token_for_signed_out_visitors_and_are_asked_for_again(client, question):
    """Kept whole for every signed-out reader (community/page_cache.py): no token, and a copy anywhere is
    checked again before each use (a 304 while it is current)."""
    for address in ["/", question.get_absolute_url()]:
        response = client.get(address)
        assert 'name="csrfmiddlewaretoken"' not in response.content.decode()
        assert not response.cookies, address
        assert "no-cache" in cache_control(response) and "private" not in cache_control(response), address


def test_what_is_the_same_for_every_signed_out_visitor_may_be_cached(client, question):
    feed = client.get(reverse("forum:category-feed", args=[question.category.slug]))
    assert feed.status_code == 200 and "private" not in cache_control(feed)
    static = client.get("/static/css/peerdesk.css")
    assert static.status_code == 200 and "private" not in cache_control(static)


def test_static_files_stay_cacheable_for_signed_in_visitors(client):
    client.force_login(UserFactory())
    response = client.get("/static/css/peerdesk.css")
    assert "private" not in cache_control(response)
    assert get_max_age(response) is None or get_max_age(response) >= 0
