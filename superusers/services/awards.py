"""Awarding badges: ask the rules, insert what is new, tell the holders."""

from django.db import transaction

from community import events

from ..badges import BADGES
from ..models import BadgeAward


@transaction.atomic
def award_badges(*, user_id: int, codes=None) -> list[BadgeAward]:
    """Check these badges (all by default) for one person and award what they earned and lack."""
    held = set(BadgeAward.objects.filter(user_id=user_id).values_list("badge", "key"))
    fresh = []
    for badge in (BADGES[c] for c in (codes or BADGES)):
        for key in badge.rule(user_id):
            if (badge.code, key) not in held:
                fresh.append(BadgeAward(user_id=user_id, badge=badge.code, key=key))
    if not fresh:
        return []
    BadgeAward.objects.bulk_create(fresh, ignore_conflicts=True)
    # Only what this call added (a parallel check may have added the same): read back by key.
    made = list(
        BadgeAward.objects.filter(user_id=user_id, badge__in={a.badge for a in fresh}, key__in={a.key for a in fresh})
    )
    created = [a for a in made if (a.badge, a.key) not in held]
    for award in created:
        events.publish(events.BadgeAwarded(user_id=user_id, badge=award.badge, award_id=award.pk))
    return created
