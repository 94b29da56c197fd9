"""Merging duplicates: votes move over, nobody counts twice, no chains or cycles, bad merges change nothing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from community import events
from community.accounts.models import Role
from ideas import services
from ideas.models import Idea, IdeaComment, IdeaThreadLink, IdeaVote
from tests.accounts.factories import UserFactory
from tests.forum.factories import QuestionFactory

from .factories import IdeaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator():
    return UserFactory(roles=[Role.MODERATOR])


def voted(idea, *people) -> None:
    for person in people:
        services.vote(idea=idea, by=person)


def snapshot() -> list:
    ideas = list(Idea.objects.order_by("pk").values_list("pk", "vote_count", "merged_into_id"))
    votes = sorted(IdeaVote.objects.values_list("idea_id", "user_id"))
    return [ideas, votes]


def test_overlapping_voters_are_counted_once(moderator, django_capture_on_commit_callbacks, event_log):
    duplicate, target = IdeaFactory(), IdeaFactory()
    only_duplicate, both, only_target = UserFactory(), UserFactory(), UserFactory()
    voted(duplicate, only_duplicate, both, target.author)  # the target's author voted for the duplicate
    voted(target, both, only_target, duplicate.author)
    comment = services.post_comment(idea=duplicate, by=both, body="Same as the other one?")

    with django_capture_on_commit_callbacks(execute=True):
        result = services.merge_ideas(idea=duplicate, into=target, by=moderator)

    assert result == target
    target.refresh_from_db()
    duplicate.refresh_from_db()
    voters = sorted(IdeaVote.objects.filter(idea=target).values_list("user_id", flat=True))
    # only_duplicate moves over; `both` keeps one vote; the target's author cannot vote for their own idea.
    assert voters == sorted([only_duplicate.pk, both.pk, only_target.pk, duplicate.author.pk])
    assert target.vote_count == 4 == len(set(voters))
    assert duplicate.vote_count == 0 and not IdeaVote.objects.filter(idea=duplicate).exists()
    assert duplicate.merged_into == target and duplicate.merged_at is not None
    assert IdeaVote.objects.get(idea=target, user=only_duplicate).moved_from == duplicate
    assert IdeaComment.objects.get(pk=comment.pk).idea == duplicate  # comments stay readable where they were
    [merged] = [e for e in event_log if isinstance(e, events.IdeaMerged)]
    assert (merged.idea_id, merged.into_id, merged.moved_voter_ids) == (duplicate.pk, target.pk, (only_duplicate.pk,))


def test_a_moved_vote_can_be_withdrawn_on_the_target(moderator):
    duplicate, target = IdeaFactory(), IdeaFactory()
    person = UserFactory()
    voted(duplicate, person)
    services.merge_ideas(idea=duplicate, into=target, by=moderator)
    with pytest.raises(ValidationError, match="already voted"):
        services.vote(idea=target, by=person)
    assert services.withdraw_vote(idea=target, by=person) == 0


def test_merging_into_itself_is_refused_and_changes_nothing(moderator):
    idea = IdeaFactory()
    voted(idea, UserFactory())
    before = snapshot()
    with pytest.raises(ValidationError, match="itself"):
        services.merge_ideas(idea=idea, into=idea, by=moderator)
    assert snapshot() == before


def test_merging_into_an_idea_merged_elsewhere_is_refused_so_no_cycle_forms(moderator):
    first, second, third = IdeaFactory(), IdeaFactory(), IdeaFactory()
    voted(first, UserFactory())
    services.merge_ideas(idea=first, into=second, by=moderator)
    before = snapshot()
    with pytest.raises(ValidationError, match=f"merged into idea #{second.pk}"):
        services.merge_ideas(idea=second, into=first, by=moderator)  # would close a cycle
    with pytest.raises(ValidationError, match="merge into that one instead"):
        services.merge_ideas(idea=third, into=first, by=moderator)
    with pytest.raises(ValidationError, match="already merged"):
        services.merge_ideas(idea=first, into=third, by=moderator)
    assert snapshot() == before


def test_ideas_merged_before_follow_their_target_so_no_chain_forms(moderator):
    first, second, third = IdeaFactory(), IdeaFactory(), IdeaFactory()
    services.merge_ideas(idea=first, into=second, by=moderator)
    services.merge_ideas(idea=second, into=third, by=moderator)
    assert Idea.objects.get(pk=first.pk).merged_into_id == third.pk
    assert Idea.objects.get(pk=second.pk).merged_into_id == third.pk


@pytest.mark.parametrize("role", [None, Role.SUPER_USER, Role.AGENT])
def test_only_moderators_merge(role):
    duplicate, target = IdeaFactory(), IdeaFactory()
    before = snapshot()
    with pytest.raises(PermissionDenied):
        services.merge_ideas(idea=duplicate, into=target, by=UserFactory(roles=[role] if role else []))
    assert snapshot() == before


def test_a_merged_idea_takes_no_votes_comments_or_status(moderator):
    duplicate, target = IdeaFactory(), IdeaFactory()
    services.merge_ideas(idea=duplicate, into=target, by=moderator)
    duplicate.refresh_from_db()
    with pytest.raises((ValidationError, PermissionDenied)):
        services.vote(idea=duplicate, by=UserFactory())
    with pytest.raises((ValidationError, PermissionDenied)):
        services.post_comment(idea=duplicate, by=UserFactory(), body="Hello there")
    with pytest.raises(ValidationError, match="merged"):
        services.change_status(idea=duplicate, by=moderator, status="planned")
    assert not IdeaVote.objects.exists()


def test_thread_links_move_to_the_target(moderator):
    duplicate, target = IdeaFactory(), IdeaFactory()
    shared, own = QuestionFactory(), QuestionFactory()
    for question in (shared, own):
        services.link_thread(idea=duplicate, question=question, by=moderator)
    services.link_thread(idea=target, question=shared, by=moderator)
    services.merge_ideas(idea=duplicate, into=target, by=moderator)
    assert sorted(IdeaThreadLink.objects.values_list("idea_id", "question_id")) == sorted(
        [(target.pk, shared.pk), (target.pk, own.pk)]
    )


def test_the_followers_move_over_even_if_the_merge_message_is_lost(moderator, django_capture_on_commit_callbacks):
    from datetime import timedelta

    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from community.models import Handoff
    from community.tasks import sweep_handoffs
    from notifications import services as notifications
    from notifications.models import Subscription

    duplicate, target = IdeaFactory(), IdeaFactory()
    follower, unfollower = UserFactory(), UserFactory()
    notifications.follow(user=follower, target=duplicate)
    notifications.follow(user=unfollower, target=duplicate)
    notifications.unfollow(user=unfollower, target=target)  # said no to the target before: stays so
    with django_capture_on_commit_callbacks():  # the merge commits; its messages never arrive
        services.merge_ideas(idea=duplicate, into=target, by=moderator)
    idea_type = ContentType.objects.get_for_model(Idea)

    def following() -> set[int]:
        rows = Subscription.objects.filter(content_type=idea_type, object_id=target.pk, active=True)
        return set(rows.values_list("user_id", flat=True))

    assert follower.pk not in following()
    Handoff.objects.update(sent_at=timezone.now() - timedelta(minutes=5))
    sweep_handoffs()
    assert follower.pk in following() and unfollower.pk not in following()
    sweep_handoffs()  # done: nothing is sent twice
    assert Subscription.objects.filter(content_type=idea_type, object_id=target.pk, user=follower).count() == 1
