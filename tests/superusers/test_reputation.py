"""The ledger, checked against totals computed by hand."""

import pytest
from django.core.management import call_command

from community import events
from community.accounts.models import Role
from community.models import Handoff
from forum import services as forum
from superusers import services
from superusers.models import PointRule, ReputationEntry, Standing
from superusers.tasks import apply_event
from tests.accounts.factories import UserFactory
from tests.forum.factories import AnswerFactory, QuestionFactory
from tests.ideas.factories import IdeaFactory

pytestmark = pytest.mark.django_db


def reputation(user) -> int:
    standing = Standing.objects.filter(user=user).first()
    return standing.reputation if standing else 0


def test_a_scripted_sequence_of_votes_accepts_and_undos(committed):
    asker, helper, voters = UserFactory(), UserFactory(), UserFactory.create_batch(3)
    question = QuestionFactory(author=asker)
    answer = AnswerFactory(question=question, author=helper)
    with committed():
        for voter in voters:
            forum.vote(post=answer, by=voter, value=1)  # helper +10 +10 +10
        forum.vote(post=answer, by=voters[0], value=-1)  # -10 (undo) -2 (down)
        forum.vote(post=question, by=voters[1], value=1)  # asker +5
        forum.accept_answer(answer=answer, by=asker)  # helper +15, asker +2
    assert reputation(helper) == 10 + 10 + 10 - 10 - 2 + 15 == 33
    assert reputation(asker) == 5 + 2 == 7
    with committed():
        forum.unaccept_answer(answer=answer, by=asker)  # helper -15, asker -2
        forum.vote(post=answer, by=voters[0], value=0)  # +2 (undo the down vote)
        forum.vote(post=question, by=voters[1], value=0)  # asker -5
    assert reputation(helper) == 33 - 15 + 2 == 20
    assert reputation(asker) == 0
    assert services.recompute() == []  # the totals agree with the ledger
    assert ReputationEntry.objects.filter(reverses__isnull=False).count() == 5


def test_an_event_delivered_twice_counts_once(committed):
    answer = AnswerFactory()
    with committed():
        forum.accept_answer(answer=answer, by=answer.question.author)
    pending = Handoff.objects.get(task=apply_event.name, kwargs__event_type="AnswerAccepted")
    Handoff.objects.filter(pk=pending.pk).update(done_at=None)  # as if the worker died before marking it
    apply_event.apply(kwargs=pending.kwargs, headers={"handoff_key": pending.key})
    apply_event.apply(kwargs=pending.kwargs, headers={"handoff_key": pending.key})
    apply_event(**pending.kwargs)  # and once outside the hand-off: the ledger is keyed by the event
    assert reputation(answer.author) == 15
    assert ReputationEntry.objects.filter(user=answer.author).count() == 1


def test_accepting_your_own_answer_earns_nothing(committed):
    asker = UserFactory()
    answer = AnswerFactory(question=QuestionFactory(author=asker), author=asker)
    with committed():
        forum.accept_answer(answer=answer, by=asker)
    assert reputation(asker) == 0


def test_a_super_user_accepting_on_a_stale_question_gives_the_helper_points_not_themselves(committed):
    from datetime import timedelta

    from django.utils import timezone

    answer = AnswerFactory(question=QuestionFactory(created_at=timezone.now() - timedelta(days=30)))
    super_user = UserFactory(roles=[Role.SUPER_USER])
    with committed():
        forum.accept_answer(answer=answer, by=super_user)
    assert reputation(answer.author) == 15 and reputation(super_user) == 0


def test_point_values_are_set_by_admins(committed):
    PointRule.objects.filter(code="answer_upvoted").update(points=7)
    answer = AnswerFactory()
    with committed():
        forum.vote(post=answer, by=UserFactory(), value=1)
    assert reputation(answer.author) == 7


def test_a_vote_ring_is_capped_by_the_daily_limit(committed, settings):
    settings.REPUTATION_DAILY_VOTE_CAP = 50
    first, second = UserFactory(), UserFactory()
    answers_of_first = [AnswerFactory(author=first) for _ in range(8)]
    answers_of_second = [AnswerFactory(author=second) for _ in range(8)]
    with committed():
        for answer in answers_of_first:
            forum.vote(post=answer, by=second, value=1)
        for answer in answers_of_second:
            forum.vote(post=answer, by=first, value=1)
    assert reputation(first) == 50 and reputation(second) == 50  # 80 each without the cap
    assert ReputationEntry.objects.filter(user=first, capped=True).exists()
    assert services.recompute() == []


def test_idea_votes_and_a_planned_idea_count(committed):
    idea, moderator = IdeaFactory(), UserFactory(roles=[Role.MODERATOR])
    with committed():
        events.publish(
            events.IdeaVoted(idea_id=idea.pk, voter_id=UserFactory().pk, idea_author_id=idea.author_id, votes=1)
        )
        for _ in range(2):  # planned twice (back and forth): counts once
            events.publish(
                events.IdeaStatusChanged(
                    idea_id=idea.pk,
                    idea_author_id=idea.author_id,
                    by_user_id=moderator.pk,
                    old_status="new",
                    new_status="planned",
                    response_id=None,
                )
            )
    assert reputation(idea.author) == 2 + 20


def test_the_recompute_command_reports_and_fixes_drift(committed):
    answer = AnswerFactory()
    with committed():
        forum.vote(post=answer, by=UserFactory(), value=1)
    Standing.objects.filter(user=answer.author).update(reputation=999)
    from io import StringIO

    out = StringIO()
    call_command("recompute_reputation", stdout=out)
    assert "1 person" in out.getvalue() and "999" in out.getvalue()
    call_command("recompute_reputation", "--fix", stdout=StringIO())
    assert reputation(answer.author) == 10
    out = StringIO()
    call_command("recompute_reputation", stdout=out)
    assert "no drift" in out.getvalue()


def test_ranks_follow_the_reputation(committed):
    answer = AnswerFactory()
    voters = UserFactory.create_batch(5)
    with committed():
        for voter in voters:
            forum.vote(post=answer, by=voter, value=1)
    standing = Standing.objects.select_related("rank").get(user=answer.author)
    assert standing.reputation == 50 and standing.rank.name_en == "Helper"


def test_points_arrive_even_if_the_votes_message_is_lost():
    """The vote's hand-off row commits with the vote; the sweep sends what the broker lost."""
    from datetime import timedelta

    from django.utils import timezone

    from community.tasks import sweep_handoffs

    answer = AnswerFactory()
    forum.vote(post=answer, by=UserFactory(), value=1)  # committed; the message never arrives
    assert reputation(answer.author) == 0
    Handoff.objects.filter(task=apply_event.name).update(sent_at=timezone.now() - timedelta(minutes=5))
    sweep_handoffs()
    assert reputation(answer.author) == 10
    sweep_handoffs()
    assert reputation(answer.author) == 10
