"""Votes for ideas: one per person and idea, withdrawable, never for one's own idea."""

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.utils.translation import gettext as _

from community import events
from community.accounts.models import User
from forum.kernel import check_can_write, require

from ..fragments import forget_thread_panels, ideas_changed, lists_changed
from ..models import Idea, IdeaVote
from ._common import lock, refuse_merged, refuse_out_of_view


def _require_voter(idea: Idea, by: User) -> None:
    if not by.is_authenticated or not by.is_active:
        raise PermissionDenied(_("Please sign in to vote."))
    if idea.author_id == by.pk:
        raise PermissionDenied(_("You cannot vote for your own idea."))


def _votes_changed(idea: Idea) -> None:
    """The idea's page, the lists and the threads it is linked to show its votes."""
    ideas_changed(idea.pk)
    lists_changed()
    forget_thread_panels(idea_ids=[idea.pk])


@transaction.atomic
def vote(*, idea: Idea, by: User) -> int:
    """Vote for an idea; returns its new vote count. A second vote by the same person is refused."""
    _require_voter(idea, by)
    require(by, "ideas.vote", idea, _("Only members with a confirmed email address can vote."))
    check_can_write(by, "vote")
    # The idea's row lock serialises votes on one idea (a double click, two tabs, a merge running at
    # the same moment); the unique constraint stays the last word if anything slips past.
    idea = lock(idea, no_key=True)
    refuse_merged(idea)
    refuse_out_of_view(idea)
    if IdeaVote.objects.filter(idea=idea, user=by).exists():
        raise ValidationError(_("You have already voted for this idea."), code="already_voted")
    event_id = uuid.uuid4()
    IdeaVote.objects.create(idea=idea, user=by, voted_event_id=event_id)
    Idea.objects.filter(pk=idea.pk).update(vote_count=F("vote_count") + 1)
    _votes_changed(idea)
    votes = idea.vote_count + 1  # read under the lock, so exact
    events.publish(
        events.IdeaVoted(event_id=event_id, idea_id=idea.pk, voter_id=by.pk, idea_author_id=idea.author_id, votes=votes)
    )
    return votes


@transaction.atomic
def withdraw_vote(*, idea: Idea, by: User) -> int:
    """Take one's vote back; returns the idea's new vote count."""
    if not by.is_authenticated or not by.is_active:
        raise PermissionDenied(_("Please sign in to vote."))
    check_can_write(by, "vote")
    idea = lock(idea, no_key=True)
    existing = IdeaVote.objects.filter(idea=idea, user=by).first()
    if existing is None:
        refuse_merged(idea)  # its votes moved to the idea it was merged into
        raise ValidationError(_("You have not voted for this idea."), code="not_voted")
    existing.delete()
    Idea.objects.filter(pk=idea.pk).update(vote_count=Greatest(F("vote_count") - 1, 0))
    _votes_changed(idea)
    votes = max(idea.vote_count - 1, 0)
    events.publish(
        events.IdeaVoteWithdrawn(
            idea_id=idea.pk,
            voter_id=by.pk,
            idea_author_id=idea.author_id,
            voted_event_id=existing.voted_event_id,
            votes=votes,
        )
    )
    return votes
