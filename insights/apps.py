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
        from community import demo, events, staff

        from . import (
            demo_watch,
            permissions,  # noqa: F401  (registers the rules)
            tasks,
            watch_tasks,
        )

        watch_tasks.connect()  # every new or changed post is matched against the watch lists
        demo.register(demo_watch.seed)
        staff.register(
            staff.StaffPage(
                code="insights",
                label=_("Insights"),
                url_name="insights:dashboard",
                permission="insights.view_dashboard",
                order=80,
            )
        )
        staff.register(
            staff.StaffPage("watch_lists", _("Watch lists"), "insights:watch", "insights.view_watch_lists", order=81)
        )
        staff.register(staff.StaffPage("trends", _("Trends"), "insights:trends", "insights.view_trends", order=82))
        # Every post gets a mood score; its row follows the post's visibility.
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
