"""Which Celery queue each task goes to, so that one kind of work cannot starve another.

    default   reactions to events (points, notification fan-out, mood, webhooks), the sweeps, views
    mail      mails: notification emails and digests
    search    the knowledge base's search index
    nightly   long, re-derivable work: nightly runs, rollups, imports' follow-ups, data exports, tidying

A digest run or an import's scoring that takes minutes waits in its own queue, so a reply's email and
an accepted answer's article still go out within seconds. Production runs workers per queue
(`celery worker -Q mail`, ...); one worker may listen on several (`make run`'s listens on all of them).

Redis hands a message that was delivered but not acknowledged back to the queue after
VISIBILITY_TIMEOUT: that is how a SIGKILLed worker's task runs again within a minute. A task still
running then would run twice at once, so the tasks that may run longer are acknowledged when they
start (`EARLY_ACK`); what a killed run of theirs leaves undone is done again by what runs them anyway:
the next scheduled run re-derives it from the data (nightly ranking, rollups, tidying), pending rows
are sent by the next run (digests) or by the hand-off sweep (imports' follow-ups, exports).

This module imports nothing from Django: settings and the local supervisor read it.
"""

DEFAULT, MAIL, SEARCH, NIGHTLY = "default", "mail", "search", "nightly"
QUEUES = (DEFAULT, MAIL, SEARCH, NIGHTLY)

# Seconds before Redis hands an unacknowledged message to a worker again, and how often the workers look.
VISIBILITY_TIMEOUT = 30
RESTORE_EVERY = 5

ROUTES = {
    "notifications.tasks.send_emails": MAIL,
    "notifications.tasks.send_digests": MAIL,
    "forum.tasks.sync_article": SEARCH,
    "superusers.tasks.nightly": NIGHTLY,
    "superusers.tasks.rank_after_import": NIGHTLY,
    "insights.tasks.roll_up_yesterday": NIGHTLY,
    "insights.tasks.roll_up_today": NIGHTLY,
    "insights.tasks.score_imported": NIGHTLY,
    "moderation.tasks.tidy": NIGHTLY,
    "community.tasks.clear_expired_sessions": NIGHTLY,
    "community.accounts.tasks.build_data_export": NIGHTLY,
    "community.accounts.tasks.forget_expired_exports": NIGHTLY,
}

# May run longer than VISIBILITY_TIMEOUT: acknowledged on receipt (see above).
EARLY_ACK = sorted({name for name, queue in ROUTES.items() if queue == NIGHTLY} | {"notifications.tasks.send_digests"})


def celery_settings(visibility_timeout: int = VISIBILITY_TIMEOUT) -> dict:
    """The CELERY_* settings of the queues, routes and acknowledgement (settings.py takes them as they are)."""
    from kombu import Queue

    return {
        # Late acknowledgement, one message at a time, JSON only: a killed worker's task is delivered again.
        "CELERY_TASK_IGNORE_RESULT": True,
        "CELERY_TASK_ACKS_LATE": True,
        "CELERY_TASK_REJECT_ON_WORKER_LOST": True,
        "CELERY_WORKER_PREFETCH_MULTIPLIER": 1,
        "CELERY_TASK_SERIALIZER": "json",
        "CELERY_ACCEPT_CONTENT": ["json"],
        "CELERY_TIMEZONE": "UTC",
        "CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP": True,
        "CELERY_TASK_QUEUES": [Queue(name, routing_key=name) for name in QUEUES],
        "CELERY_TASK_DEFAULT_QUEUE": DEFAULT,
        "CELERY_TASK_ROUTES": {name: {"queue": queue, "routing_key": queue} for name, queue in ROUTES.items()},
        "CELERY_TASK_ANNOTATIONS": {name: {"acks_late": False} for name in EARLY_ACK},
        "CELERY_BROKER_TRANSPORT_OPTIONS": {
            "visibility_timeout": visibility_timeout,
            # kombu looks for overdue messages every 10 s and scans on every 10th look by default: 100 s.
            "unacked_restore_interval": RESTORE_EVERY,
            "unacked_restore_throttle": 1,
        },
    }


def beat_schedule(*, notifications_sweep_every: float, handoffs_sweep_every: float) -> dict:
    """What Celery beat starts, and when (CELERY_BEAT_SCHEDULE); the sweeps' pace comes from the environment."""
    from celery.schedules import crontab

    return {
        "clear-expired-sessions": {"task": "community.tasks.clear_expired_sessions", "schedule": 6 * 3600},
        "notifications-sweep": {"task": "notifications.tasks.sweep", "schedule": notifications_sweep_every},
        "handoffs-sweep": {"task": "community.tasks.sweep_handoffs", "schedule": handoffs_sweep_every},
        "superusers-nightly": {"task": "superusers.tasks.nightly", "schedule": crontab(hour=2, minute=30)},
        "accounts-forget-expired-exports": {
            "task": "community.accounts.tasks.forget_expired_exports",
            "schedule": 3600,
        },
        "moderation-tidy": {"task": "moderation.tasks.tidy", "schedule": crontab(hour=3, minute=15)},
        "notifications-daily-digest": {
            "task": "notifications.tasks.send_digests",
            "schedule": crontab(hour=6, minute=0),
            "kwargs": {"frequency": "daily"},
        },
        "notifications-weekly-digest": {
            "task": "notifications.tasks.send_digests",
            "schedule": crontab(hour=6, minute=30, day_of_week="monday"),
            "kwargs": {"frequency": "weekly"},
        },
        "helpdesk-sweep-outbound": {"task": "helpdesk.tasks.sweep_outbound", "schedule": 60.0},
        "helpdesk-route-questions": {"task": "helpdesk.tasks.route_questions", "schedule": 60},
        "insights-roll-up-yesterday": {
            "task": "insights.tasks.roll_up_yesterday",
            "schedule": crontab(hour=0, minute=20),
        },
        "insights-roll-up-today": {"task": "insights.tasks.roll_up_today", "schedule": 15 * 60},
    }
