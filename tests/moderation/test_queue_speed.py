"""The review queue costs what a list page costs, however much waits; 100 decisions at once stay quick."""

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from community.accounts.models import Role
from forum.models import Answer, Question
from moderation import selectors
from moderation.models import Flag
from tests.accounts.factories import UserFactory
from tests.forum.factories import AnswerFactory, QuestionFactory
from tests.ideas.factories import IdeaCommentFactory, IdeaFactory
from tests.support import queries_for

pytestmark = pytest.mark.django_db

LIST_PAGE_BUDGET = 25  # what a list page may cost (the home page's budget in tests/forum/test_lists.py)


def fill_queue(held: int, flagged: int) -> None:
    reporter = UserFactory()
    question = QuestionFactory()
    for n in range(held):
        AnswerFactory(question=question, deleted_at=question.created_at, removal="held", removal_note=f"hold {n}")
    for n in range(flagged):
        post = IdeaFactory() if n % 2 else IdeaCommentFactory()
        kind = "idea" if n % 2 else "idea_comment"
        Flag.objects.create(reporter=reporter, kind=kind, object_id=post.pk, author_id=post.author_id, reason="spam")


def test_the_queue_page_costs_the_same_for_4_and_100_waiting(client):
    moderator = UserFactory(roles=[Role.MODERATOR])
    client.force_login(moderator)
    fill_queue(2, 2)
    few = queries_for(client, "/moderation/")
    fill_queue(50, 48)
    assert len(selectors.queue(moderator)) == 100
    many = queries_for(client, "/moderation/")
    assert many == few
    assert many <= LIST_PAGE_BUDGET


def test_100_queued_posts_are_decided_in_bulk_within_2_seconds(client):
    moderator = UserFactory(roles=[Role.MODERATOR])
    question = QuestionFactory()
    answers = [
        AnswerFactory(question=question, deleted_at=question.created_at, removal="held", removal_note="hold")
        for _ in range(100)
    ]
    Question.objects.filter(pk=question.pk).update(answer_count=0)  # held answers are not counted yet
    client.force_login(moderator)
    started = time.perf_counter()
    with CaptureQueriesContext(connection):
        response = client.post("/moderation/bulk/", {"items": [f"answer:{a.pk}" for a in answers], "action": "approve"})
    elapsed = time.perf_counter() - started
    assert response.status_code == 302
    assert Question.objects.get(pk=question.pk).answer_count == 100
    assert not Answer.objects.filter(deleted_at__isnull=False).exists()
    assert elapsed < 2.0, f"{elapsed:.2f} s"
