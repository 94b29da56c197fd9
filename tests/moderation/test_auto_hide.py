"""Enough flags from trusted members hide a post at once; its author is told why, mends it, asks again."""

import pytest

from community.accounts.models import Role
from community.models import AuditEntry
from forum.models import Answer, Question
from ideas.models import Idea
from moderation import selectors, services
from notifications.models import Notification
from superusers.models import Standing
from tests.accounts.factories import UserFactory
from tests.forum.factories import AnswerFactory, QuestionFactory
from tests.ideas.factories import IdeaFactory

pytestmark = pytest.mark.django_db


def with_reputation(points: int):
    user = UserFactory()
    Standing.objects.create(user=user, reputation=points)
    return user


def test_trusted_flags_hide_at_once_and_the_author_hears_why(policy, django_capture_on_commit_callbacks):
    policy.flags_to_hide, policy.trusted_reputation = 2, 200
    policy.save()
    answer = AnswerFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.flag_post(post=answer, by=UserFactory(roles=[Role.SUPER_USER]), reason="spam")
        services.flag_post(post=answer, by=UserFactory(), reason="spam")  # not trusted: does not count
        services.flag_post(post=answer, by=with_reputation(150), reason="spam")  # not enough reputation
    assert Answer.objects.get(pk=answer.pk).deleted_at is None
    with django_capture_on_commit_callbacks(execute=True):
        services.flag_post(post=answer, by=with_reputation(201), reason="abusive")
    hidden = Answer.objects.get(pk=answer.pk)
    assert hidden.removal == "hidden" and hidden.deleted_by is None
    assert "Hidden after 2 trusted members flagged it" in hidden.removal_note
    assert Question.objects.get(pk=answer.question_id).answer_count == 0
    told = Notification.objects.get(recipient=answer.author, kind="post_hidden")
    assert answer.question.title in told.title
    assert AuditEntry.objects.filter(action="post_hidden_by_flags", subject=answer.author).exists()


def test_zero_turns_automatic_hiding_off(policy):
    policy.flags_to_hide = 0
    policy.save()
    idea = IdeaFactory()
    for _ in range(3):
        services.flag_post(post=idea, by=UserFactory(roles=[Role.MODERATOR]), reason="spam")
    assert Idea.objects.get(pk=idea.pk).deleted_at is None


def test_the_author_mends_a_hidden_post_and_asks_for_review(client, policy):
    policy.flags_to_hide = 1
    policy.save()
    question = QuestionFactory(body="Buy followers at a discount, only today, best prices")
    services.flag_post(post=question, by=UserFactory(roles=[Role.SUPER_USER]), reason="spam")
    client.force_login(question.author)
    page = client.get(question.get_absolute_url())
    assert page.status_code == 200
    assert "Hidden by the moderators." in page.text and "Spam or advertising" in page.text
    assert "Ask for a review" in page.text

    edited = client.post(
        f"/questions/{question.pk}/edit/",
        {"title": question.title, "body": "How do I pair my thermostat with the new hub?", "tags": ""},
    )
    assert edited.status_code == 302
    assert Question.objects.get(pk=question.pk).body == "How do I pair my thermostat with the new hub?"

    reviewer = UserFactory(roles=[Role.MODERATOR])
    keys = [item.key for item in selectors.queue(reviewer)]
    assert keys == [f"question:{question.pk}"]  # flagged; the flags wait for a decision
    response = client.post(f"/posts/question/{question.pk}/ask-review/", headers={"HX-Request": "true"})
    assert response.status_code == 200 and "You asked for a review" in response.text
    assert Question.objects.get(pk=question.pk).review_asked_at is not None
    item = selectors.queue(reviewer)[0]
    assert item.review_asked and item.post.pk == question.pk

    services.approve_post(post=item.post, by=reviewer)
    assert Question.objects.get(pk=question.pk).deleted_at is None


def test_only_the_author_asks_for_review_and_only_of_a_hidden_post(client):
    answer = AnswerFactory()
    client.force_login(UserFactory())
    assert client.post(f"/posts/answer/{answer.pk}/ask-review/").status_code == 403
    client.force_login(answer.author)
    response = client.post(f"/posts/answer/{answer.pk}/ask-review/", follow=True)
    assert "Only the author of a hidden post can ask for a review." in response.text
    assert Answer.objects.get(pk=answer.pk).review_asked_at is None
