"""What the forum keeps about a person, for their data export, and what erasing them does here.

Registered in community.privacy from ForumConfig.ready(). Removing the posts goes through the services'
soft delete (remove_question, remove_answer, remove_reply), so category counts, answer counts, the
search index and the knowledge base follow as for any deletion.
"""

from community import privacy

from .models import Answer, ArticleFeedback, AskSession, Question, Reply, Revision, Vote
from .services.answers import remove_answer
from .services.questions import remove_question
from .services.replies import remove_reply


def questions(user) -> list[dict]:
    rows = Question.objects.filter(author=user).select_related("category").prefetch_related("tags").order_by("pk")
    return [
        {
            "id": q.pk,
            "title": q.title,
            "body": q.body,
            "category": q.category.name,
            "tags": sorted(tag.name for tag in q.tags.all()),
            "language": q.language,
            "created_at": q.created_at,
            "edited_at": q.edited_at,
            "deleted_at": q.deleted_at,
            "score": q.score,
            "is_solved": q.is_solved,
            "posted_for_you_by_staff": q.on_behalf_by_id is not None,
            "url": q.get_absolute_url(),
        }
        for q in rows
    ]


def answers(user) -> list[dict]:
    rows = Answer.objects.filter(author=user).select_related("question").order_by("pk")
    return [
        {
            "id": a.pk,
            "question_id": a.question_id,
            "question_title": a.question.title,
            "body": a.body,
            "created_at": a.created_at,
            "edited_at": a.edited_at,
            "deleted_at": a.deleted_at,
            "score": a.score,
            "is_accepted": a.is_accepted,
            "posted_for_you_by_staff": a.on_behalf_by_id is not None,
            "url": a.get_absolute_url(),
        }
        for a in rows
    ]


def replies(user) -> list[dict]:
    rows = Reply.objects.filter(author=user).select_related("question").order_by("pk")
    return [
        {
            "id": r.pk,
            "question_id": r.question_id,
            "answer_id": r.answer_id,
            "in_reply_to": r.parent_id,
            "body": r.body,
            "created_at": r.created_at,
            "edited_at": r.edited_at,
            "deleted_at": r.deleted_at,
            "url": r.get_absolute_url(),
        }
        for r in rows
    ]


def votes(user) -> list[dict]:
    rows = Vote.objects.filter(user=user).order_by("pk")
    return [
        {
            "question_id": v.question_id,
            "answer_id": v.answer_id,
            "value": v.value,
            "created_at": v.created_at,
        }
        for v in rows
    ]


def edits(user) -> list[dict]:
    """Every version of a question or answer the person wrote (their own posts' first versions included)."""
    rows = Revision.objects.filter(author=user).order_by("pk")
    return [
        {
            "question_id": r.question_id,
            "answer_id": r.answer_id,
            "number": r.number,
            "title": r.title,
            "body": r.body,
            "tags": r.tags,
            "note": r.note,
            "created_at": r.created_at,
        }
        for r in rows
    ]


def posted_for_others(user) -> list[dict]:
    """The posts an agent wrote for customers: which, and when (the text is the customer's, in their export)."""
    rows = [
        *(
            {"question_id": q.pk, "answer_id": None, "created_at": q.created_at}
            for q in Question.objects.filter(on_behalf_by=user)
        ),
        *(
            {"question_id": a.question_id, "answer_id": a.pk, "created_at": a.created_at}
            for a in Answer.objects.filter(on_behalf_by=user)
        ),
    ]
    return sorted(rows, key=lambda row: (row["created_at"], row["question_id"], row["answer_id"] or 0))


def article_feedback(user) -> list[dict]:
    rows = ArticleFeedback.objects.filter(user=user).order_by("pk")
    return [{"article_id": f.article_id, "helpful": f.helpful, "created_at": f.created_at} for f in rows]


def erase(user, remove_posts: bool) -> None:
    """Posts go when the person chose so; imported posts forget the original author's name either way."""
    if remove_posts:
        for reply in Reply.objects.filter(author=user, deleted_at__isnull=True).order_by("pk"):
            remove_reply(reply=reply, by=user)
        for answer in Answer.objects.filter(author=user, deleted_at__isnull=True).order_by("pk"):
            remove_answer(answer=answer, by=user)
        for question in Question.objects.filter(author=user, deleted_at__isnull=True).order_by("pk"):
            remove_question(question=question, by=user)
    for model in (Question, Answer, Reply):
        model.objects.filter(author=user).exclude(source_author="", source_author_url="").update(
            source_author="", source_author_url=""
        )
    # An erased agent no longer shows as the one who typed a customer's post: it stays the customer's.
    for model in (Question, Answer):
        model.objects.filter(on_behalf_by=user).update(on_behalf_by=None)
    AskSession.objects.filter(user=user).update(user=None)  # visits to the ask page: figures, not people


def connect() -> None:
    privacy.register_exporter("questions", questions)
    privacy.register_exporter("answers", answers)
    privacy.register_exporter("replies", replies)
    privacy.register_exporter("votes", votes)
    privacy.register_exporter("edits", edits)
    privacy.register_exporter("posted_for_others", posted_for_others)
    privacy.register_exporter("knowledge_base_feedback", article_feedback)
    privacy.register_eraser("forum", erase)
