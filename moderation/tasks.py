"""Moderation's Celery tasks: thin, calling the modules that do the work."""

from celery import shared_task

from . import limits, spam, suspensions


@shared_task
def tidy() -> dict:
    """Daily: close ended suspensions, forget counted writes and links older than any check looks at.

    Nothing depends on it for correctness: an ended suspension is out of force when its end passes.
    """
    return {
        "restrictions_closed": suspensions.close_ended(),
        "counted_writes_deleted": limits.forget_old_writes(),
        "links_deleted": spam.forget_old_links(),
    }
