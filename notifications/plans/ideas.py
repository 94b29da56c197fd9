"""The idea board's news: its kinds, what of it can be followed, and who hears of each of its events.

Plans run in the worker (the fan-out); reads cross into the idea board (allowed), writes stay in this app.
"""

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from community import events
from community.accounts.models import User
from ideas.models import Idea, IdeaComment, IdeaVote, StatusChange

from .. import followables, kinds
from ..models import Subscription
from ..services import News
from . import Plan, register

STATUS_KIND = "idea_status"
COMMENT_KIND = "idea_comment"


def _status_label(code) -> str:
    return str(Idea.Status(code).label) if code in Idea.Status.values else ""


def describe_status(count: int, params: dict) -> str:
    """The notification line for status changes, official responses and merges, in the active language."""
    values = {"title": params["title"], "count": count, "status": _status_label(params.get("status"))}
    if count > 1:
        return ngettext("%(count)d update on “%(title)s”", "%(count)d updates on “%(title)s”", count) % values
    if params.get("change") == "merged":
        values["into"] = params.get("into", "")
        return str(_("“%(title)s” was merged into “%(into)s”; votes count there now")) % values
    if params.get("changed") and params.get("responded"):
        return str(_("“%(title)s” is now %(status)s, with an official response")) % values
    if params.get("responded"):
        return str(_("The team responded to “%(title)s”")) % values
    return str(_("“%(title)s” is now %(status)s")) % values


def describe_comment(count: int, params: dict) -> str:
    values = {"title": params["title"], "count": count, "actor": params.get("actor", "")}
    if params.get("reply"):
        return (
            ngettext("%(actor)s replied to you on “%(title)s”", "%(count)d new replies to you on “%(title)s”", count)
            % values
        )
    return ngettext("%(actor)s commented on “%(title)s”", "%(count)d new comments on “%(title)s”", count) % values


# Who hears


def _actor_name(user_id: int | None) -> str:
    if not user_id:
        return ""
    return User.objects.filter(pk=user_id).values_list("display_name", flat=True).first() or ""


def audience(idea_ids) -> list[int]:
    """Authors, voters and followers of these ideas, without those who unfollowed, active people only."""
    idea_ids = list(idea_ids)
    people = set(Idea.objects.filter(pk__in=idea_ids).values_list("author_id", flat=True))
    people |= set(IdeaVote.objects.filter(idea_id__in=idea_ids).values_list("user_id", flat=True))
    subscriptions = Subscription.objects.filter(
        content_type=ContentType.objects.get_for_model(Idea), object_id__in=idea_ids
    ).values_list("user_id", "active")
    unfollowed = set()
    for user_id, active in subscriptions:
        (people if active else unfollowed).add(user_id)
    people -= unfollowed
    return list(User.objects.filter(pk__in=people, is_active=True).values_list("pk", flat=True))


def status_changed(event: events.IdeaStatusChanged) -> Plan:
    idea = Idea.objects.filter(pk=event.idea_id).only("id", "title").first()
    if idea is None:
        return []
    response = ""
    if event.response_id:
        response = StatusChange.objects.filter(pk=event.response_id).values_list("response", flat=True).first()
    anchor = f"#change-{event.response_id}" if event.response_id else "#history"
    news = News(
        key=str(event.event_id),
        kind=STATUS_KIND,
        title=idea.title,
        url=f"{idea.get_absolute_url()}{anchor}",
        group_key=f"idea:{idea.pk}:status",
        actor_id=event.by_user_id,
        params={
            "status": event.new_status,
            "changed": event.old_status != event.new_status,
            "responded": bool(event.response_id),
            "actor": _actor_name(event.by_user_id),
        },
        excerpt=(response or "")[:300],
    )
    return [(news, audience([idea.pk]))]


def merged(event: events.IdeaMerged) -> Plan:
    ideas = {i.pk: i for i in Idea.objects.filter(pk__in=[event.idea_id, event.into_id]).only("id", "title")}
    duplicate, target = ideas.get(event.idea_id), ideas.get(event.into_id)
    if duplicate is None or target is None:
        return []
    news = News(
        key=str(event.event_id),
        kind=STATUS_KIND,
        title=duplicate.title,
        url=target.get_absolute_url(),
        group_key=f"idea:{duplicate.pk}:merged",
        actor_id=event.by_user_id,
        params={"change": "merged", "into": target.title, "actor": _actor_name(event.by_user_id)},
    )
    # After the merge the target's voters are the voters of both.
    return [(news, audience([duplicate.pk, target.pk]))]


def commented(event: events.IdeaCommented) -> Plan:
    comment = (
        IdeaComment.objects.filter(pk=event.comment_id, deleted_at__isnull=True)
        .select_related("idea")
        .only("id", "body", "idea__id", "idea__title")
        .first()
    )
    if comment is None:
        return []
    idea = comment.idea
    actor = _actor_name(event.author_id)

    def news(reply: bool) -> News:
        return News(
            key=str(event.event_id),
            kind=COMMENT_KIND,
            title=idea.title,
            url=f"{idea.get_absolute_url()}#comment-{comment.pk}",
            group_key=f"idea:{idea.pk}:{'replies' if reply else 'comments'}",
            actor_id=event.author_id,
            params={"actor": actor, "reply": reply},
            excerpt=comment.body[:300],
        )

    parent_author = event.parent_author_id
    result = []
    if parent_author:
        result.append((news(True), [parent_author]))
    if event.idea_author_id != parent_author:
        result.append((news(False), [event.idea_author_id]))
    return result


def connect() -> None:
    kinds.register(
        kinds.Kind(STATUS_KIND, _("Status changes and official responses on ideas I follow"), describe_status)
    )
    kinds.register(kinds.Kind(COMMENT_KIND, _("Comments on my ideas and replies to my comments"), describe_comment))
    followables.register(followables.Followable("idea", Idea, lambda user, idea: True))
    register(events.IdeaStatusChanged, status_changed)
    register(events.IdeaMerged, merged)
    register(events.IdeaCommented, commented)
