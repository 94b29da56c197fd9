"""Answers and replies: who may post them where, what they count and tell, and how the pages answer."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from community import events
from forum import services
from forum.models import Answer, Question, Reply, Revision
from tests.accounts.factories import UserFactory

from .factories import AnswerFactory, QuestionFactory, ReplyFactory, kinds, mine

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


# Answers and replies


def test_answering_counts_touches_and_publishes(django_capture_on_commit_callbacks, event_log):
    question = QuestionFactory()
    helper = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        answer = services.post_answer(question=question, by=helper, body="Press the reset button for 10 s.")
    question.refresh_from_db()
    assert question.answer_count == 1
    assert question.last_activity_by == helper
    assert kinds(event_log) == ["AnswerPosted"]
    assert mine(event_log)[0].question_author_id == question.author_id
    assert Revision.objects.get(answer=answer).number == 1


@pytest.mark.parametrize("state", ["locked", "closed", "deleted"])
def test_no_new_answers_on_a_locked_closed_or_deleted_question(state):
    question = QuestionFactory(
        is_locked=state == "locked",
        closed_at=timezone.now() if state == "closed" else None,
        close_reason="off_topic" if state == "closed" else "",
        deleted_at=timezone.now() if state == "deleted" else None,
    )
    with pytest.raises(ValidationError):
        services.post_answer(question=question, by=UserFactory(), body="An answer that must not appear.")
    assert not Answer.objects.exists()


def test_replies_to_the_question_to_an_answer_and_to_a_reply(django_capture_on_commit_callbacks, event_log):
    answer = AnswerFactory()
    question = answer.question
    first, second = UserFactory(), UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        under_question = services.post_reply(question=question, by=first, body="Which model do you have?")
        under_answer = services.post_reply(question=question, answer=answer, by=first, body="Did that work?")
        to_reply = services.post_reply(
            question=question, answer=answer, parent=under_answer, by=second, body="Yes, it did."
        )
    assert under_question.answer is None
    assert to_reply.parent == under_answer
    assert Question.objects.get(pk=question.pk).reply_count == 1
    assert Answer.objects.get(pk=answer.pk).reply_count == 2
    posted = [e for e in event_log if isinstance(e, events.ReplyPosted)]
    assert [e.parent_author_id for e in posted] == [None, None, first.pk]
    assert posted[1].post_author_id == answer.author_id


def test_a_reply_cannot_answer_a_reply_in_another_thread():
    elsewhere = ReplyFactory()
    question = QuestionFactory()
    with pytest.raises(ValidationError, match="same thread"):
        services.post_reply(question=question, parent=elsewhere, by=UserFactory(), body="Mixed up")


def test_replies_are_allowed_on_a_closed_but_not_on_a_locked_question():
    closed = QuestionFactory(closed_at=timezone.now(), close_reason="resolved")
    services.post_reply(question=closed, by=UserFactory(), body="Glad it is solved.")
    locked = QuestionFactory(is_locked=True)
    with pytest.raises(ValidationError, match="locked"):
        services.post_reply(question=locked, by=UserFactory(), body="Hello?")


def test_replies_count_as_activity_and_deleting_a_reply_uncounts():
    reply_author = UserFactory()
    question = QuestionFactory()
    reply = services.post_reply(question=question, by=reply_author, body="Same problem here.")
    services.delete_reply(reply=reply, by=reply_author)
    assert Question.objects.get(pk=question.pk).reply_count == 0
    assert Reply.objects.get(pk=reply.pk).is_deleted


# Over HTTP


def test_answering_a_locked_question_keeps_the_text_and_says_why(client):
    question = QuestionFactory(is_locked=True)
    client.force_login(UserFactory())
    response = client.post(reverse("forum:answer-create", args=[question.pk]), {"body": "My careful answer text."})
    assert response.status_code == 422
    html = response.content.decode()
    assert "locked" in html
    assert not Answer.objects.exists()


def test_answering_with_an_empty_body_keeps_the_page_and_explains(client):
    question = QuestionFactory()
    client.force_login(UserFactory())
    response = client.post(reverse("forum:answer-create", args=[question.pk]), {"body": "  "})
    assert response.status_code == 422
    assert "This field is required" in response.content.decode()


def test_replying_with_htmx_returns_the_conversation(client):
    question = QuestionFactory()
    client.force_login(UserFactory())
    response = client.post(
        reverse("forum:reply-create", args=[question.pk]), {"body": "What model is it?"}, headers=HTMX
    )
    assert response.status_code == 200
    assert "What model is it?" in response.content.decode()
    assert "toast" in response.headers["HX-Trigger"]


def test_the_form_that_comes_back_after_a_reply_under_an_answer_posts_under_that_answer(client):
    answer = AnswerFactory()
    ReplyFactory(question=answer.question, answer=answer, body="An earlier reply")
    client.force_login(UserFactory())
    url = reverse("forum:reply-create", args=[answer.question_id])
    html = client.post(url, {"body": "What model is it?", "answer": answer.pk}, headers=HTMX).content.decode()
    assert f'id="replies-answer-{answer.pk}"' in html
    assert f'hx-target="#replies-answer-{answer.pk}"' in html
    assert f'<input type="hidden" name="answer" value="{answer.pk}">' in html
    # The "Reply" links in the returned conversation open a form for the same answer.
    assert f'hx-target="#replyform-answer-{answer.pk}"' in html
    client.post(url, {"body": "And which phone?", "answer": answer.pk}, headers=HTMX)
    assert set(Reply.objects.values_list("answer_id", flat=True)) == {answer.pk}


def test_a_refused_reply_without_javascript_keeps_the_text(client):
    question = QuestionFactory(is_locked=True)
    client.force_login(UserFactory())
    response = client.post(reverse("forum:reply-create", args=[question.pk]), {"body": "Keep this text please"})
    assert response.status_code in (403, 422)
    if response.status_code == 422:
        assert "Keep this text please" in response.content.decode()
