"""Every post gets its mood after it is saved, through the events bus and Celery (eager in tests)."""

import io

import pytest
from django.core.management import call_command

from community import events
from forum import services
from insights import tasks
from insights.models import PostMood
from tests.accounts.factories import UserFactory
from tests.forum.factories import CategoryFactory, ask, thread_with

pytestmark = pytest.mark.django_db

HAPPY = "Thank you so much, this works perfectly now. Great help, I love it!"
ANGRY = "This is terrible. It broke again, support is useless and I am angry."


@pytest.fixture
def member():
    return UserFactory(established=True)


def test_a_new_question_answer_and_reply_are_scored(member, django_capture_on_commit_callbacks):
    category = CategoryFactory()
    with django_capture_on_commit_callbacks(execute=True):
        question = ask(
            by=member,
            category=category,
            language="de",
            title="Router ist kaputt und nichts geht",
            body="Das ist eine Katastrophe, der Router ist schon wieder kaputt. Ich bin wütend.",
        )
    with django_capture_on_commit_callbacks(execute=True):
        answer = services.post_answer(question=question, by=UserFactory(established=True), body=HAPPY)
    with django_capture_on_commit_callbacks(execute=True):
        reply = services.post_reply(question=question, answer=answer, by=member, body="Danke, super, jetzt klappt es!")

    rows = {row.kind: row for row in PostMood.objects.all()}
    assert set(rows) == {"question", "answer", "reply"}
    assert rows["question"].object_id == question.pk
    assert rows["answer"].object_id == answer.pk
    assert rows["reply"].object_id == reply.pk
    for row in rows.values():
        assert row.question_id == question.pk
        assert row.category_id == category.pk
        assert row.language == "de"  # the thread's language, even for the English answer
        assert row.is_public
    assert rows["question"].label == "negative"
    assert rows["question"].score < 0
    assert rows["reply"].score > 0


def test_an_edit_rescores_the_same_row(member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        question = ask(by=member)
    with django_capture_on_commit_callbacks(execute=True):
        answer = services.post_answer(question=question, by=member, body=HAPPY)
    before = PostMood.objects.get(kind="answer", object_id=answer.pk)
    assert before.score > 0

    with django_capture_on_commit_callbacks(execute=True):
        services.edit_answer(answer=answer, by=member, body=ANGRY)

    after = PostMood.objects.get(kind="answer", object_id=answer.pk)
    assert after.pk == before.pk
    assert after.score < 0
    assert after.scored_at > before.scored_at


def test_the_same_event_twice_writes_one_row(member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        question = ask(by=member)
    event = events.QuestionAsked(
        question_id=question.pk, author_id=member.pk, category_id=question.category_id, language="en"
    )
    for _ in range(2):
        tasks.score_mood.delay(event_type="QuestionAsked", event=event.as_task_kwargs())
        with django_capture_on_commit_callbacks(execute=True):
            events.publish(event)
    assert PostMood.objects.filter(kind="question", object_id=question.pk).count() == 1
    assert PostMood.objects.count() == 1


def test_a_deleted_post_leaves_the_public_figures(member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        question = ask(by=member)
    with django_capture_on_commit_callbacks(execute=True):
        answer = services.post_answer(question=question, by=member, body=ANGRY)
    event = events.PostDeleted(
        question_id=question.pk, answer_id=answer.pk, reply_id=None, author_id=member.pk, by_user_id=member.pk
    )
    type(answer).objects.filter(pk=answer.pk).update(deleted_at=answer.created_at, removal="deleted")
    tasks.follow_mood.delay(event_type="PostDeleted", event=event.as_task_kwargs())
    assert not PostMood.objects.get(kind="answer", object_id=answer.pk).is_public
    assert PostMood.objects.get(kind="question", object_id=question.pk).is_public


def test_an_idea_held_for_review_is_not_a_forum_post():
    event = events.PostHeld(kind="idea", object_id=1, author_id=1, reason="new member")
    tasks.follow_mood.delay(event_type="PostHeld", event=event.as_task_kwargs())
    assert not PostMood.objects.exists()


def test_the_backfill_scores_posts_that_came_without_events():
    question = thread_with(answers=4, replies=5)
    question.language = "de"
    question.save(update_fields=["language"])

    call_command("score_mood", "--batch", "3", stdout=io.StringIO(), stderr=io.StringIO())
    assert PostMood.objects.count() == 1 + 4 + 5
    assert set(PostMood.objects.values_list("language", flat=True)) == {"de"}

    call_command("score_mood", stdout=io.StringIO(), stderr=io.StringIO())  # again: the same rows
    assert PostMood.objects.count() == 10
    call_command("score_mood", "--missing", stdout=io.StringIO(), stderr=io.StringIO())
    assert PostMood.objects.count() == 10


def test_an_import_scores_its_category(django_capture_on_commit_callbacks):
    question = thread_with(answers=2, replies=1)
    other = thread_with(answers=1, replies=0)
    event = events.ContentImported(
        source="beer.stackexchange.com", category_id=question.category_id, people=3, questions=1, answers=2, replies=1
    )
    with django_capture_on_commit_callbacks(execute=True):
        events.publish(event)
    assert PostMood.objects.filter(question_id=question.pk).count() == 4
    assert not PostMood.objects.filter(question_id=other.pk).exists()
