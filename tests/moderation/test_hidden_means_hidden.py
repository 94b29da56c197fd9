"""Hidden means hidden: a hidden post leaves every place the public reads, for everyone but its author and
the reviewers, and comes back everywhere when it is approved. One test per place.

(Peerdesk has no JSON API yet, so there is no API to test here.)
"""

import pytest
from django.core import mail

from community.accounts.models import Role
from forum import services as forum
from forum.models import Category
from ideas import services as ideas
from ideas.models import Idea
from moderation import services
from notifications import digests, kinds
from notifications import services as notifications
from notifications.models import Notification
from tests.accounts.factories import UserFactory
from tests.forum.factories import CategoryFactory, ask
from tests.ideas.factories import IdeaFactory, post

pytestmark = pytest.mark.django_db

TITLE = "Zigbee thermostat loses pairing overnight"
DIGEST = kinds.get("new_question").email  # how often new questions in a followed category come


@pytest.fixture
def moderator(db):
    return UserFactory(roles=[Role.MODERATOR])


@pytest.fixture
def solved(django_capture_on_commit_callbacks):
    """A solved question with an accepted answer, indexed and in the knowledge base."""
    with django_capture_on_commit_callbacks(execute=True):
        question = ask(
            title=TITLE,
            body="Every morning the zigbee thermostat has lost its pairing with the hub.",
            tags=["zigbee"],
            category=CategoryFactory(),
        )
        answer = forum.post_answer(question=question, by=UserFactory(), body="Update the hub firmware to 4.2.")
        forum.accept_answer(answer=answer, by=question.author)
    return question


def hide(post, by, callbacks):
    with callbacks(execute=True):
        services.hide_post(post=post, by=by, note="Looks like an ad")


def approve(post, by, callbacks):
    with callbacks(execute=True):
        services.approve_post(post=post, by=by)


def test_question_list(client, solved, moderator, django_capture_on_commit_callbacks):
    assert TITLE in client.get("/").text  # kept in the cache from here on
    hide(solved, moderator, django_capture_on_commit_callbacks)
    assert TITLE not in client.get("/").text
    assert TITLE not in client.get("/?sort=solved").text
    approve(solved, moderator, django_capture_on_commit_callbacks)
    assert TITLE in client.get("/").text


def test_category_page_and_counts(client, solved, moderator, django_capture_on_commit_callbacks):
    category = solved.category
    assert Category.objects.get(pk=category.pk).question_count == 1
    hide(solved, moderator, django_capture_on_commit_callbacks)
    counts = Category.objects.values_list("question_count", "solved_count").get(pk=category.pk)
    assert counts == (0, 0)
    assert TITLE not in client.get(category.get_absolute_url()).text
    approve(solved, moderator, django_capture_on_commit_callbacks)
    counts = Category.objects.values_list("question_count", "solved_count").get(pk=category.pk)
    assert counts == (1, 1)
    assert TITLE in client.get(category.get_absolute_url()).text


def test_tag_page(client, solved, moderator, django_capture_on_commit_callbacks):
    assert TITLE in client.get("/tags/zigbee/").text
    hide(solved, moderator, django_capture_on_commit_callbacks)
    assert TITLE not in client.get("/tags/zigbee/").text
    approve(solved, moderator, django_capture_on_commit_callbacks)
    assert TITLE in client.get("/tags/zigbee/").text


def test_feeds(client, solved, moderator, django_capture_on_commit_callbacks):
    feeds = ["/feeds/tags/zigbee/", f"/feeds/c/{solved.category.slug}/"]
    assert all(TITLE in client.get(feed).text for feed in feeds)
    hide(solved, moderator, django_capture_on_commit_callbacks)
    assert not any(TITLE in client.get(feed).text for feed in feeds)
    approve(solved, moderator, django_capture_on_commit_callbacks)
    assert all(TITLE in client.get(feed).text for feed in feeds)


def test_search(client, solved, moderator, django_capture_on_commit_callbacks):
    assert TITLE in client.get("/search/?q=zigbee+pairing").text
    hide(solved, moderator, django_capture_on_commit_callbacks)
    assert TITLE not in client.get("/search/?q=zigbee+pairing").text
    approve(solved, moderator, django_capture_on_commit_callbacks)
    assert TITLE in client.get("/search/?q=zigbee+pairing").text


def test_knowledge_base(client, solved, moderator, django_capture_on_commit_callbacks):
    assert TITLE in client.get("/knowledge-base/").text
    hide(solved, moderator, django_capture_on_commit_callbacks)
    assert TITLE not in client.get("/knowledge-base/").text
    approve(solved, moderator, django_capture_on_commit_callbacks)
    assert TITLE in client.get("/knowledge-base/").text


def test_similar_question_suggestions(client, solved, moderator, django_capture_on_commit_callbacks):
    address = "/ask/similar/?title=zigbee+thermostat+pairing"
    assert TITLE in client.get(address).text
    hide(solved, moderator, django_capture_on_commit_callbacks)
    assert TITLE not in client.get(address).text
    approve(solved, moderator, django_capture_on_commit_callbacks)
    assert TITLE in client.get(address).text


def test_profile_page(client, solved, moderator, django_capture_on_commit_callbacks):
    author = solved.answers.get().author
    answer = solved.answers.get()
    page = client.get(f"/people/{author.handle}/").text
    assert ">1</dd>" in page
    hide(answer, moderator, django_capture_on_commit_callbacks)
    page = client.get(f"/people/{author.handle}/").text
    assert ">1</dd>" not in page  # answers and accepted answers count none
    approve(answer, moderator, django_capture_on_commit_callbacks)
    assert ">1</dd>" in client.get(f"/people/{author.handle}/").text


def test_thread_page_and_its_kept_renderings(client, solved, moderator, django_capture_on_commit_callbacks):
    answer = solved.answers.get()
    reader = UserFactory()
    client.force_login(reader)
    assert "Update the hub firmware" in client.get(solved.get_absolute_url()).text  # rendering kept
    hide(answer, moderator, django_capture_on_commit_callbacks)
    assert "Update the hub firmware" not in client.get(solved.get_absolute_url()).text
    client.logout()
    assert "Update the hub firmware" not in client.get(solved.get_absolute_url()).text
    client.force_login(answer.author)  # the author sees it, apart, with the reason
    page = client.get(solved.get_absolute_url()).text
    assert "Update the hub firmware" in page and "Looks like an ad" in page
    approve(answer, moderator, django_capture_on_commit_callbacks)
    client.force_login(reader)
    assert "Update the hub firmware" in client.get(solved.get_absolute_url()).text


def test_idea_board_list_counts_and_page(client, moderator, django_capture_on_commit_callbacks):
    idea = IdeaFactory(title="Show the boiler pressure in the app")
    comment = ideas.post_comment(idea=idea, by=UserFactory(), body="Yes, and warn me when it drops.")
    assert "Show the boiler pressure" in client.get("/ideas/").text
    hide(idea, moderator, django_capture_on_commit_callbacks)
    assert "Show the boiler pressure" not in client.get("/ideas/").text
    assert "Show the boiler pressure" not in client.get("/ideas/?sort=newest").text
    assert client.get(idea.get_absolute_url()).status_code == 404
    approve(idea, moderator, django_capture_on_commit_callbacks)
    assert "Show the boiler pressure" in client.get("/ideas/").text
    hide(comment, moderator, django_capture_on_commit_callbacks)
    assert Idea.objects.get(pk=idea.pk).comment_count == 0
    assert "warn me when it drops" not in client.get(idea.get_absolute_url()).text
    approve(comment, moderator, django_capture_on_commit_callbacks)
    assert Idea.objects.get(pk=idea.pk).comment_count == 1
    assert "warn me when it drops" in client.get(idea.get_absolute_url()).text


def test_notifications_of_a_post_hidden_before_they_went_out(moderator, django_capture_on_commit_callbacks):
    question = ask()
    with django_capture_on_commit_callbacks() as waiting:  # the fan-out has not run yet
        answer = forum.post_answer(question=question, by=UserFactory(), body="Buy cheap watches, link in bio")
    services.hide_post(post=answer, by=moderator)
    for callback in waiting:
        callback()
    assert not Notification.objects.filter(recipient=question.author, kind="new_answer").exists()


def test_digests(moderator, django_capture_on_commit_callbacks):
    category = CategoryFactory()
    reader = UserFactory()
    notifications.follow(user=reader, target=category)
    ask(category=category, title="The boiler display shows error E4")
    hidden = ask(category=category, title="The radiator valve hums at night")
    hide(hidden, moderator, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    digests.send_all(frequency=DIGEST)
    [digest] = [message for message in mail.outbox if message.to == [reader.email]]
    assert "error E4" in digest.body and "radiator valve hums" not in digest.body


def test_a_held_idea_is_not_on_the_board(client, hold_links):
    held = post(body="Spreadsheet export please, more at http://spam.example/offer today")
    assert Idea.objects.get(pk=held.pk).removal == "held"
    assert held.title not in client.get("/ideas/").text
    assert client.get(held.get_absolute_url()).status_code == 404
