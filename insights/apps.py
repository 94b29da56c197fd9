from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    """What managers look at: response times, solved and deflection rates, mood, trends and watch lists.

    It listens to the other apps' events and reads their tables; nothing it computes changes what it measures.
    """

    name = "insights"
    label = "insights"
    verbose_name = _("Insights")

    def ready(self) -> None:
        from community import events

        from . import tasks

        for event_type in (events.QuestionAsked, events.AnswerPosted, events.ReplyPosted, events.PostEdited):
            events.subscribe_task(event_type, tasks.score_mood)
        for event_type in (
            events.PostDeleted,
            events.PostRestored,
            events.PostHeld,
            events.PostHidden,
            events.PostApproved,
            events.QuestionStateChanged,
        ):
            events.subscribe_task(event_type, tasks.follow_mood)
        events.subscribe_task(events.ContentImported, tasks.score_imported)
