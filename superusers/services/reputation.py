"""The reputation ledger: credit an event's points once, take back exactly what an undo names."""

import uuid

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone

from community import events
from community.fragments import people_changed

from ..models import DEFAULT_POINTS, VOTE_CODES, PointRule, Rank, ReputationEntry, Standing


def points_for(code: str) -> int:
    rule = PointRule.objects.filter(code=code).values_list("points", flat=True).first()
    return rule if rule is not None else DEFAULT_POINTS[PointRule.Code(code)]


def derived_event_id(*parts) -> uuid.UUID:
    """A stable id for a fact that must count once however often it happens ("idea 7 was planned")."""
    return uuid.uuid5(uuid.NAMESPACE_URL, "peerdesk:" + ":".join(map(str, parts)))


def _standing(user_id: int) -> Standing:
    Standing.objects.get_or_create(user_id=user_id)
    return Standing.objects.select_for_update().get(user_id=user_id)


def _vote_points_today(user_id: int) -> int:
    start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    total = ReputationEntry.objects.filter(
        user_id=user_id, reason__in=list(VOTE_CODES), created_at__gte=start
    ).aggregate(total=Sum("points"))["total"]
    return total or 0


def _apply(standing: Standing, points: int) -> None:
    Standing.objects.filter(pk=standing.pk).update(reputation=F("reputation") + points, updated_at=timezone.now())
    standing.refresh_from_db(fields=["reputation", "rank"])
    rank = Rank.objects.filter(threshold__lte=max(standing.reputation, 0)).order_by("-threshold").first()
    if rank != standing.rank:
        risen = rank is not None and (standing.rank is None or rank.threshold > standing.rank.threshold)
        Standing.objects.filter(pk=standing.pk).update(rank=rank)
        people_changed()  # the rank shows beside the person's posts
        if risen:
            events.publish(events.RankReached(user_id=standing.pk, rank=rank.name_en or rank.name))


@transaction.atomic
def credit_reputation(
    *,
    user_id: int,
    code: str,
    event_id: uuid.UUID,
    question_id=None,
    answer_id=None,
    idea_id=None,
    category_id=None,
) -> ReputationEntry | None:
    """Add an event's points to a person's ledger; the same event twice adds nothing, so callers may retry.

    Points from votes count up to REPUTATION_DAILY_VOTE_CAP a day: past it, the row is still written
    (it shows what happened) with the points that were left, so a vote ring earns nothing more.
    """
    if ReputationEntry.objects.filter(event_id=event_id, user_id=user_id).exists():
        return None
    standing = _standing(user_id)  # locked: one person's credits are counted one after the other
    points, capped = points_for(code), False
    if code in VOTE_CODES and points > 0:
        left = max(0, settings.REPUTATION_DAILY_VOTE_CAP - _vote_points_today(user_id))
        if points > left:
            points, capped = left, True
    try:
        with transaction.atomic():
            entry = ReputationEntry.objects.create(
                user_id=user_id,
                points=points,
                reason=code,
                event_id=event_id,
                question_id=question_id,
                answer_id=answer_id,
                idea_id=idea_id,
                category_id=category_id,
                capped=capped,
            )
    except IntegrityError:
        return None  # the same event, credited by a parallel run
    _apply(standing, points)
    return entry


@transaction.atomic
def reverse_reputation(*, user_id: int, original_event_id: uuid.UUID, event_id: uuid.UUID) -> ReputationEntry | None:
    """Take back exactly the points the original event gave this person (nothing if it gave none)."""
    original = ReputationEntry.objects.filter(event_id=original_event_id, user_id=user_id).first()
    if original is None or ReputationEntry.objects.filter(reverses=original).exists():
        return None
    standing = _standing(user_id)
    try:
        with transaction.atomic():
            entry = ReputationEntry.objects.create(
                user_id=user_id,
                points=-original.points,
                reason=original.reason,
                event_id=event_id,
                question_id=original.question_id,
                answer_id=original.answer_id,
                idea_id=original.idea_id,
                category_id=original.category_id,
                reverses=original,
            )
    except IntegrityError:
        return None
    _apply(standing, entry.points)
    return entry


def recompute(*, fix: bool = False) -> list[tuple[int, int, int]]:
    """People whose stored total differs from their ledger: (user id, stored, ledger); fixed on request."""
    ledger = dict(ReputationEntry.objects.values("user").annotate(total=Sum("points")).values_list("user", "total"))
    stored = dict(Standing.objects.values_list("user_id", "reputation"))
    drift = [
        (user_id, stored.get(user_id, 0), ledger.get(user_id, 0))
        for user_id in set(ledger) | set(stored)
        if stored.get(user_id, 0) != ledger.get(user_id, 0)
    ]
    if fix:
        for user_id, _, total in drift:
            with transaction.atomic():
                standing = _standing(user_id)
                _apply(standing, total - standing.reputation)
    return sorted(drift)
