"""Who hears of each forum event (see plans.py): the recipients and the words, computed by the worker.

Reads cross into the forum (allowed); writes stay in this app.
"""

from taggit.models import Tag

from community import events
from community.accounts.models import Role, User
from forum.models import Answer, Category, Question, Reply

from .plans import Plan, followers, register
from .services import News

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


def answer_posted(event: dict) -> Plan:
    question = _question(event["question_id"])
    answer = Answer.objects.filter(pk=event["answer_id"], deleted_at__isnull=True).first()
    if question is None or answer is None:
        return []
    recipients = who_can_see(question.category, followers(Question, [question.pk]))
    news = News(
        key=str(event["event_id"]),
        kind="new_answer",
        title=question.title,
        url=f"{question.get_absolute_url()}#answer-{answer.pk}",
        group_key=f"question:{question.pk}:answers",
        actor_id=event["author_id"],
        params={"actor": _actor_name(event["author_id"])},
        excerpt=answer.body[:300],
    )
    return [(news, recipients)]


def reply_posted(event: dict) -> Plan:
    question = _question(event["question_id"])
    reply = Reply.objects.filter(pk=event["reply_id"], deleted_at__isnull=True).first()
    if question is None or reply is None:
        return []
    recipients = who_can_see(question.category, {event["post_author_id"], event.get("parent_author_id")} - {None})
    news = News(
        key=str(event["event_id"]),
        kind="reply",
        title=question.title,
        url=f"{question.get_absolute_url()}#reply-{reply.pk}",
        group_key=f"question:{question.pk}:replies",
        actor_id=event["author_id"],
        params={"actor": _actor_name(event["author_id"])},
        excerpt=reply.body[:300],
    )
    return [(news, recipients)]


def answer_accepted(event: dict) -> Plan:
    question = _question(event["question_id"])
    if question is None or event["answer_author_id"] == event["by_user_id"]:
        return []
    news = News(
        key=str(event["event_id"]),
        kind="accepted",
        title=question.title,
        url=f"{question.get_absolute_url()}#answer-{event['answer_id']}",
        group_key=f"question:{question.pk}:accepted",
        actor_id=event["by_user_id"],
        params={"actor": _actor_name(event["by_user_id"])},
    )
    return [(news, who_can_see(question.category, [event["answer_author_id"]]))]


def user_mentioned(event: dict) -> Plan:
    question = _question(event["question_id"])
    if question is None:
        return []
    anchor = (
        f"#reply-{event['reply_id']}"
        if event.get("reply_id")
        else f"#answer-{event['answer_id']}"
        if event.get("answer_id")
        else ""
    )
    news = News(
        key=str(event["event_id"]),
        kind="mention",
        title=question.title,
        url=f"{question.get_absolute_url()}{anchor}",
        group_key=f"question:{question.pk}:mentions",
        actor_id=event["by_user_id"],
        params={"actor": _actor_name(event["by_user_id"])},
    )
    return [(news, who_can_see(question.category, [event["mentioned_user_id"]]))]


def question_asked(event: dict) -> Plan:
    question = _question(event["question_id"])
    if question is None:
        return []
    tag_ids = list(question.tags.values_list("pk", flat=True))
    interested = followers(Category, [question.category_id]) | followers(Tag, tag_ids)
    news = News(
        key=str(event["event_id"]),
        kind="new_question",
        title=question.title,
        url=question.get_absolute_url(),
        group_key=f"category:{question.category_id}:questions",
        actor_id=event["author_id"],
        params={"actor": _actor_name(event["author_id"]), "category": _names(question.category)},
        excerpt=question.excerpt,
    )
    return [(news, who_can_see(question.category, interested))]


def vote_milestone(event: dict) -> Plan:
    if event["value"] != 1 or event["score"] not in VOTE_MILESTONES:
        return []
    question = _question(event["question_id"])
    if question is None:
        return []
    post = f"answer:{event['answer_id']}" if event.get("answer_id") else f"question:{question.pk}"
    anchor = f"#answer-{event['answer_id']}" if event.get("answer_id") else ""
    news = News(
        # Keyed by post and milestone, not by vote: reaching 10 twice (down, then up again) tells once.
        key=f"milestone:{post}:{event['score']}",
        kind="vote_milestone",
        title=question.title,
        url=f"{question.get_absolute_url()}{anchor}",
        group_key=f"milestone:{post}",
        params={"votes": event["score"]},
    )
    return [(news, who_can_see(question.category, [event["post_author_id"]]))]


def connect() -> None:
    register(events.AnswerPosted, answer_posted)
    register(events.ReplyPosted, reply_posted)
    register(events.AnswerAccepted, answer_accepted)
    register(events.UserMentioned, user_mentioned)
    register(events.QuestionAsked, question_asked)
    register(events.VoteCast, vote_milestone)
