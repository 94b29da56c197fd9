"""How a question is served: its response record, and routing it to super users and then to the agents.

A question's clock starts when it is asked. After the policy's `offer_after_minutes` without an answer it is
offered to a few super users of its topic (who follow its category or one of its tags, or answered in its
category before), another few each time that long passes again; after `response_target_minutes` it enters
the agent queue. The first public answer by someone else stops the clock and is recorded with who gave it
(a customer, a super user, staff), as the accept is: the figures insights reads.
"""

from datetime import datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count, Exists, Max, OuterRef, Q
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from community import events
from community.accounts.models import Role, User
from forum.models import Answer, Category, Question

from ..models import Offer, QueueItem, ResponsePolicy, ResponseRecord
from .queue import enter_queue, resolve_items

STAFF_ROLES = frozenset({Role.AGENT.value, Role.MODERATOR.value, Role.ADMIN.value})
# How many waiting questions one run looks at, for offers and for the queue each: a run costs the same few
# queries however many wait; a backlog is worked off over the next runs (oldest first).
BATCH = 200
# Older questions are not offered any more: they wait in the agent queue, and a super user asked about a
# question of last month is asked too late.
OFFER_WINDOW = timedelta(days=7)


def responder_kind(user_id: int) -> str:
    """Who answered, for the figures: staff (agent, moderator, admin), a super user, or a customer."""
    names = set(User.objects.get(pk=user_id).groups.values_list("name", flat=True))
    if names & STAFF_ROLES:
        return ResponseRecord.By.STAFF
    if Role.SUPER_USER.value in names:
        return ResponseRecord.By.SUPER_USER
    return ResponseRecord.By.CUSTOMER


def is_routed(category: Category) -> bool:
    """Questions in a category where only staff start threads (announcements, news) wait for no answer."""
    return category.thread_starters != Category.ThreadStarters.STAFF


def open_record(*, question_id: int) -> ResponseRecord | None:
    """The question's response record, made when it is first public; None for a question that needs none."""
    question = Question.objects.select_related("category").filter(pk=question_id).first()
    if question is None or not is_routed(question.category):
        return None
    # Held and approved later: the asker has waited since asking, so the clock starts then.
    record, _ = ResponseRecord.objects.get_or_create(question=question, defaults={"asked_at": question.created_at})
    return record


def record_answer(*, question_id: int, answer_id: int, author_id: int, question_author_id: int, at: datetime) -> None:
    """An answer became public: the first by someone other than the asker is the first response, and takes
    the question out of the queue as unanswered; a staff answer also settles an escalation or a "still broken"."""
    if author_id == question_author_id:
        return  # the asker adding details is no response
    kind = responder_kind(author_id)
    ResponseRecord.objects.filter(question_id=question_id, first_response_at__isnull=True).update(
        first_response_at=at, first_response_by=kind, first_answer_id=answer_id
    )
    resolve_items(question_id=question_id, reasons=[QueueItem.Reason.UNANSWERED], resolution="answered")
    if kind == ResponseRecord.By.STAFF:
        resolve_items(
            question_id=question_id,
            reasons=[QueueItem.Reason.ESCALATED, QueueItem.Reason.STILL_BROKEN],
            resolution="staff_answer",
        )


def record_accept(*, question_id: int, answer_author_id: int, question_author_id: int, at: datetime) -> None:
    """An answer was accepted: the question is solved, by whoever wrote that answer (the latest accept counts)."""
    kind = responder_kind(answer_author_id)
    ResponseRecord.objects.filter(question_id=question_id).update(solved_at=at, solved_by=kind)
    if answer_author_id != question_author_id:
        # An accepted answer that nobody recorded as the first response (it was held, or came before the
        # record) is one all the same.
        ResponseRecord.objects.filter(question_id=question_id, first_response_at__isnull=True).update(
            first_response_at=at, first_response_by=kind
        )
    resolve_items(question_id=question_id, reasons=[QueueItem.Reason.UNANSWERED], resolution="answered")


def record_unaccept(*, question_id: int) -> None:
    """The accept was taken back and no other answer is accepted: the question is no longer solved."""
    if not Answer.objects.filter(question_id=question_id, is_accepted=True).exists():
        ResponseRecord.objects.filter(question_id=question_id).update(solved_at=None, solved_by="")


def question_gone(*, question_id: int) -> int:
    """The question left public view (deleted, hidden): nothing about it waits for an agent any more."""
    return resolve_items(question_id=question_id, reasons=QueueItem.Reason.values, resolution="gone")


def _waiting():
    """Records of public, open questions without a first response yet, oldest first. A question its asker
    solved themselves (their own answer accepted) waits for nobody."""
    return (
        ResponseRecord.objects.filter(
            first_response_at__isnull=True,
            question__is_solved=False,
            question__deleted_at__isnull=True,
            question__closed_at__isnull=True,
            question__is_locked=False,
        )
        .exclude(question__category__thread_starters=Category.ThreadStarters.STAFF)
        .order_by("asked_at")
    )


@transaction.atomic
def route_waiting_questions(*, now: datetime | None = None) -> dict[str, int]:
    """Offer waiting questions to super users and put those past the response target in the agent queue.

    Run every minute by Celery beat, and by `manage.py route_questions --now …` with a moved clock. Two runs
    at once skip each other's rows (SKIP LOCKED), and an offer or a queue entry is never made twice.
    """
    now = now or timezone.now()
    policy = ResponsePolicy.current()
    offered = _offer_waves(now, policy)
    queued = _queue_overdue(now, policy)
    return {"offered": offered, "queued": queued}


def _queue_overdue(now: datetime, policy: ResponsePolicy) -> int:
    target = timedelta(minutes=policy.response_target_minutes)
    open_item = QueueItem.objects.filter(
        question_id=OuterRef("question_id"), reason=QueueItem.Reason.UNANSWERED, resolved_at__isnull=True
    )
    due = (
        _waiting()
        .filter(asked_at__lte=now - target)
        .exclude(Exists(open_item))
        .values_list("question_id", "asked_at")[:BATCH]
    )
    queued = 0
    for question_id, asked_at in due:
        if enter_queue(question_id=question_id, reason=QueueItem.Reason.UNANSWERED, waiting_since=asked_at):
            queued += 1
    return queued


def _offer_waves(now: datetime, policy: ResponsePolicy) -> int:
    """One wave of offers for each question due one; returns how many people were offered a question."""
    if policy.offer_to == 0:
        return 0
    after = timedelta(minutes=policy.offer_after_minutes)
    records = list(
        _waiting()
        .filter(asked_at__lte=now - after, asked_at__gt=now - OFFER_WINDOW)
        .filter(Q(last_offered_at__isnull=True) | Q(last_offered_at__lte=now - after))
        .exclude(question__category__audience=Category.Audience.STAFF)  # super users cannot read those
        .select_related("question")
        .only("pk", "asked_at", "question__id", "question__author_id", "question__category_id")
        .select_for_update(of=("self",), skip_locked=True)[:BATCH]
    )
    if not records:
        return 0
    questions = [record.question for record in records]
    ranked = _candidates(questions, now)
    already = set(Offer.objects.filter(question__in=questions).values_list("question_id", "user_id"))
    offers: list[Offer] = []
    waves: list[tuple[int, tuple[int, ...]]] = []
    for question in questions:
        chosen = [
            user_id
            for user_id in ranked.get(question.pk, [])
            if user_id != question.author_id and (question.pk, user_id) not in already
        ][: policy.offer_to]
        if chosen:
            offers += [Offer(question_id=question.pk, user_id=user_id, offered_at=now) for user_id in chosen]
            waves.append((question.pk, tuple(chosen)))
    Offer.objects.bulk_create(offers, ignore_conflicts=True)
    # Looked at now, offered or not (nobody of the topic left): looked at again after another wave's time.
    ResponseRecord.objects.filter(pk__in=[record.pk for record in records]).update(last_offered_at=now)
    for question_id, user_ids in waves:
        events.publish(events.QuestionOffered(question_id=question_id, user_ids=user_ids))
    return len(offers)


def _candidates(questions: list[Question], now: datetime) -> dict[int, list[int]]:
    """For each question, the super users of its topic, best first: most accepted answers in its category,
    then the most recent answer there, then those who follow its tags or its category. A few queries for
    the whole batch."""
    category_ids = {question.category_id for question in questions}
    tags_of: dict[int, set[int]] = {}
    for question_id, tag_id in TaggedItem.objects.filter(
        content_type=ContentType.objects.get_for_model(Question), object_id__in=[q.pk for q in questions]
    ).values_list("object_id", "tag_id"):
        tags_of.setdefault(question_id, set()).add(tag_id)
    tag_ids = set().union(*tags_of.values()) if tags_of else set()

    eligible = _available_super_users(now)
    if not eligible:
        return {}

    from notifications.models import Subscription  # a read across apps: who follows what

    category_type = ContentType.objects.get_for_model(Category)
    tag_type = ContentType.objects.get_for_model(Tag)
    follows_category: dict[int, set[int]] = {}
    follows_tag: dict[int, set[int]] = {}
    for user_id, content_type_id, object_id in Subscription.objects.filter(
        Q(content_type=category_type, object_id__in=category_ids) | Q(content_type=tag_type, object_id__in=tag_ids),
        active=True,
        user_id__in=eligible,
    ).values_list("user_id", "content_type_id", "object_id"):
        target = follows_category if content_type_id == category_type.pk else follows_tag
        target.setdefault(object_id, set()).add(user_id)

    # (accepted answers, latest answer) per category and person
    answered: dict[int, dict[int, tuple[int, datetime]]] = {}
    for category_id, user_id, accepted, latest in (
        Answer.objects.filter(question__category_id__in=category_ids, author_id__in=eligible, deleted_at__isnull=True)
        .values_list("question__category_id", "author_id")
        .annotate(accepted=Count("pk", filter=Q(is_accepted=True)), latest=Max("created_at"))
        .order_by()
    ):
        answered.setdefault(category_id, {})[user_id] = (accepted, latest)

    ranked = {}
    for question in questions:
        by_answers = answered.get(question.category_id, {})
        by_tags = set().union(*(follows_tag.get(tag_id, set()) for tag_id in tags_of.get(question.pk, ())))
        people = set(by_answers) | by_tags | follows_category.get(question.category_id, set())

        def rank(user_id, by_answers=by_answers, by_tags=by_tags):
            accepted, latest = by_answers.get(user_id, (0, None))
            return (-accepted, -(latest.timestamp() if latest else 0), user_id not in by_tags, user_id)

        ranked[question.pk] = sorted(people, key=rank)
    return ranked


def _available_super_users(now: datetime) -> set[int]:
    """Super users who can answer now: active, neither suspended nor silenced."""
    from moderation.models import Restriction  # a read across apps: who may not write

    restricted = Restriction.objects.filter(closed_at__isnull=True, starts_at__lte=now).filter(
        Q(ends_at__isnull=True) | Q(ends_at__gt=now)
    )
    return set(
        User.objects.filter(groups__name=Role.SUPER_USER.value, is_active=True, erased_at__isnull=True)
        .exclude(Exists(restricted.filter(user_id=OuterRef("pk"))))
        .values_list("pk", flat=True)
    )
