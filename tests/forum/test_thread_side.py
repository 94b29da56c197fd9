"""Beside a thread: its knowledge-base article, similar solved questions, and the follow box.

The side is kept like the thread itself, so it must follow every change that decides what it shows:
an article made or retired after the page was kept, a similar question deleted, hidden or unsolved.
"""

import re

import pytest

from community.accounts.models import Role
from forum import services
from forum.models import Article, Category, Question
from tests.accounts.factories import UserFactory
from tests.support import queries_for

from .factories import CategoryFactory, ask, thread_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def solved(title: str, *, committed, category=None, by=None, body="It never shows up in the list of devices."):
    with committed():
        question = ask(by=by, title=title, body=body, category=category or CategoryFactory(), tags=["bluetooth"])
    with committed():
        answer = services.post_answer(question=question, by=UserFactory(), body="Hold play for ten seconds.")
    with committed():
        services.accept_answer(answer=answer, by=question.author)
    return question


def side_of(client, question) -> str:
    html = client.get(question.get_absolute_url()).content.decode()
    return re.search(r'<aside class="with-aside__side thread__side".*?</aside>', html, flags=re.S).group(0)


def related_titles(side: str) -> list[str]:
    section = re.search(r'id="side-related-title".*?</section>', side, flags=re.S).group(0)
    return re.findall(r'<li><a href="/q/\d+/[^"]*">([^<]*)</a>', section)


def test_the_side_lists_similar_solved_questions_never_this_one_unsolved_deleted_hidden_or_private(client, committed):
    this = solved("The speaker does not pair over Bluetooth", committed=committed)
    other = solved("My speaker will not pair over Bluetooth with Android", committed=committed)
    staff_only = CategoryFactory(audience=Category.Audience.STAFF)
    agent = UserFactory(roles=[Role.AGENT])
    private = solved(
        "Speaker does not pair over Bluetooth (internal)", committed=committed, category=staff_only, by=agent
    )
    deleted = solved("The speaker stopped pairing over Bluetooth", committed=committed)
    hidden = solved("Bluetooth pairing of the speaker fails", committed=committed)
    with committed():
        unsolved = ask(title="Speaker does not pair over Bluetooth at all", body="Nothing I try works here.")
    with committed():
        services.delete_question(question=deleted, by=deleted.author)
    with committed():
        services.hide_post(post=hidden, by=UserFactory(roles=[Role.MODERATOR]))

    titles = related_titles(side_of(client, this))
    assert other.title in titles
    for left_out in (this, private, deleted, hidden, unsolved):
        assert left_out.title not in titles, left_out.title

    client.force_login(agent)  # staff see the staff-only category
    assert private.title in related_titles(side_of(client, this))


def test_a_similar_question_that_goes_away_leaves_the_kept_side_at_once(client, committed):
    this = solved("The speaker does not pair over Bluetooth", committed=committed)
    other = solved("My speaker will not pair over Bluetooth with Android", committed=committed)
    assert other.title in related_titles(side_of(client, this))  # now kept
    with committed():
        services.hide_post(post=other, by=UserFactory(roles=[Role.SUPER_USER]))
    assert other.title not in related_titles(side_of(client, this))


def test_the_article_made_after_the_page_was_kept_shows_at_once_and_goes_when_retired(client, committed):
    with committed():
        question = ask(title="The speaker does not pair over Bluetooth", body="It is never found by my phone.")
    with committed():
        answer = services.post_answer(question=question, by=UserFactory(), body="Hold play for ten seconds.")
    # The accept commits; its article is written later, by a task.
    services.accept_answer(answer=answer, by=question.author)
    assert "In the knowledge base" not in side_of(client, question)  # kept without an article
    with committed():
        article = services.sync_article(question_id=question.pk)
    side = side_of(client, question)
    assert "In the knowledge base" in side and f'href="{article.get_absolute_url()}"' in side

    services.unaccept_answer(answer=answer, by=question.author)
    with committed():
        services.sync_article(question_id=question.pk)
    assert Article.objects.get(pk=article.pk).status == Article.Status.RETIRED
    assert article.get_absolute_url() not in side_of(client, question)


def test_the_side_has_the_follow_box_and_a_search_for_more(client, committed):
    question = solved("The speaker does not pair over Bluetooth", committed=committed)
    client.force_login(UserFactory())
    side = side_of(client, question)
    assert "Follow this question" in side and 'aria-pressed="false"' in side
    assert "Search for more like this" in side and "solved=yes" in side
    header = client.get(question.get_absolute_url()).content.decode().split('class="with-aside"')[0]
    assert "Follow this question" not in header


def test_the_side_costs_no_query_once_kept_whatever_the_thread(client, committed):
    plain = thread_with(2, 3)
    this = solved("The speaker does not pair over Bluetooth", committed=committed)
    solved("My speaker will not pair over Bluetooth with Android", committed=committed)
    assert "In the knowledge base" in side_of(client, this) and related_titles(side_of(client, this))
    assert queries_for(client, this.get_absolute_url()) == queries_for(client, plain.get_absolute_url())
    client.force_login(UserFactory())
    assert queries_for(client, this.get_absolute_url()) == queries_for(client, plain.get_absolute_url())


def test_a_question_without_similar_ones_says_so(client):
    question = thread_with(1, 0)
    side = side_of(client, question)
    assert "No similar question has been solved yet." in side
    assert Question.objects.count() == 1
