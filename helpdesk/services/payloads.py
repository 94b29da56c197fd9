"""What leaves the community about a thread: only what a signed-in ordinary member could see.

A webhook receiver or a helpdesk is outside the community. A thread in a category that not everyone
sees, or one that is held, hidden or deleted, goes out as its number and address with "private": true
and nothing more. Email addresses never leave.
"""

from django.conf import settings

from forum.models import Answer, Category, Question


def absolute(path: str) -> str:
    return path if path.startswith("http") else f"{settings.SITE_URL}{path}"


def member_sees(question: Question) -> bool:
    """Whether a member without any role sees this thread (forum.view_category and the removal states)."""
    return question.deleted_at is None and question.category.audience == Category.Audience.EVERYONE


def answer_public(answer: Answer | None) -> bool:
    return answer is not None and answer.deleted_at is None and member_sees(answer.question)


def private_thread(question: Question) -> dict:
    return {"id": question.pk, "url": absolute(f"/q/{question.pk}/"), "private": True}


def thread(question: Question, *, tags: list[str] | None = None) -> dict:
    """The thread as a member sees it, or only its number and address when a member does not."""
    if not member_sees(question):
        return private_thread(question)
    return {
        "id": question.pk,
        "url": absolute(question.get_absolute_url()),
        "title": question.title,
        "category": question.category.name,
        "tags": sorted(tags if tags is not None else question.tags.names()),
        "language": question.language,
        "created_at": question.created_at,
        "answer_count": question.answer_count,
        "solved": question.is_solved,
    }


def answer(answer: Answer) -> dict:
    return {
        "id": answer.pk,
        "url": absolute(answer.get_absolute_url()),
        "accepted": answer.is_accepted,
        "accepted_at": answer.accepted_at,
    }


def threads_query():
    return Question.objects.select_related("category")
