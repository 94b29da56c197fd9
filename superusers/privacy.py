"""What reputation keeps about a person, for their data export, and what erasing them does here.

Registered in community.privacy from SuperusersConfig.ready(). The ledger lines stay with the erased
person's pseudonymous row: they name no one, and the totals of every period and category stay right.
What was measured about them for the super-user program goes.
"""

from community import privacy

from .badges import BADGES
from .models import BadgeAward, Candidate, PointRule, ReputationEntry


def reputation(user) -> list[dict]:
    """The person's reputation ledger: every change of their points, and why."""
    rows = ReputationEntry.objects.filter(user=user).order_by("created_at", "pk")
    return [
        {
            "points": entry.points,
            "reason": entry.reason,
            "reason_text": str(PointRule.Code(entry.reason).label) if entry.reason in PointRule.Code.values else "",
            "question_id": entry.question_id,
            "answer_id": entry.answer_id,
            "idea_id": entry.idea_id,
            "capped": entry.capped,
            "created_at": entry.created_at,
        }
        for entry in rows
    ]


def badges(user) -> list[dict]:
    rows = BadgeAward.objects.filter(user=user).order_by("awarded_at", "pk")
    return [
        {
            "badge": award.badge,
            "name": str(BADGES[award.badge].name) if award.badge in BADGES else award.badge,
            "for": award.key,
            "awarded_at": award.awarded_at,
        }
        for award in rows
    ]


def erase(user, remove_posts: bool) -> None:
    Candidate.objects.filter(user=user).delete()


def connect() -> None:
    privacy.register_exporter("reputation", reputation)
    privacy.register_exporter("badges", badges)
    privacy.register_eraser("superusers", erase)
