"""The staff menu: each role finds its pages in the header, with what waits there for that person."""

import re

import pytest
from django.utils import translation

from community.accounts.models import Role
from moderation.models import Flag
from superusers.models import Candidate
from tests.accounts.factories import UserFactory
from tests.forum.factories import AnswerFactory, CategoryFactory, QuestionFactory
from tests.ideas.factories import IdeaFactory

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def flag(post, reporter=None) -> Flag:
    return Flag.objects.create(
        reporter=reporter or UserFactory(), author=post.author, kind="answer", object_id=post.pk, reason="abusive"
    )


def menu(html: str) -> str:
    found = re.search(r'<details class="menu staff-menu">.*?</details>', html, re.S)
    return found.group(0) if found else ""


def test_members_see_no_staff_entry_and_no_staff_page(client):
    client.force_login(UserFactory())
    html = client.get("/").text
    assert menu(html) == "" and "/staff/" not in html
    assert client.get("/staff/").status_code == 403
    assert client.get("/staff/", headers=HTMX).status_code == 403
    client.logout()
    assert menu(client.get("/").text) == ""
    assert client.get("/staff/", headers=HTMX).status_code == 204  # a poll after signing out changes nothing
    assert "/accounts/login/" in client.get("/staff/").url


@pytest.mark.parametrize(
    ("role", "pages", "not_pages"),
    [
        (Role.SUPER_USER, ["Review queue"], ["Super-user candidates", "Unanswered questions", "Administration"]),
        (Role.AGENT, ["Unanswered questions"], ["Review queue", "Super-user candidates", "Administration"]),
        (
            Role.MODERATOR,
            ["Review queue", "Unanswered questions", "New ideas to answer", "Super-user candidates", "Voting patterns"],
            ["Administration"],
        ),
        (Role.ADMIN, ["Review queue", "Super-user candidates", "Administration"], []),
    ],
)
def test_each_role_finds_its_pages_in_the_header(client, role, pages, not_pages):
    client.force_login(UserFactory(roles=[role]))
    found = menu(client.get("/").text)
    for label in pages:
        assert f"<span>{label}" in found, label
    for label in not_pages:
        assert label not in found, label
    for page in re.findall(r'href="([^"]+)"', found):  # every entry opens for this person
        assert client.get(page.replace("&amp;", "&")).status_code == 200, page


def test_the_counts_are_this_persons_and_come_with_htmx(client, django_assert_max_num_queries):
    first, second = UserFactory(roles=[Role.MODERATOR]), UserFactory(roles=[Role.MODERATOR])
    for _ in range(3):
        flag(AnswerFactory())
    flag(AnswerFactory(author=second))  # nobody decides on a flag against their own post
    Candidate.objects.create(user=UserFactory(), score=12)
    Candidate.objects.create(user=UserFactory(roles=[Role.SUPER_USER]), score=30)  # promoted since: decided
    IdeaFactory(status="new")
    IdeaFactory(status="planned")
    QuestionFactory.create_batch(2)  # unanswered

    client.force_login(first)
    page = client.get("/").text
    assert "wait for review" not in page and 'hx-get="/staff/"' in menu(page)  # the page itself counts nothing
    with django_assert_max_num_queries(8):
        response = client.get("/staff/", headers=HTMX)
    assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "4 posts wait for review" in response.text
    assert "1 candidate waits for a decision" in response.text
    assert "1 new idea" in response.text
    assert "open questions without an answer" in response.text
    assert 'hx-swap-oob="true"' in response.text and "every 60s" in response.text
    client.force_login(second)
    assert "3 posts wait for review" in client.get("/staff/", headers=HTMX).text

    for _ in range(20):  # more waiting, the same queries
        flag(AnswerFactory())
    client.force_login(first)
    with django_assert_max_num_queries(8):
        assert "24 posts wait for review" in client.get("/staff/", headers=HTMX).text
    plain = client.get("/staff/")  # without JavaScript: a page of its own
    assert (
        plain.status_code == 200 and "24 posts wait for review" in plain.text and "<h1>Staff pages</h1>" in plain.text
    )


def test_the_staff_menu_costs_the_home_page_no_query(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    CategoryFactory()
    QuestionFactory.create_batch(3)
    counted = {}
    for name, person in (("member", UserFactory()), ("admin", UserFactory(roles=[Role.ADMIN]))):
        client.force_login(person)
        client.get("/")
        with CaptureQueriesContext(connection) as queries:
            html = client.get("/").text
        counted[name] = [query["sql"] for query in queries.captured_queries]
    assert menu(html)
    assert counted["member"] and len(counted["admin"]) == len(counted["member"]), counted


def test_a_kept_thread_never_carries_anothers_staff_menu(client):
    question = AnswerFactory().question
    flag(AnswerFactory(question=question))
    client.force_login(UserFactory(roles=[Role.MODERATOR]))
    assert menu(client.get(question.get_absolute_url()).text)
    client.force_login(UserFactory())
    assert menu(client.get(question.get_absolute_url()).text) == ""
    client.logout()
    assert menu(client.get(question.get_absolute_url()).text) == ""


def test_the_administration_moved_from_the_account_menu_to_the_staff_menu(client):
    client.force_login(UserFactory(roles=[Role.ADMIN]))
    html = client.get("/").text
    account = re.search(r'<details class="menu user-menu">.*?</details>', html, re.S).group(0)
    assert "/admin/" not in account and 'href="/admin/"' in menu(html)
