"""The idea board's writes: posting, voting, statuses and official responses, comments, links, events."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from community import events
from community.accounts.models import Role
from ideas import services
from ideas.models import Idea, IdeaThreadLink, IdeaVote, StatusChange
from tests.accounts.factories import UserFactory
from tests.forum.factories import QuestionFactory

from .factories import IdeaFactory, ProductAreaFactory, post

pytestmark = pytest.mark.django_db


def moderator():
    return UserFactory(roles=[Role.MODERATOR])


# Posting and editing


def test_posting_an_idea_stores_it_renders_it_and_announces_it(django_capture_on_commit_callbacks, event_log):
    author = UserFactory()
    area = ProductAreaFactory()
    with django_capture_on_commit_callbacks(execute=True):
        idea = post(by=author, body="Please add **CSV**.\n\nThank you!", area=area, tags=["Export", "csv"])
    idea.refresh_from_db()
    assert idea.status == Idea.Status.NEW and idea.vote_count == 0
    assert "<strong>CSV</strong>" in idea.body_html and idea.excerpt.startswith("Please add CSV.")
    assert sorted(idea.tags.names()) == ["csv", "export"]
    assert idea.search_vector is not None
    [posted] = [e for e in event_log if isinstance(e, events.IdeaPosted)]
    assert (posted.idea_id, posted.author_id, posted.area_id) == (idea.pk, author.pk, area.pk)


def test_bad_input_is_refused_per_field_and_nothing_is_stored():
    with pytest.raises(ValidationError) as caught:
        post(title="Short", body="Too short", tags=["no good tag!"])
    assert set(caught.value.message_dict) == {"title", "body", "tags"}
    assert not Idea.objects.exists()


def test_people_without_a_confirmed_address_cannot_post():
    with pytest.raises(PermissionDenied):
        post(by=UserFactory(verified=False))
    assert not Idea.objects.exists()


def test_the_author_edits_within_the_window_then_only_staff(settings):
    idea = post()
    services.edit_idea(idea=idea, by=idea.author, title="Export the heating history as CSV or Excel", body=idea.body)
    assert Idea.objects.get(pk=idea.pk).title.endswith("CSV or Excel")
    Idea.objects.filter(pk=idea.pk).update(created_at=timezone.now() - timedelta(hours=25))
    idea.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.edit_idea(idea=idea, by=idea.author, title="Something else entirely here", body=idea.body)
    services.edit_idea(idea=idea, by=moderator(), title="Export heating data (CSV)", body=idea.body, tags=["csv"])
    idea.refresh_from_db()
    assert idea.title == "Export heating data (CSV)" and list(idea.tags.names()) == ["csv"]


# Votes


def test_a_vote_counts_once_and_is_announced_with_the_new_count(django_capture_on_commit_callbacks, event_log):
    idea = IdeaFactory()
    voter = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.vote(idea=idea, by=voter) == 1
    assert Idea.objects.get(pk=idea.pk).vote_count == 1
    [voted] = [e for e in event_log if isinstance(e, events.IdeaVoted)]
    assert (voted.voter_id, voted.idea_author_id, voted.votes) == (voter.pk, idea.author_id, 1)
    assert IdeaVote.objects.get().voted_event_id == voted.event_id


def test_voting_twice_is_refused_with_a_reason_and_changes_nothing():
    idea = IdeaFactory()
    voter = UserFactory()
    services.vote(idea=idea, by=voter)
    with pytest.raises(ValidationError, match="already voted") as caught:
        services.vote(idea=idea, by=voter)
    assert caught.value.code == "already_voted"
    assert Idea.objects.get(pk=idea.pk).vote_count == 1 and IdeaVote.objects.count() == 1


@pytest.mark.parametrize("technical_admin", [False, True])
def test_nobody_votes_for_their_own_idea_not_even_the_technical_admin(technical_admin):
    author = UserFactory(is_superuser=technical_admin)
    idea = IdeaFactory(author=author)
    with pytest.raises(PermissionDenied, match="your own idea"):
        services.vote(idea=idea, by=author)
    assert Idea.objects.get(pk=idea.pk).vote_count == 0 and not IdeaVote.objects.exists()


def test_withdrawing_names_the_vote_it_undoes(django_capture_on_commit_callbacks, event_log):
    idea = IdeaFactory()
    voter = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.vote(idea=idea, by=voter)
        assert services.withdraw_vote(idea=idea, by=voter) == 0
    voted = next(e for e in event_log if isinstance(e, events.IdeaVoted))
    withdrawn = next(e for e in event_log if isinstance(e, events.IdeaVoteWithdrawn))
    assert withdrawn.voted_event_id == voted.event_id and withdrawn.votes == 0
    assert Idea.objects.get(pk=idea.pk).vote_count == 0
    with pytest.raises(ValidationError, match="not voted"):
        services.withdraw_vote(idea=idea, by=voter)


def test_unconfirmed_people_cannot_vote():
    idea = IdeaFactory()
    with pytest.raises(PermissionDenied):
        services.vote(idea=idea, by=UserFactory(verified=False))
    assert Idea.objects.get(pk=idea.pk).vote_count == 0


# Statuses and official responses


@pytest.mark.parametrize("role", [None, Role.SUPER_USER, Role.AGENT])
def test_a_status_change_by_anyone_but_staff_is_refused_and_nothing_changes(role):
    idea = IdeaFactory()
    with pytest.raises(PermissionDenied, match="moderators and admins"):
        services.change_status(
            idea=idea, by=UserFactory(roles=[role] if role else []), status="planned", response="Sure!"
        )
    idea.refresh_from_db()
    assert idea.status == Idea.Status.NEW and idea.latest_response is None
    assert not StatusChange.objects.exists()


@pytest.mark.parametrize("role", [Role.MODERATOR, Role.ADMIN])
def test_staff_set_a_status_with_an_official_response(role, django_capture_on_commit_callbacks, event_log):
    idea = IdeaFactory()
    staff = UserFactory(roles=[role])
    with django_capture_on_commit_callbacks(execute=True):
        change = services.change_status(
            idea=idea, by=staff, status="planned", response="Thank you for your idea — we have **understood**!"
        )
    idea.refresh_from_db()
    assert idea.status == Idea.Status.PLANNED and idea.status_changed_at is not None
    assert idea.latest_response == change and "<strong>understood</strong>" in change.response_html
    assert (change.old_status, change.new_status, change.by) == ("new", "planned", staff)
    [changed] = [e for e in event_log if isinstance(e, events.IdeaStatusChanged)]
    assert (changed.old_status, changed.new_status, changed.response_id) == ("new", "planned", change.pk)
    assert changed.by_user_id == staff.pk and changed.idea_author_id == idea.author_id


def test_a_response_without_a_change_keeps_the_status_and_joins_the_history():
    idea = IdeaFactory()
    staff = moderator()
    services.change_status(idea=idea, by=staff, status="under_review")
    change = services.change_status(idea=idea, by=staff, status="under_review", response="Still looking into it.")
    idea.refresh_from_db()
    assert idea.status == "under_review" and idea.latest_response == change and not change.changed
    assert StatusChange.objects.filter(idea=idea).count() == 2


def test_nothing_to_change_and_unknown_statuses_are_refused():
    idea = IdeaFactory()
    with pytest.raises(ValidationError, match="already"):
        services.change_status(idea=idea, by=moderator(), status="new")
    with pytest.raises(ValidationError) as caught:
        services.change_status(idea=idea, by=moderator(), status="shipped")
    assert "status" in caught.value.message_dict
    assert not StatusChange.objects.exists()


# Comments


def test_comments_and_replies_hang_under_their_conversation(django_capture_on_commit_callbacks, event_log):
    idea = IdeaFactory()
    anna, ben = UserFactory(), UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        first = services.post_comment(idea=idea, by=anna, body="Yes please!")
        reply = services.post_comment(idea=idea, by=ben, body="Same here.", parent=first)
        nested = services.post_comment(idea=idea, by=anna, body="Glad I am not alone.", parent=reply)
    assert (first.root_id, reply.root_id, nested.root_id) == (None, first.pk, first.pk)
    assert nested.parent == reply
    assert Idea.objects.get(pk=idea.pk).comment_count == 3
    commented = [e for e in event_log if isinstance(e, events.IdeaCommented)]
    assert [e.parent_author_id for e in commented] == [None, anna.pk, ben.pk]


def test_deleting_a_comment_leaves_a_tombstone_and_no_reply_to_it():
    comment = services.post_comment(idea=IdeaFactory(), by=UserFactory(), body="Spam spam spam")
    services.delete_comment(comment=comment, by=moderator())
    comment.refresh_from_db()
    assert comment.is_deleted and Idea.objects.get(pk=comment.idea_id).comment_count == 0
    with pytest.raises(ValidationError):
        services.post_comment(idea=comment.idea, by=UserFactory(), body="Reply", parent=comment)
    with pytest.raises(PermissionDenied):
        services.delete_comment(comment=comment, by=UserFactory())


# Threads


def test_a_thread_turned_into_an_idea_keeps_the_asker_as_author_and_links_them():
    question = QuestionFactory()
    idea = services.idea_from_thread(
        question=question,
        by=UserFactory(roles=[Role.SUPER_USER]),
        title="Let me export the heating history",
        body="As asked in the forum: a CSV export would help many people.",
    )
    assert idea.author == question.author and idea.created_by is not None
    assert IdeaThreadLink.objects.filter(idea=idea, question=question).exists()
    with pytest.raises(PermissionDenied):
        services.idea_from_thread(question=question, by=UserFactory(), title="x" * 20, body="y" * 30)


def test_linking_a_thread_twice_changes_nothing_and_members_cannot_link():
    idea, question = IdeaFactory(), QuestionFactory()
    staff = moderator()
    services.link_thread(idea=idea, question=question, by=staff)
    services.link_thread(idea=idea, question=question, by=staff)
    assert IdeaThreadLink.objects.count() == 1
    with pytest.raises(PermissionDenied):
        services.link_thread(idea=idea, question=question, by=UserFactory())
    with pytest.raises(ValidationError):
        services.link_thread(idea=idea, question=None, by=staff)
    services.unlink_thread(idea=idea, question=question, by=staff)
    assert not IdeaThreadLink.objects.exists()
