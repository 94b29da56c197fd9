"""A thread is kept for members who wrote nothing in it: an author's visit never shapes what others see."""

import pytest
from django.urls import reverse

from forum import services
from tests.accounts.factories import UserFactory

from .factories import AnswerFactory, QuestionFactory

pytestmark = pytest.mark.django_db


def test_an_authors_buttons_stay_the_authors(client):
    question = QuestionFactory()
    answer = AnswerFactory(question=question)
    asker_edit = reverse("forum:question-edit", args=[question.pk])
    answer_edit = reverse("forum:answer-edit", args=[answer.pk])
    client.force_login(question.author)  # the first visit, by the asker
    html = client.get(question.get_absolute_url()).content.decode()
    assert asker_edit in html and "Accept this answer" in html
    client.force_login(UserFactory())
    html = client.get(question.get_absolute_url()).content.decode()
    assert asker_edit not in html and answer_edit not in html and "Accept this answer" not in html
    assert html.count('name="value"') == 4  # up and down on the question and on the answer
    client.force_login(answer.author)
    html = client.get(question.get_absolute_url()).content.decode()
    assert answer_edit in html and asker_edit not in html and "Accept this answer" not in html


def test_a_reply_shows_at_once_to_members_who_saw_the_kept_thread(client, django_capture_on_commit_callbacks):
    question = QuestionFactory()
    client.force_login(UserFactory())
    client.get(question.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        services.post_reply(question=question, by=UserFactory(), body="Same here, since Monday")
    assert "Same here, since Monday" in client.get(question.get_absolute_url()).content.decode()
