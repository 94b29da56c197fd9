"""The question page and the posts its write views act on."""

from dataclasses import dataclass, field

from django.db.models import Q
from taggit.models import Tag

from .. import fragments, panels
from ..kernel.models import Removal
from ..models import Answer, Question, Reply, Vote
from ..search.similar import related_questions
from .categories import audiences

WITHHELD = (Removal.HELD, Removal.HIDDEN)


# What a thread's head shows beside the question itself, fetched with it in one query.
HEAD_RELATED = (
    "author",
    "category",
    "duplicate_of",
    "edited_by",
    "on_behalf_by",
    "instant_answer",
    "instant_answer__verdict",
)


def question_for_update(user, pk: int) -> Question:
    """The question with what its write views check (category, author)."""
    return (
        Question.objects.select_related("category", "author").filter(category__audience__in=audiences(user)).get(pk=pk)
    )


def visible_question(user, pk: int | None) -> Question | None:
    """The question with this number in a category this person sees, or None (also for no number)."""
    if not pk:
        return None
    try:
        return question_for_update(user, pk)
    except Question.DoesNotExist:
        return None


def question_head(pk: int) -> Question | None:
    """The question as its page shows it, with its category and article (one query); None if missing.

    Whoever reads it checks the category's audience: the result is shared by all readers. It is kept
    under the thread's version, so the thread's renderings may be made from it (`thread(question=…)`).
    """
    return (
        Question.objects.select_related(*HEAD_RELATED, "article")
        .defer(
            "author__password",
            "edited_by__password",
            "on_behalf_by__password",
            "duplicate_of__body",
            "duplicate_of__body_html",
            "article__summary",
            "article__summary_html",
        )
        .filter(pk=pk)
        .first()
    )


def withheld_authors(question_id: int) -> frozenset[int]:
    """Who has held or hidden answers or replies in the thread (one query): kept with the thread's renderings,
    so every other signed-in reader's page asks nothing about their own (`my_withheld`)."""
    answers = Answer.objects.filter(question_id=question_id, removal__in=WITHHELD).values_list("author_id", flat=True)
    replies = Reply.objects.filter(question_id=question_id, removal__in=WITHHELD).values_list("author_id", flat=True)
    return frozenset(answers.union(replies))


@dataclass
class Thread:
    """Everything the question page shows, fetched in a fixed number of queries."""

    question: Question
    answers: list[Answer]
    replies_by_post: dict[tuple[str, int], list[Reply]]
    my_votes: dict[tuple[str, int], int]
    tags: list[Tag]
    author_marks: dict[int, dict] = field(default_factory=dict)


def thread(user, pk: int, *, question: Question | None = None) -> Thread:
    """The question page: the question, answers (accepted first, then score, then oldest), replies, my votes.

    `question`: the page's head, already checked against the reader's audiences (saves fetching it again).
    """
    if question is None:
        question = (
            Question.objects.select_related(*HEAD_RELATED).filter(category__audience__in=audiences(user)).get(pk=pk)
        )
    tags = list(question.tags.only("id", "name", "slug"))
    # Held and hidden posts are in no shared rendering: their authors see them apart (`my_withheld`).
    answers = list(
        question.answers.exclude(removal__in=WITHHELD)
        .select_related("author", "edited_by", "on_behalf_by")
        .order_by("-is_accepted", "-score", "created_at", "id")
    )
    replies = list(
        question.replies.exclude(removal__in=WITHHELD)
        .select_related("author", "parent__author")
        .order_by("created_at", "id")
    )
    replies_by_post: dict[tuple[str, int], list[Reply]] = {}
    for reply in replies:
        key = ("answer", reply.answer_id) if reply.answer_id else ("question", question.pk)
        replies_by_post.setdefault(key, []).append(reply)
    answer_by_id = {answer.pk: answer for answer in answers}
    for answer in answers:
        answer.question = question  # saves a query per answer in templates and permission checks
        answer.thread_replies = replies_by_post.get(("answer", answer.pk), [])
    question.thread_replies = replies_by_post.get(("question", question.pk), [])
    question.reply_parent = None
    for answer in answers:
        answer.reply_parent = None
    for reply in replies:
        reply.question = question
        if reply.answer_id:
            reply.answer = answer_by_id.get(reply.answer_id)
    votes = my_votes(user, question.pk, list(answer_by_id))
    question.my_vote = votes.get(("question", question.pk), 0)
    for answer in answers:
        answer.my_vote = votes.get(("answer", answer.pk), 0)
    authors = {question.author_id, *(a.author_id for a in answers), *(r.author_id for r in replies)}
    return Thread(
        question=question,
        answers=answers,
        replies_by_post=replies_by_post,
        my_votes=votes,
        tags=tags,
        author_marks=panels.author_marks(authors),
    )


@dataclass(frozen=True)
class SideLink:
    title: str
    url: str


@dataclass(frozen=True)
class ThreadSide:
    """What the question page shows beside the thread: its knowledge-base article, similar solved questions."""

    article: SideLink | None
    related: list[SideLink]


def thread_side(user, question: Question) -> ThreadSide:
    """The side of a question page, from its head (with the article) and a kept ranking (no query once kept).

    The ranking is kept until the search index or the lists change (a question solved, deleted, hidden
    or moved anywhere), and under the question's own words: an edit asks again.
    """
    article = getattr(question, "article", None)
    reader_audiences = audiences(user)
    key = fragments.search_key(
        "related",
        question.pk,
        question.title,
        question.excerpt,
        question.language,
        reader_audiences,
        fragments.version(fragments.LISTS),
    )
    related = fragments.cached(
        key,
        lambda: [
            SideLink(hit.title, Question(pk=hit.object_id, title=hit.title).get_absolute_url())
            for hit in related_questions(question, audiences=reader_audiences)
        ],
    )
    return ThreadSide(
        article=SideLink(article.title, article.get_absolute_url()) if article and article.is_published else None,
        related=related,
    )


def answer_for_update(user, pk: int) -> Answer:
    return (
        Answer.objects.select_related("question", "question__category", "author")
        .filter(question__category__audience__in=audiences(user))
        .get(pk=pk)
    )


def reply_for_update(user, pk: int) -> Reply:
    return (
        Reply.objects.select_related("question", "question__category", "answer", "author")
        .filter(question__category__audience__in=audiences(user))
        .get(pk=pk)
    )


def my_votes(user, question_id: int, answer_ids) -> dict[tuple[str, int], int]:
    """This person's votes in a thread, by ("question" or "answer", id): one query, none when signed out."""
    if not user.is_authenticated:
        return {}
    votes = Vote.objects.filter(user=user).filter(Q(question_id=question_id) | Q(answer_id__in=list(answer_ids)))
    return {
        ("answer", answer_id) if answer_id else ("question", voted_question_id): value
        for voted_question_id, answer_id, value in votes.values_list("question_id", "answer_id", "value")
    }


def reply_target(question: Question, *, answer_id: int | None, parent_id: int | None):
    """(answer, reply) a new reply goes under, both of this question, either None when not named.

    Raises Answer.DoesNotExist or Reply.DoesNotExist when a named one is not part of the question.
    """
    answer = Answer.objects.get(pk=answer_id, question=question) if answer_id else None
    parent = Reply.objects.select_related("author").get(pk=parent_id, question=question) if parent_id else None
    return answer, parent


POST_KINDS = {"question": Question, "answer": Answer, "reply": Reply}


def my_withheld(user, question: Question, *, among: frozenset[int] | None = None) -> list[Answer | Reply]:
    """This person's held or hidden answers and replies in the thread, shown to them alone (two queries; none
    when signed out, or when they are not `among` the thread's `withheld_authors`)."""
    if not user.is_authenticated or (among is not None and user.pk not in among):
        return []
    posts: list[Answer | Reply] = [
        *Answer.objects.filter(question=question, author=user, removal__in=WITHHELD).order_by("created_at"),
        *Reply.objects.filter(question=question, author=user, removal__in=WITHHELD).order_by("created_at"),
    ]
    for post in posts:
        post.question = question
        post.kind_name = "answer" if isinstance(post, Answer) else "reply"
    return posts


def visible_post(user, kind: str, pk: int) -> Question | Answer | Reply | None:
    """A question, answer or reply (by `kind`) in a category this person may see, with its question; else None."""
    model = POST_KINDS.get(kind)
    if model is None:
        return None
    if model is Question:
        found = Question.objects.select_related("category").filter(category__audience__in=audiences(user))
    else:
        found = model.objects.select_related("question__category").filter(
            question__category__audience__in=audiences(user)
        )
    return found.filter(pk=pk).first()
