from forum.selectors import audiences

from .models import Flag


def _open_for(user):
    """Open flags this person decides on: on posts they may see, not on their own."""
    return Flag.objects.filter(status=Flag.Status.OPEN, question__category__audience__in=audiences(user)).exclude(
        author=user
    )


def open_flags(user) -> list[Flag]:
    """Flags waiting for a decision, oldest first, on posts this person may see (one query)."""
    return list(
        _open_for(user).select_related("question", "answer", "reply", "reporter", "author").order_by("created_at")[:200]
    )


def open_flag_count(user) -> int:
    """How many flags wait for this person in the review queue (the staff menu's count; one query)."""
    return _open_for(user).count()


def flag_or_none(pk: int) -> Flag | None:
    """A flag with the post it is about, for the person deciding on it; None when there is none."""
    return Flag.objects.filter(pk=pk).select_related("question", "answer", "reply").first()
