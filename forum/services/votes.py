"""Votes on questions and answers: one per person and post, changeable, never on one's own post."""

import hashlib
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from community import events
from community.accounts.models import User

from .. import fragments
from ..kernel import check_can_write, require
from ..models import Answer, Question, Vote


def _post_filter(post) -> dict:
    return {"answer": post} if isinstance(post, Answer) else {"question": post}


def _change_score(post, delta: int) -> int:
    # One UPDATE ... SET score = score + delta: concurrent votes add up, none is lost.
    model = type(post)
    model.objects.filter(pk=post.pk).update(score=F("score") + delta)
    return model.objects.values_list("score", flat=True).get(pk=post.pk)


def vote(*, post: Question | Answer, by: User, value: int) -> int:
    """Vote +1 or -1, or 0 to take the vote back; returns the post's new score."""
    if value not in (1, -1, 0):
        raise ValidationError(_("A vote is up or down."), code="bad_value")
    if post.author_id == by.pk:
        raise PermissionDenied(_("You cannot vote on your own post."))
    require(by, "forum.vote", post, _("Only members with a confirmed email address can vote."))
    check_can_write(by, "vote")
    if post.is_deleted:
        raise ValidationError(_("You cannot vote on a deleted post."), code="deleted")
    return _apply_vote(post=post, by=by, value=value)


def _lock_votes_of(user_id: int, post) -> None:
    """Serialise one person's votes on one post (a double click, two tabs) for this transaction.

    An advisory lock, unlike a row lock, also covers the moment when no vote row exists yet, and
    leaves other people's votes on the same post running in parallel.
    """
    key = hashlib.blake2b(f"vote:{type(post).__name__}:{post.pk}:{user_id}".encode(), digest_size=8).digest()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [int.from_bytes(key, "big", signed=True)])


@transaction.atomic
def _apply_vote(*, post, by: User, value: int) -> int:
    question_id = post.question_id if isinstance(post, Answer) else post.pk
    answer_id = post.pk if isinstance(post, Answer) else None
    _lock_votes_of(by.pk, post)
    existing = Vote.objects.filter(user=by, **_post_filter(post)).first()
    score = None
    if (existing.value if existing is not None else 0) == value:
        return type(post).objects.values_list("score", flat=True).get(pk=post.pk)  # a double click
    # Lists show a question's score, not an answer's.
    fragments.thread_changed(question_id, lists=answer_id is None)
    if existing is not None:
        existing.delete()
        score = _change_score(post, -existing.value)
        events.publish(
            events.VoteRetracted(
                question_id=question_id,
                answer_id=answer_id,
                voter_id=by.pk,
                post_author_id=post.author_id,
                value=existing.value,
                cast_event_id=existing.cast_event_id,
                score=score,
            )
        )
    if value == 0:
        return score if score is not None else type(post).objects.values_list("score", flat=True).get(pk=post.pk)
    event_id = uuid.uuid4()
    Vote.objects.create(user=by, value=value, cast_event_id=event_id, **_post_filter(post))
    score = _change_score(post, value)
    events.publish(
        events.VoteCast(
            event_id=event_id,
            question_id=question_id,
            answer_id=answer_id,
            voter_id=by.pk,
            post_author_id=post.author_id,
            value=value,
            score=score,
        )
    )
    return score
