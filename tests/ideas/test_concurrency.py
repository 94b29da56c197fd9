"""Votes and merges under real concurrency: threads, each with its own database connection."""

import pytest
from django.core.exceptions import ValidationError

from community.accounts.models import Role
from ideas import services
from ideas.models import Idea, IdeaVote
from tests.accounts.factories import UserFactory
from tests.support import run_at_once

from .factories import IdeaFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_twenty_people_voting_at_once_lose_no_vote():
    idea = IdeaFactory()
    voters = UserFactory.create_batch(20)
    errors = run_at_once([lambda v=v: services.vote(idea=idea, by=v) for v in voters])
    assert errors == []
    assert Idea.objects.get(pk=idea.pk).vote_count == 20 == IdeaVote.objects.filter(idea=idea).count()


def test_one_person_clicking_six_times_at_once_counts_once_and_hears_why():
    idea = IdeaFactory()
    voter = UserFactory()
    errors = run_at_once([lambda: services.vote(idea=idea, by=voter) for _ in range(6)])
    assert len(errors) == 5 and all(isinstance(e, ValidationError) for e in errors)
    assert IdeaVote.objects.filter(idea=idea, user=voter).count() == 1
    assert Idea.objects.get(pk=idea.pk).vote_count == 1


def test_votes_and_withdrawals_at_once_keep_the_count_equal_to_the_rows():
    idea = IdeaFactory()
    stayers, leavers = UserFactory.create_batch(8), UserFactory.create_batch(8)
    for person in leavers:
        services.vote(idea=idea, by=person)
    calls = [lambda p=p: services.vote(idea=idea, by=p) for p in stayers]
    calls += [lambda p=p: services.withdraw_vote(idea=idea, by=p) for p in leavers]
    assert run_at_once(calls) == []
    assert Idea.objects.get(pk=idea.pk).vote_count == 8 == IdeaVote.objects.filter(idea=idea).count()


def test_a_merge_while_people_vote_counts_everyone_once():
    duplicate, target = IdeaFactory(), IdeaFactory()
    moderator = UserFactory(roles=[Role.MODERATOR])
    early = UserFactory.create_batch(5)
    for person in early[:3]:
        services.vote(idea=duplicate, by=person)
    for person in early[2:]:
        services.vote(idea=target, by=person)
    late = UserFactory.create_batch(10)
    calls = [lambda: services.merge_ideas(idea=duplicate, into=target, by=moderator)]
    calls += [lambda p=p, i=i: services.vote(idea=duplicate if i % 2 else target, by=p) for i, p in enumerate(late)]
    errors = run_at_once(calls)
    # A vote for the duplicate that came after the merge is refused with a reason; nothing is lost or doubled.
    assert all(isinstance(e, ValidationError) for e in errors)
    rows = list(IdeaVote.objects.filter(idea=target).values_list("user_id", flat=True))
    assert len(rows) == len(set(rows)) == Idea.objects.get(pk=target.pk).vote_count
    assert not IdeaVote.objects.filter(idea=duplicate).exists()
    assert {p.pk for p in early} <= set(rows)
    assert len(rows) == 5 + 10 - len(errors)
