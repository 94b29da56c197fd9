"""Kept renderings end with the write that changes them, whichever app writes, at once and without waiting
for handlers (community/fragments.py): nothing here runs the after-commit callbacks."""

import uuid

import pytest

from community.accounts import services as accounts
from community.accounts.models import Role
from forum import services as forum
from ideas import services as ideas
from superusers import services as superusers
from superusers.models import PointRule
from tests.accounts.factories import UserFactory
from tests.forum.factories import AnswerFactory, QuestionFactory
from tests.ideas.factories import IdeaFactory

pytestmark = pytest.mark.django_db


def test_a_kept_thread_shows_a_new_super_user_and_a_new_rank_at_once(client):
    answer = AnswerFactory(author=UserFactory(display_name="Hanna Helper"))
    url = answer.question.get_absolute_url()
    first = client.get(url).text
    assert "Hanna Helper" in first and "mark--super" not in first and "Newcomer" not in first

    accounts.set_roles(user=answer.author, roles={Role.MEMBER, Role.SUPER_USER}, by=None)
    assert "mark--super" in client.get(url).text

    superusers.credit_reputation(user_id=answer.author_id, code=PointRule.Code.ANSWER_ACCEPTED, event_id=uuid.uuid4())
    assert "Newcomer" in client.get(url).text  # the rank the points reached, beside the answer


def test_a_kept_thread_and_list_follow_a_vote_at_once(client):
    question = QuestionFactory(title="Why does the hub blink red twice?")
    url = question.get_absolute_url()
    assert 'class="vote__score">0<' in client.get(url).text
    listed = client.get("/").text
    forum.vote(post=question, by=UserFactory(), value=1)
    assert 'class="vote__score">1<' in client.get(url).text
    assert client.get("/").text != listed  # the list shows the new score


def test_a_vote_on_an_idea_shows_beside_the_linked_thread_at_once(client):
    question = QuestionFactory()
    idea = IdeaFactory(title="Export the heating history")
    ideas.link_thread(idea=idea, question=question, by=UserFactory(roles=[Role.MODERATOR]))
    url = question.get_absolute_url()
    assert "0 votes" in client.get(url).text
    ideas.vote(idea=idea, by=UserFactory())
    assert "1 vote" in client.get(url).text
