"""A real Celery worker SIGKILLed while an accepted answer becomes a knowledge-base article.

The accept commits with its hand-off rows; the worker takes `sync_article` and is killed inside it (the
question's row is held, so the task waits there); Redis would hand the message back only after an hour.
The hand-off sweep (beat, every second here) sends it again, and the article is written and indexed.
"""

import threading
import time

import pytest
from django.db import connection, transaction

from community.celery import app as celery_app
from community.models import Handoff
from forum import services as forum
from forum.models import Article, Question, SearchDocument
from forum.search.query import search
from forum.tasks import sync_article
from tests.forum.factories import AnswerFactory
from tests.workers import Workers

TIMEOUT = 120

pytestmark = pytest.mark.django_db(transaction=True)


def wait_until(condition, workers: Workers, what: str) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        assert time.monotonic() < deadline, f"{what} never happened:\n{workers.log()}"
        time.sleep(0.1)


class HeldRow:
    """The question's row locked from another connection, so the worker's sync_article waits for it."""

    def __init__(self, question_id: int):
        self.question_id, self.held, self.released = question_id, threading.Event(), threading.Event()
        self.thread = threading.Thread(target=self._hold, daemon=True)

    def _hold(self) -> None:
        try:
            with transaction.atomic():
                Question.objects.select_for_update().get(pk=self.question_id)
                self.held.set()
                self.released.wait(TIMEOUT)
        finally:
            connection.close()

    def __enter__(self):
        self.thread.start()
        assert self.held.wait(10)
        return self

    def __exit__(self, *exc) -> None:
        self.released.set()
        self.thread.join(10)


def test_a_worker_killed_while_an_answer_becomes_an_article_leaves_the_article_indexed(tmp_path):
    var_dir = tmp_path / "var"
    var_dir.mkdir()
    answer = AnswerFactory(body="Hold the reset button for ten seconds, then pair the thermostat again.")
    question = answer.question
    workers = Workers(var_dir)
    conf = celery_app.conf
    saved = conf.task_always_eager
    conf.task_always_eager = False  # this process enqueues for real, into the run's Redis
    celery_app.control.purge()
    try:
        forum.accept_answer(answer=answer, by=question.author)
        handed_off = Handoff.objects.get(task=sync_article.name, kwargs__event_type="AnswerAccepted")
        with HeldRow(question.pk):
            workers.start()

            def started() -> bool:
                handed_off.refresh_from_db()
                return handed_off.started_at is not None

            wait_until(started, workers, "the worker taking sync_article")
            time.sleep(0.5)  # inside the task now, waiting for the row
            workers.kill()
        handed_off.refresh_from_db()
        assert handed_off.done_at is None
        assert not Article.objects.filter(question=question).exists()  # the kill took the task along

        workers.start()
        wait_until(
            lambda: Article.objects.filter(question=question, status=Article.Status.PUBLISHED).exists(),
            workers,
            "the article after the restart",
        )
    finally:
        workers.kill()
        conf.task_always_eager = saved

    article = Article.objects.get(question=question)
    assert article.answer_id == answer.pk
    document = SearchDocument.objects.get(kind="article", object_id=article.pk)
    assert document.id in search(question.title, category_ids=[question.category_id]).ids
    handed_off.refresh_from_db()
    assert handed_off.done_at is not None and handed_off.attempts >= 2  # the sweep sent it again
