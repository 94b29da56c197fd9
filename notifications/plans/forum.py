"""The forum's news: its kinds, what of it can be followed, and who hears of each of its events.

Plans run in the worker (the fan-out); reads cross into the forum (allowed), writes stay in this app.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from taggit.models import Tag

from community import events
from community.accounts.models import Role, User
from forum.models import Answer, Category, Question, Reply

from .. import followables, kinds
from ..services import News
from . import Plan, followers, register

VOTE_MILESTONES = (5, 10, 25, 50, 100, 250, 500, 1000)


def who_can_see(category: Category, user_ids) -> list[int]:
    """Of these people, those allowed to read the category (and still active)."""
    people = User.objects.filter(pk__in=list(user_ids), is_active=True)
    if category.audience == Category.Audience.SUPER_USERS:
        people = people.filter(groups__name__in=[Role.SUPER_USER, Role.MODERATOR, Role.ADMIN])
    elif category.audience == Category.Audience.STAFF:
        people = people.filter(groups__name__in=[Role.AGENT, Role.MODERATOR, Role.ADMIN])
    return list(people.values_list("pk", flat=True).distinct())


def _question(question_id: int) -> Question | None:
    question = Question.objects.select_related("category").filter(pk=question_id, deleted_at__isnull=True).first()
    return question


def _names(category: Category) -> dict[str, str]:
    """The category's name in each language, so each reader gets it in theirs."""
    return {"en": category.name_en or category.name, "de": category.name_de or category.name_en or category.name}


def _actor_name(user_id: int | None) -> str:
    if not user_id:
        return ""
    return User.objects.filter(pk=user_id).values_list("display_name", flat=True).first() or ""


def answer_posted(event: events.AnswerPosted) -> Plan:
    question = _question(event.question_id)
    answer = Answer.objects.filter(pk=event.answer_id, deleted_at__isnull=True).first()
    if question is None or answer is None:
        return []
    recipients = who_can_see(question.category, followers(Question, [question.pk]))
    news = News(
        key=str(event.event_id),
        kind="new_answer",
        title=question.title,
        url=f"{question.get_absolute_url()}#answer-{answer.pk}",
        group_key=f"question:{question.pk}:answers",
        actor_id=event.author_id,
        params={"actor": _actor_name(event.author_id)},
        excerpt=answer.body[:300],
    )
    return [(news, recipients)]


def reply_posted(event: events.ReplyPosted) -> Plan:
    question = _question(event.question_id)
    reply = Reply.objects.filter(pk=event.reply_id, deleted_at__isnull=True).first()
    if question is None or reply is None:
        return []
    recipients = who_can_see(question.category, {event.post_author_id, event.parent_author_id} - {None})
    news = News(
        key=str(event.event_id),
        kind="reply",
        title=question.title,
        url=f"{question.get_absolute_url()}#reply-{reply.pk}",
        group_key=f"question:{question.pk}:replies",
        actor_id=event.author_id,
        params={"actor": _actor_name(event.author_id)},
        excerpt=reply.body[:300],
    )
    return [(news, recipients)]


def answer_accepted(event: events.AnswerAccepted) -> Plan:
    question = _question(event.question_id)
    if question is None or event.answer_author_id == event.by_user_id:
        return []
    news = News(
        key=str(event.event_id),
        kind="accepted",
        title=question.title,
        url=f"{question.get_absolute_url()}#answer-{event.answer_id}",
        group_key=f"question:{question.pk}:accepted",
        actor_id=event.by_user_id,
        params={"actor": _actor_name(event.by_user_id)},
    )
    return [(news, who_can_see(question.category, [event.answer_author_id]))]


def user_mentioned(event: events.UserMentioned) -> Plan:
    question = _question(event.question_id)
    if question is None:
        return []
    # A mention in a post that left view (held, hidden, deleted) before the fan-out ran is not told of.
    if event.reply_id and not Reply.objects.filter(pk=event.reply_id, deleted_at__isnull=True).exists():
        return []
    if event.answer_id and not Answer.objects.filter(pk=event.answer_id, deleted_at__isnull=True).exists():
        return []
    anchor = f"#reply-{event.reply_id}" if event.reply_id else f"#answer-{event.answer_id}" if event.answer_id else ""
    news = News(
        key=str(event.event_id),
        kind="mention",
        title=question.title,
        url=f"{question.get_absolute_url()}{anchor}",
        group_key=f"question:{question.pk}:mentions",
        actor_id=event.by_user_id,
        params={"actor": _actor_name(event.by_user_id)},
    )
    return [(news, who_can_see(question.category, [event.mentioned_user_id]))]


def question_asked(event: events.QuestionAsked) -> Plan:
    question = _question(event.question_id)
    if question is None:
        return []
    tag_ids = list(question.tags.values_list("pk", flat=True))
    interested = followers(Category, [question.category_id]) | followers(Tag, tag_ids)
    news = News(
        key=str(event.event_id),
        kind="new_question",
        title=question.title,
        url=question.get_absolute_url(),
        group_key=f"category:{question.category_id}:questions",
        actor_id=event.author_id,
        params={"actor": _actor_name(event.author_id), "category": _names(question.category)},
        excerpt=question.excerpt,
    )
    return [(news, who_can_see(question.category, interested))]


def vote_milestone(event: events.VoteCast) -> Plan:
    if event.value != 1 or event.score not in VOTE_MILESTONES:
        return []
    question = _question(event.question_id)
    if question is None:
        return []
    post = f"answer:{event.answer_id}" if event.answer_id else f"question:{question.pk}"
    anchor = f"#answer-{event.answer_id}" if event.answer_id else ""
    news = News(
        # Keyed by post and milestone, not by vote: reaching 10 twice (down, then up again) tells once.
        key=f"milestone:{post}:{event.score}",
        kind="vote_milestone",
        title=question.title,
        url=f"{question.get_absolute_url()}{anchor}",
        group_key=f"milestone:{post}",
        params={"votes": event.score},
    )
    return [(news, who_can_see(question.category, [event.post_author_id]))]


def posted_on_behalf(event: events.PostedOnBehalf) -> Plan:
    """The customer hears that an agent posted a question or an answer for them, with its link."""
    question = _question(event.question_id)
    if question is None:
        return []
    anchor = ""
    if event.answer_id:
        if not Answer.objects.filter(pk=event.answer_id, deleted_at__isnull=True).exists():
            return []
        anchor = f"#answer-{event.answer_id}"
    news = News(
        key=str(event.event_id),
        kind="posted_for_you",
        title=question.title,
        url=f"{question.get_absolute_url()}{anchor}",
        group_key=f"posted_for_you:{event.answer_id or question.pk}:{'answer' if event.answer_id else 'question'}",
        actor_id=event.by_user_id,
        params={"actor": _actor_name(event.by_user_id), "answer": bool(event.answer_id)},
    )
    return [(news, who_can_see(question.category, [event.author_id]))]


def instant_answer_posted(event: events.InstantAnswerPosted) -> Plan:
    """The asker hears that an automatic reply may already answer their question (and asks them Yes or No)."""
    question = _question(event.question_id)
    if question is None:
        return []
    news = News(
        key=str(event.event_id),
        kind="instant_answer",
        title=question.title,
        url=f"{question.get_absolute_url()}#instant-answer",
        group_key=f"question:{question.pk}:instant",
        params={"links": event.links},
    )
    return [(news, who_can_see(question.category, [event.asker_id]))]


def _describe_posted_for_you(n: int, p: dict) -> str:
    values = {"actor": p.get("actor", ""), "title": p["title"]}
    if p.get("answer"):
        return _("%(actor)s posted your answer on “%(title)s” for you") % values
    return _("%(actor)s posted your question “%(title)s” for you") % values


def _kinds() -> list[kinds.Kind]:
    return [
        kinds.Kind(
            "new_answer",
            _("New answers on questions I follow"),
            lambda n, p: (
                ngettext("%(actor)s answered “%(title)s”", "%(count)d new answers on “%(title)s”", n)
                % {"actor": p.get("actor", ""), "count": n, "title": p["title"]}
            ),
        ),
        kinds.Kind(
            "reply",
            _("Replies to what I wrote"),
            lambda n, p: (
                ngettext("%(actor)s replied to you on “%(title)s”", "%(count)d new replies to you on “%(title)s”", n)
                % {"actor": p.get("actor", ""), "count": n, "title": p["title"]}
            ),
        ),
        kinds.Kind(
            "accepted",
            _("My answer was accepted"),
            lambda n, p: (
                ngettext("Your answer on “%(title)s” was accepted", "Your answers on “%(title)s” were accepted", n)
                % {"title": p["title"]}
            ),
        ),
        kinds.Kind(
            "mention",
            _("Someone mentioned me"),
            lambda n, p: (
                ngettext(
                    "%(actor)s mentioned you on “%(title)s”", "You were mentioned %(count)d times on “%(title)s”", n
                )
                % {"actor": p.get("actor", ""), "count": n, "title": p["title"]}
            ),
        ),
        kinds.Kind(
            "new_question",
            _("New questions in categories and tags I follow"),
            lambda n, p: (
                ngettext("New question in “%(category)s”: “%(title)s”", "%(count)d new questions in “%(category)s”", n)
                % {"count": n, "title": p["title"], "category": kinds.in_language(p.get("category"))}
            ),
            email="daily",
        ),
        kinds.Kind(
            "vote_milestone",
            _("My posts reached a number of votes"),
            lambda n, p: (
                _("Your post on “%(title)s” reached %(votes)s votes")
                % {"title": p["title"], "votes": p.get("votes", "")}
            ),
            email="weekly",
        ),
        kinds.Kind("posted_for_you", _("The service team posted something for me"), _describe_posted_for_you),
        kinds.Kind(
            "instant_answer",
            _("An automatic reply found answers to my question"),
            lambda n, p: _("Already solved? Answers that may help with “%(title)s”") % {"title": p["title"]},
        ),
    ]


def connect() -> None:
    for kind in _kinds():
        kinds.register(kind)
    followables.register(
        followables.Followable("question", Question, lambda user, q: user.has_perm("forum.view_category", q.category))
    )
    followables.register(
        followables.Followable("category", Category, lambda user, c: user.has_perm("forum.view_category", c))
    )
    followables.register(followables.Followable("tag", Tag, lambda user, t: True))
    register(events.AnswerPosted, answer_posted)
    register(events.ReplyPosted, reply_posted)
    register(events.AnswerAccepted, answer_accepted)
    register(events.UserMentioned, user_mentioned)
    register(events.QuestionAsked, question_asked)
    register(events.VoteCast, vote_milestone)
    register(events.PostedOnBehalf, posted_on_behalf)
    register(events.InstantAnswerPosted, instant_answer_posted)
