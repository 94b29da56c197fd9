"""Votes and accepts under real concurrency: threads, each with its own database connection."""

import pytest

from forum import services
from forum.models import Answer, Vote
from tests.accounts.factories import UserFactory
from tests.support import run_at_once

from .factories import AnswerFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_twenty_people_voting_at_once_lose_no_vote():
    answer = AnswerFactory()
    voters = UserFactory.create_batch(20)
    errors = run_at_once([lambda v=v: services.vote(post=answer, by=v, value=1) for v in voters])
    assert errors == []
    assert Answer.objects.get(pk=answer.pk).score == 20
    assert Vote.objects.filter(answer=answer).count() == 20


def test_one_person_clicking_twice_at_once_counts_once():
    answer = AnswerFactory()
    voter = UserFactory()
    errors = run_at_once([lambda: services.vote(post=answer, by=voter, value=1) for _ in range(6)])
    assert errors == []
    assert Vote.objects.filter(answer=answer, user=voter).count() == 1
    assert Answer.objects.get(pk=answer.pk).score == 1


def test_up_and_down_at_once_by_one_person_end_in_one_consistent_vote():
    answer = AnswerFactory()
    voter = UserFactory()
    errors = run_at_once(
        [lambda value=value: services.vote(post=answer, by=voter, value=value) for value in (1, -1) * 4]
    )
    assert errors == []
    votes = list(Vote.objects.filter(answer=answer))
    assert len(votes) == 1
    assert Answer.objects.get(pk=answer.pk).score == votes[0].value


def test_two_answers_accepted_at_once_leave_exactly_one_accepted():
    first = AnswerFactory()
    others = AnswerFactory.create_batch(4, question=first.question)
    asker = first.question.author
    errors = run_at_once([lambda a=a: services.accept_answer(answer=a, by=asker) for a in [first, *others]])
    assert errors == []
    assert Answer.objects.filter(question=first.question, is_accepted=True).count() == 1


def test_one_member_answering_was_this_helpful_six_times_at_once_counts_once():
    from forum.models import Article, ArticleFeedback

    from .factories import CategoryFactory

    article = services.publish_article(
        title="How do I pair the speaker?", summary="Hold play.", category=CategoryFactory(), language="en"
    )
    member = UserFactory()
    errors = run_at_once([lambda: services.rate_article(article=article, by=member, helpful=True) for _ in range(6)])
    assert errors == []
    assert ArticleFeedback.objects.filter(article=article, user=member).count() == 1
    assert Article.objects.filter(pk=article.pk).values_list("helpful_yes", "anonymous_yes").get() == (1, 0)
