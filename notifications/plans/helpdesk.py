"""The helpdesk's news: agents hear that a thread they linked to a ticket was answered; super users that
an unanswered question of their topic waits for them.

Plans run in the worker (the fan-out); reads cross into the helpdesk and the forum, writes stay here.
"""


def connect() -> None:
    pass
