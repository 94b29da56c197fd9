"""How the idea board reacts to its own events: the cached renderings they change are dropped."""

from community import events

from . import fragments

IDEA_EVENTS = (
    events.IdeaPosted,
    events.IdeaVoted,
    events.IdeaVoteWithdrawn,
    events.IdeaStatusChanged,
    events.IdeaCommented,
    events.IdeaMerged,
)


def forget_lists(event) -> None:
    fragments.lists_changed()


def forget_panels(event) -> None:
    """Thread panels show vote counts; statuses, links and merges forget them in their services."""
    fragments.forget_thread_panels(idea_ids=[event.idea_id])


def connect() -> None:
    for event_type in IDEA_EVENTS:
        events.subscribe(event_type, forget_lists)
    events.subscribe(events.IdeaVoted, forget_panels)
    events.subscribe(events.IdeaVoteWithdrawn, forget_panels)
