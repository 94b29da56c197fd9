"""Domain events: how the apps tell each other what happened without importing each other.

A service publishes a fact inside its transaction. Handlers that other apps subscribed in their
`ready()` run once it commits, never after a rollback; Celery tasks subscribed with `subscribe_task`
are handed off durably (community/handoffs.py: a row in the publishing transaction, the message
after the commit). An event is a frozen dataclass of ids and plain values. It crosses to Celery as
`(type(event).__name__, event.as_task_kwargs())` and comes back as the same dataclass with `rebuild`:
every consumer reads typed attributes, never a dict by key, so a renamed field fails loudly.
Each app's events are declared here, where every app can see them, grouped by the app that
publishes them.
"""

from .accounts import (
    MemberJoined,
    RolesChanged,
)
from .bus import (
    Event,
    event_types,
    publish,
    rebuild,
    subscribe,
    subscribe_task,
    subscriptions,
    unsubscribe,
    unsubscribe_task,
)
from .forum import (
    AnswerAccepted,
    AnswerPosted,
    AnswerUnaccepted,
    ContentImported,
    InstantAnswerConfirmed,
    InstantAnswerDeclined,
    InstantAnswerPosted,
    PostDeleted,
    PostEdited,
    PostedOnBehalf,
    QuestionAsked,
    QuestionClosed,
    QuestionMarkedDuplicate,
    QuestionReopened,
    QuestionStateChanged,
    ReplyPosted,
    UserMentioned,
    VoteCast,
    VoteRetracted,
)
from .helpdesk import (
    LinkedThreadAnswered,
    QuestionOffered,
    QuestionQueued,
    ThreadEscalated,
    TicketLinked,
    TicketStatusChanged,
    TicketUnlinked,
)
from .ideas import (
    IdeaCommented,
    IdeaMerged,
    IdeaPosted,
    IdeaStatusChanged,
    IdeaVoted,
    IdeaVoteWithdrawn,
)
from .insights import (
    WatchListMatched,
)
from .moderation import (
    AuthorWarned,
    FlagUpheld,
    MemberRestricted,
    PostApproved,
    PostFlagged,
    PostHeld,
    PostHidden,
    PostRestored,
    RestrictionLifted,
    ReviewAsked,
)
from .superusers import (
    BadgeAwarded,
    RankReached,
    SuperUserDemoted,
    SuperUserPromoted,
)

__all__ = [
    "AnswerAccepted",
    "AnswerPosted",
    "AnswerUnaccepted",
    "AuthorWarned",
    "BadgeAwarded",
    "ContentImported",
    "Event",
    "FlagUpheld",
    "IdeaCommented",
    "IdeaMerged",
    "IdeaPosted",
    "IdeaStatusChanged",
    "IdeaVoteWithdrawn",
    "IdeaVoted",
    "InstantAnswerConfirmed",
    "InstantAnswerDeclined",
    "InstantAnswerPosted",
    "LinkedThreadAnswered",
    "MemberJoined",
    "MemberRestricted",
    "PostApproved",
    "PostDeleted",
    "PostEdited",
    "PostFlagged",
    "PostHeld",
    "PostHidden",
    "PostRestored",
    "PostedOnBehalf",
    "QuestionAsked",
    "QuestionClosed",
    "QuestionMarkedDuplicate",
    "QuestionOffered",
    "QuestionQueued",
    "QuestionReopened",
    "QuestionStateChanged",
    "RankReached",
    "ReplyPosted",
    "RestrictionLifted",
    "ReviewAsked",
    "RolesChanged",
    "SuperUserDemoted",
    "SuperUserPromoted",
    "ThreadEscalated",
    "TicketLinked",
    "TicketStatusChanged",
    "TicketUnlinked",
    "UserMentioned",
    "VoteCast",
    "VoteRetracted",
    "WatchListMatched",
    "event_types",
    "publish",
    "rebuild",
    "subscribe",
    "subscribe_task",
    "subscriptions",
    "unsubscribe",
    "unsubscribe_task",
]
