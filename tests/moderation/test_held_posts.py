"""Posts held for review: nobody but the author and the reviewers sees them, nobody hears of them, until approved."""

import pytest

from community.accounts.models import Role
from forum import services as forum
from forum.models import Answer, Category, Question, Reply
from ideas import services as ideas
from ideas.models import Idea, IdeaComment
from moderation import selectors, services
from notifications.models import Notification
from tests.accounts.factories import UserFactory
from tests.forum.factories import QuestionFactory, ask
from tests.ideas.factories import IdeaFactory, post

pytestmark = pytest.mark.django_db


def test_a_new_members_first_question_waits_and_is_counted_once_approved(
    client, hold_first_posts, django_capture_on_commit_callbacks
):
    newcomer = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        question = ask(by=newcomer, title="My thermostat forgets its schedule every night")
    question.refresh_from_db()
    assert (question.removal, question.removal_note) == ("held", "First post of a new member")
    assert Category.objects.get(pk=question.category_id).question_count == 0
    assert Notification.objects.filter(kind="post_held", recipient=newcomer).exists()
    assert not client.get("/").text.count("forgets its schedule")
    assert client.get(question.get_absolute_url()).status_code == 404

    client.force_login(newcomer)
    page = client.get(question.get_absolute_url())
    assert page.status_code == 200 and "Waiting for review." in page.text

    moderator = UserFactory(roles=[Role.MODERATOR])
    [item] = selectors.queue(moderator)
    assert item.post == question and item.post.removal_note == "First post of a new member"
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_post(post=item.post, by=moderator)
    assert Category.objects.get(pk=question.category_id).question_count == 1
    assert Notification.objects.filter(kind="post_approved", recipient=newcomer).exists()
    client.logout()
    assert "forgets its schedule" in client.get("/").text


def test_once_a_post_was_approved_the_next_ones_are_public(hold_first_posts):
    newcomer, moderator = UserFactory(), UserFactory(roles=[Role.MODERATOR])
    first = ask(by=newcomer)
    second = ask(by=newcomer, title="A second question while the first still waits")
    assert Question.objects.get(pk=second.pk).removal == "held"  # no way around the hold
    services.approve_post(post=first, by=moderator)
    third = ask(by=newcomer, title="A third question after the approval came")
    assert Question.objects.get(pk=third.pk).deleted_at is None


def test_reviewers_are_never_held(hold_first_posts):
    question = ask(by=UserFactory(roles=[Role.SUPER_USER]))
    assert question.deleted_at is None


def test_the_fan_out_of_a_held_answer_waits_for_the_approval(hold_links, django_capture_on_commit_callbacks):
    asker = UserFactory(roles=[Role.SUPER_USER])  # not held for the question's link-free words anyway
    with django_capture_on_commit_callbacks(execute=True):
        question = ask(by=asker)  # asking follows the question
    with django_capture_on_commit_callbacks(execute=True):
        forum.post_answer(question=question, by=UserFactory(), body="See https://example.com for cheap parts")
    answer = Answer.objects.get()
    assert answer.removal == "held" and answer.removal_note == "links from a new member"
    assert Question.objects.get(pk=question.pk).answer_count == 0
    assert not Notification.objects.filter(recipient=asker, kind="new_answer").exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_post(post=answer, by=UserFactory(roles=[Role.SUPER_USER]))
    assert Question.objects.get(pk=question.pk).answer_count == 1
    assert Notification.objects.filter(recipient=asker, kind="new_answer").exists()


def test_held_replies_ideas_and_comments_wait_alike(hold_links, django_capture_on_commit_callbacks):
    question, idea = QuestionFactory(), IdeaFactory()
    writer = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        forum.post_reply(question=question, by=writer, body="More at http://spam.example")
        held_idea = post(by=writer, body="Read http://spam.example for a spreadsheet export of everything")
        ideas.post_comment(idea=idea, by=writer, body="Agreed, see http://spam.example")
    assert Reply.objects.get().removal == "held"
    assert Idea.objects.get(pk=held_idea.pk).removal == "held"
    assert IdeaComment.objects.get().removal == "held"
    assert Question.objects.get(pk=question.pk).reply_count == 0
    assert Idea.objects.get(pk=idea.pk).comment_count == 0
    assert not Notification.objects.filter(recipient=idea.author, kind="idea_comment").exists()
    reviewer = UserFactory(roles=[Role.MODERATOR])
    assert {item.kind.name for item in selectors.queue(reviewer)} == {"reply", "idea", "idea_comment"}
    with django_capture_on_commit_callbacks(execute=True):
        services.review_in_bulk(posts=[i.post for i in selectors.queue(reviewer)], by=reviewer, action="approve")
    assert Question.objects.get(pk=question.pk).reply_count == 1
    assert Idea.objects.get(pk=idea.pk).comment_count == 1
    assert Notification.objects.filter(recipient=idea.author, kind="idea_comment").exists()
    assert not selectors.queue(reviewer)


def test_a_held_post_deleted_from_the_queue_never_counted(hold_links):
    question = QuestionFactory()
    forum.post_answer(question=question, by=UserFactory(), body="Cheap stuff at https://example.com today")
    services.delete_post(post=Answer.objects.get(), by=UserFactory(roles=[Role.MODERATOR]))
    assert Answer.objects.get().removal == "deleted"
    assert Question.objects.get(pk=question.pk).answer_count == 0


def test_a_mention_in_a_held_answer_is_told_once_approved(hold_links, django_capture_on_commit_callbacks):
    question = QuestionFactory()
    mentioned = UserFactory(handle="mona")
    with django_capture_on_commit_callbacks(execute=True):
        answer = forum.post_answer(question=question, by=UserFactory(), body="@mona see https://example.com/manual")
    assert not Notification.objects.filter(recipient=mentioned, kind="mention").exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_post(post=answer, by=UserFactory(roles=[Role.MODERATOR]))
    assert Notification.objects.filter(recipient=mentioned, kind="mention").exists()
