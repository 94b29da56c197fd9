"""Question lists: their budget and weight, sorting, filters, pages, private categories, feeds."""

import pytest

from community.accounts.models import Role
from forum import services
from forum.models import Category
from tests.accounts.factories import UserFactory
from tests.support import queries_for

from .factories import CategoryFactory, QuestionFactory, ask

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url_of", [lambda c: "/", lambda c: c.get_absolute_url()])
def test_lists_cost_at_most_10_queries_whatever_their_length(client, url_of):
    category = CategoryFactory()
    QuestionFactory.create_batch(2, category=category)
    few = queries_for(client, url_of(category))
    for question in QuestionFactory.create_batch(40, category=category):
        question.tags.set(["wifi", "app"])
    many = queries_for(client, url_of(category))
    assert few == many <= 10
    client.force_login(UserFactory())
    assert queries_for(client, url_of(category)) <= 15


def test_a_list_page_of_20_questions_weighs_under_30_kb(client):
    category = CategoryFactory()
    for question in QuestionFactory.create_batch(25, category=category, body="word " * 400):
        question.tags.set(["wifi", "router", "app"])
    response = client.get(category.get_absolute_url())
    assert len(response.content) < 30_000


# Lists


def test_lists_sort_filter_and_paginate(client):
    category = CategoryFactory()
    solved = QuestionFactory(category=category, title="A question that was solved long ago", is_solved=True)
    unanswered = QuestionFactory(category=category, title="A question nobody answered yet")
    answered = QuestionFactory(category=category, title="A question with one answer", answer_count=1)
    html = client.get("/?state=solved").content.decode()
    assert solved.title in html and unanswered.title not in html
    html = client.get("/?sort=unanswered").content.decode()
    assert unanswered.title in html and answered.title not in html
    for bad in ("/?page=abc", "/?page=9999", "/?page=²", "/?sort=DROP%20TABLE", "/?state=zzz"):
        assert client.get(bad).status_code == 200
    assert client.get("/?state=%00").status_code == 400  # a NUL is refused before any view


def test_pinned_questions_come_first(client):
    moderator = UserFactory(roles=[Role.MODERATOR])
    QuestionFactory(title="A newer ordinary question here")
    pinned = QuestionFactory(title="The pinned maintenance notice")
    services.pin_question(question=pinned, by=moderator)
    QuestionFactory(title="The newest ordinary question")
    html = client.get("/").content.decode()
    assert html.index(pinned.title) < html.index("The newest ordinary question")


def test_home_lists_categories_with_counts_and_latest_activity(client):
    question = ask(title="Where do I find my invoices as PDF?")
    html = client.get("/").content.decode()
    assert question.category.name in html
    assert "1 question" in html
    assert "Where do I find my invoices as PDF?" in html


def test_private_categories_are_invisible_to_members(client):
    hidden = CategoryFactory(audience=Category.Audience.STAFF, name="Agent handbook")
    question = QuestionFactory(category=hidden, title="Internal escalation checklist")
    client.force_login(UserFactory())
    assert "Internal escalation checklist" not in client.get("/").content.decode()
    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert client.get(question.get_absolute_url()).status_code == 404
    assert client.get(f"/feeds/c/{hidden.slug}/").status_code == 404
    client.force_login(UserFactory(roles=[Role.AGENT]))
    assert client.get(question.get_absolute_url()).status_code == 200


def test_atom_feeds_per_category_and_tag(client):
    question = ask(title="How do I update the firmware of my box?", tags=["firmware"])
    for url in (f"/feeds/c/{question.category.slug}/", "/feeds/tags/firmware/"):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/atom+xml")
        assert "How do I update the firmware of my box?" in response.content.decode()
    assert client.get("/feeds/tags/no-such-tag/").status_code == 404
