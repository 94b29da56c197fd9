"""superusers listens to the forum and the idea board; neither knows it exists.

Points and badges are work for the worker, handed off durably with each event (community/handoffs.py):
the vote request waits for neither.
"""

from community import events

from . import tasks
from .services.ledger_events import APPLY


def connect() -> None:
    for event_type in APPLY:
        events.subscribe_task(event_type, tasks.apply_event)
    # Imported history changes who helped most: the candidate list follows without waiting for the night.
    events.subscribe_task(events.ContentImported, tasks.rank_after_import)
