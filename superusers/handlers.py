"""superusers listens to the forum and the idea board; neither knows it exists."""

from community import events

from .models import PendingEvent
from .services.ledger_events import APPLY


def record_and_apply(event: events.Event) -> None:
    """A row first (the sweep finishes what a killed worker left), then the task: the vote request waits
    for neither the points nor the badge checks."""
    from .tasks import apply_event

    _, created = PendingEvent.objects.get_or_create(
        event_id=event.event_id, defaults={"event_type": type(event).__name__, "payload": event.as_task_kwargs()}
    )
    if created:
        apply_event.delay(event_id=str(event.event_id))


def rank_after_import(event: events.ContentImported) -> None:
    """Imported history changes who helped most: the candidate list follows without waiting for the night."""
    from .tasks import rank_candidates

    rank_candidates.delay()


def connect() -> None:
    for name in APPLY:
        events.subscribe(getattr(events, name), record_and_apply)
    events.subscribe(events.ContentImported, rank_after_import)
