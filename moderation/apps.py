from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    """Keeps the community healthy: flags and the review queue, suspensions, rate limits and spam defence."""

    name = "moderation"
    label = "moderation"
    verbose_name = _("Moderation")

    def ready(self) -> None:
        from community import events, fragments, staff
        from community.accounts import permissions as account_permissions
        from community.accounts import profile
        from forum import checks as forum_checks
        from forum import panels as forum_panels

        from . import (
            audit_log,
            checks,
            holds,
            panels,
            permissions,  # noqa: F401  (registers the rules)
            privacy,
            spam,
            suspensions,
            views_suspensions,
        )

        fragments.read_on_every_page(suspensions.keys_read)
        account_permissions.register_restriction_lookup(suspensions.kind_in_force, suspensions.message_in_force)
        for check in checks.WRITE_CHECKS:
            forum_checks.register(check)
        for hold in checks.HOLD_CHECKS:
            forum_checks.register_hold(hold)
        events.subscribe(events.QuestionAsked, spam.on_question_asked)
        events.subscribe(events.AnswerPosted, spam.on_answer_posted)
        events.subscribe(events.ReplyPosted, spam.on_reply_posted)
        forum_checks.register_hold(holds.first_posts)
        forum_panels.register_panel("post_links", panels.flag_link)
        forum_panels.register_panel("idea_actions", panels.flag_link)
        staff.register(panels.REVIEW_QUEUE)
        privacy.connect()
        profile.register_section(views_suspensions.profile_section)
        staff.register(audit_log.AUDIT_LOG)
        audit_log.register_actions()
