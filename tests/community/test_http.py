"""The shared HTTP helpers: where `next` may lead, and whole numbers from parameters."""

import pytest
from django.urls import reverse

from community.http import is_local_url, whole_number
from ideas.models import Idea
from tests.accounts.factories import PASSWORD, UserFactory
from tests.forum.factories import QuestionFactory
from tests.ideas.factories import IdeaFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "local"),
    [
        ("/q/1/some-title/", True),
        ("/ideas/?sort=new#top", True),
        ("zzz", False),  # `redirect()` would look it up as a view name
        ("account_login", False),
        ("", False),
        (None, False),
        ("//evil.example.com/", False),
        ("/\\evil.example.com", False),
        ("https://evil.example.com/", False),
        ("http://testserver/q/1/", False),  # this host, but not a path
        ("javascript:alert(1)", False),
        ("/q/1/\x00", False),
        ("/q/1/\nLocation: x", False),
    ],
)
def test_only_a_path_on_this_site_counts_as_local(rf, url, local):
    assert is_local_url(url, rf.get("/")) is local


@pytest.mark.parametrize(
    ("raw", "number"),
    [
        *[("7", 7), ("0", 0), ("²", None), ("٣", None), ("-1", None), ("1.5", None), (" 7", None)],
        *[("", None), (None, None), ("9" * 19, None), ("99999999999", None), ("x" * 10_240, None)],
    ],
)
def test_whole_numbers_are_ascii_digits_within_range(raw, number):
    assert whole_number(raw) == number


@pytest.mark.parametrize("bad", ["zzz", "account_login", "//evil.example.com", "https://evil.example.com/", ""])
def test_following_with_a_bad_next_goes_home_instead_of_failing(client, bad):
    question = QuestionFactory()
    client.force_login(UserFactory())
    response = client.post(reverse("notifications:follow", args=["question", question.pk]), {"next": bad})
    assert response.status_code == 302 and response.url == "/"


def test_following_goes_back_to_a_local_next(client):
    question = QuestionFactory()
    client.force_login(UserFactory())
    response = client.post(reverse("notifications:follow", args=["question", question.pk]), {"next": "/ideas/"})
    assert response.status_code == 302 and response.url == "/ideas/"


@pytest.mark.parametrize("bad", ["zzz", "//evil.example.com"])
def test_voting_for_an_idea_with_a_bad_next_goes_to_the_idea(client, bad):
    idea = IdeaFactory()
    client.force_login(UserFactory())
    response = client.post(reverse("ideas:idea-vote", args=[idea.pk]), {"next": bad})
    assert response.status_code == 302 and response.url == Idea.objects.get(pk=idea.pk).get_absolute_url()


def test_the_language_switch_ignores_a_next_that_is_a_view_name(client):
    response = client.post(reverse("set_language"), {"language": "de", "next": "zzz"})
    assert response.status_code == 302 and response.url == "/"


def test_the_admin_login_keeps_only_a_local_next(client):
    response = client.get("/admin/login/?next=zzz")
    assert response.status_code == 302 and response.url == "/accounts/login/?next=/admin/"


def test_sign_in_ignores_a_next_to_another_site(client):
    user = UserFactory()
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": PASSWORD, "next": "//evil.example.com/"}
    )
    assert response.status_code == 302 and "evil" not in response.url
