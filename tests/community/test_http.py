"""The shared HTTP helpers: where `next` may lead, whole numbers from parameters, and who the client is."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from community.accounts.models import Role
from community.http import client_ip, is_local_url, whole_number
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


def test_a_signed_in_admin_on_the_admin_login_goes_on_to_the_administration(client):
    client.force_login(UserFactory(roles=[Role.ADMIN]))
    response = client.get("/admin/login/?next=/admin/forum/category/")
    assert response.status_code == 302 and response.url == "/admin/forum/category/"
    assert client.get("/admin/login/?next=//evil.example.com/").url == "/admin/"
    client.force_login(UserFactory(roles=[Role.MODERATOR]))
    assert client.get("/admin/login/").status_code == 403


def test_sign_in_ignores_a_next_to_another_site(client):
    user = UserFactory()
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": PASSWORD, "next": "//evil.example.com/"}
    )
    assert response.status_code == 302 and "evil" not in response.url


# Who the client is: behind the compose file's proxy, REMOTE_ADDR is the proxy for everyone.
PROXY = "172.18.0.5"


def request_from(address: str, forwarded: str | None = None, **headers):
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", REMOTE_ADDR=address, **headers)


def test_without_a_trusted_proxy_the_address_is_the_connection_and_x_forwarded_for_is_ignored(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    assert client_ip(request_from("203.0.113.7", "198.51.100.1")) == "203.0.113.7"


def test_behind_one_trusted_proxy_the_address_is_the_one_the_proxy_appended(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    assert client_ip(request_from(PROXY, "203.0.113.7")) == "203.0.113.7"
    # A client's own X-Forwarded-For stays on the left; the proxy's entry is the last one.
    assert client_ip(request_from(PROXY, "198.51.100.1, 203.0.113.7")) == "203.0.113.7"
    assert client_ip(request_from(PROXY, "2001:db8::1")) == "2001:db8::1"


def test_a_missing_or_broken_forwarded_address_falls_back_to_the_connection(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 2
    assert client_ip(request_from(PROXY, "203.0.113.7")) == PROXY  # fewer hops than proxies
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    assert client_ip(request_from(PROXY, "zzz")) == PROXY
    assert client_ip(request_from(PROXY)) == PROXY


def test_a_trusted_client_ip_header_wins(settings):
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
    assert client_ip(request_from(PROXY, "198.51.100.1", HTTP_X_REAL_IP="203.0.113.7")) == "203.0.113.7"


def fail_logins(client, count: int, **where) -> None:
    for attempt in range(count):
        client.post(reverse("account_login"), {"login": f"nobody{attempt}@example.com", "password": "wrong"}, **where)


def login(client, user, **where):
    return client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD}, **where)


def test_two_visitors_behind_one_proxy_are_limited_separately(client, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    attacker = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "198.51.100.66"}
    fail_logins(client, 10, **attacker)
    user = UserFactory()
    assert "Too many failed login attempts" in login(client, user, **attacker).content.decode()
    response = login(client, user, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert response.status_code == 302 and int(client.session["_auth_user_id"]) == user.pk


def test_without_a_trusted_proxy_a_forged_header_does_not_escape_the_limit(client, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    for attempt in range(10):
        fail_logins(client, 1, REMOTE_ADDR="198.51.100.66", HTTP_X_FORWARDED_FOR=f"203.0.113.{attempt}")
    user = UserFactory()
    response = login(client, user, REMOTE_ADDR="198.51.100.66", HTTP_X_FORWARDED_FOR="203.0.113.200")
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_compose_file_trusts_its_one_proxy_and_the_settings_follow():
    import os
    import re
    import subprocess
    import sys

    from django.conf import settings

    compose = (settings.BASE_DIR / "docker-compose.yml").read_text()
    count = re.search(r'^\s+TRUSTED_PROXY_COUNT: "(\d+)"', compose, re.M)
    assert count and count[1] == "1"
    code = (
        "from django.test import RequestFactory; from django.conf import settings;"
        "from community.http import client_ip;"
        f"r = RequestFactory().get('/', REMOTE_ADDR='{PROXY}', HTTP_X_FORWARDED_FOR='198.51.100.1, 203.0.113.7');"
        "print(settings.ALLAUTH_TRUSTED_PROXY_COUNT, client_ip(r))"
    )
    env = {**os.environ, "TRUSTED_PROXY_COUNT": count[1]}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.stdout.strip().splitlines()[-1].split() == ["1", "203.0.113.7"], result.stderr
