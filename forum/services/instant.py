"""The automatic first reply to a new question, and the asker's Yes or No on it.

The reply is the system's, not an answer: nobody earns reputation for it, it does not take the question
off the unanswered list, and Yes marks the question "solved by the knowledge base" without an accepted
answer. forum/models/instant.py says why it is a model of its own.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community import events
from community.accounts.models import User

from .. import fragments
from ..instant import language as languages
from ..instant import matching
from ..kernel import excerpt, require
from ..models import Answer, Article, Category, InstantAnswer, InstantVerdict, Question
from ._common import bump_category

SUMMARY_CHARS = 160


def answer_instantly(*, question_id: int) -> InstantAnswer | None:
    """Post the automatic reply when solved threads or articles answer the question surely enough.

    Never twice (one row per question: a repeated or late run finds it), never where the category has it
    off, never for a question that says too little or is in a language the community does not answer in,
    and never with a link that the asker, or anyone reading the thread, could not open now.
    """
    question = Question.objects.select_related("category", "author").filter(pk=question_id).first()
    if question is None or not _wants_reply(question):
        return None
    existing = InstantAnswer.objects.filter(question=question).first()
    if existing is not None:
        return existing
    language = languages.answerable_language(question.title, question.body, question.language)
    if language is None or matching.threshold(language) >= 1.0:
        return None  # 1.0: no threshold was safe enough on the labelled data, so no replies in this language
    found = matching.candidates(
        question.title,
        question.body,
        language=language,
        category_ids=matching.public_categories(also=question.category_id),
        exclude_question=question.pk,
    )
    links = _links(found, question=question, language=language)
    if not links:
        return None
    return _post(question, language=language, links=links)


def _wants_reply(question: Question) -> bool:
    return (
        not question.is_deleted
        and not question.is_closed
        and not question.is_solved
        and question.answer_count == 0
        and question.category.answers_instantly
    )


def _links(found: list, *, question: Question, language: str) -> list[dict]:
    """The links to offer, best first: the best must reach the language's threshold, the others its floor,
    and each must be there now for everyone who reads the thread."""
    wanted = [c for c in found if c.confidence >= matching.link_floor(language)]
    visible = _visible(wanted, question=question)
    links = [
        visible[(c.kind, c.object_id)] | {"confidence": round(c.confidence, 4)}
        for c in wanted
        if (c.kind, c.object_id) in visible
    ]
    if not links or links[0]["confidence"] < matching.threshold(language):
        return []
    return links[: matching.OFFERED]


def _visible(candidates: list, *, question: Question) -> dict[tuple[str, int], dict]:
    """What of these the question's readers may open now: in a category everyone reads or in the question's
    own (whose readers read the thread), that the asker may read too; not deleted, hidden or held; still
    solved or published. Read from the posts themselves, not from the search index."""
    asker = question.author

    def readable(category: Category) -> bool:
        shared = category.audience == Category.Audience.EVERYONE or category.pk == question.category_id
        return shared and asker.has_perm("forum.view_category", category)

    found = {}
    question_ids = [c.object_id for c in candidates if c.kind == "question"]
    threads = Question.objects.select_related("category").filter(
        pk__in=question_ids, deleted_at__isnull=True, is_solved=True
    )
    accepted = {
        a.question_id: a
        for a in Answer.objects.filter(question_id__in=question_ids, is_accepted=True, deleted_at__isnull=True).only(
            "question_id", "body_html"
        )
    }
    for thread in threads:
        if readable(thread.category):
            text = accepted[thread.pk].body_html if thread.pk in accepted else thread.body_html
            found[("question", thread.pk)] = _link("question", thread.pk, thread.pk, thread.title, thread, text)
    articles = Article.objects.select_related("category", "question", "answer").filter(
        pk__in=[c.object_id for c in candidates if c.kind == "article"], status=Article.Status.PUBLISHED
    )
    for article in articles:
        if article.question is not None and article.question.is_deleted:
            continue
        if readable(article.category):
            # The answer says what solves it; the summary of an article written directly says it too.
            text = article.answer.body_html if article.answer is not None else article.summary_html
            found[("article", article.pk)] = _link(
                "article", article.pk, article.question_id, article.title, article, text
            )
    return found


def _link(kind: str, object_id: int, thread_id, title: str, target, html: str) -> dict:
    return {
        "kind": kind,
        "object_id": object_id,
        "thread_id": thread_id,
        "title": title,
        "url": target.get_absolute_url(),
        "summary": excerpt(html, SUMMARY_CHARS),
    }


@transaction.atomic
def _post(question: Question, *, language: str, links: list[dict]) -> InstantAnswer | None:
    question = Question.objects.select_for_update().select_related("category").get(pk=question.pk)
    if not _wants_reply(question):
        return None  # answered, closed or deleted while the matching ran
    try:
        with transaction.atomic():
            instant = InstantAnswer.objects.create(
                question=question, language=language, links=links, confidence=links[0]["confidence"]
            )
    except IntegrityError:  # a second run got here first: the question has its one reply
        return InstantAnswer.objects.get(question=question)
    fragments.thread_changed(question.pk)
    events.publish(
        events.InstantAnswerPosted(
            question_id=question.pk,
            instant_answer_id=instant.pk,
            asker_id=question.author_id,
            language=language,
            links=len(links),
        )
    )
    return instant


def _judged(instant: InstantAnswer, by: User, *, helpful: bool) -> tuple[Question, InstantVerdict | None]:
    """The question, locked, and the verdict it has already, after checking that `by` may give one."""
    require(
        by,
        "forum.judge_instant_answer",
        instant.question,
        _("Only the person who asked, or the service team, can say whether the automatic reply helped."),
    )
    question = Question.objects.select_for_update().get(pk=instant.question_id)
    verdict = InstantVerdict.objects.filter(instant_answer=instant).first()
    if verdict is not None and verdict.helpful != helpful:
        raise ValidationError(_("This automatic reply has been answered already."), code="answered")
    return question, verdict


@transaction.atomic
def confirm_instant_answer(*, instant: InstantAnswer, by: User, link: int = 0) -> InstantVerdict:
    """Yes: the linked thread or article solved the question. It counts as solved by the knowledge base (a
    deflection for the insights); no answer is accepted and nobody earns reputation."""
    question, verdict = _judged(instant, by, helpful=True)
    if verdict is not None:
        return verdict  # a double click changes nothing
    if not 0 <= link < len(instant.links):
        raise ValidationError(_("Choose one of the links of the automatic reply."), code="bad_link")
    chosen = instant.links[link]
    verdict = InstantVerdict.objects.create(
        instant_answer=instant,
        question=question,
        helpful=True,
        link_kind=chosen["kind"],
        link_object_id=chosen["object_id"],
        language=instant.language,
        confidence=chosen["confidence"],
        by=by,
    )
    if not question.is_solved and not question.is_deleted:
        bump_category(question.category_id, solved=1)
    Question.objects.filter(pk=question.pk).update(is_solved=True, solved_by_knowledge_base=True, help_wanted_at=None)
    fragments.thread_changed(question.pk, lists=True)
    events.publish(
        events.InstantAnswerConfirmed(
            question_id=question.pk,
            instant_answer_id=instant.pk,
            by_user_id=by.pk,
            link_kind=chosen["kind"],
            link_object_id=chosen["object_id"],
        )
    )
    return verdict


@transaction.atomic
def decline_instant_answer(*, instant: InstantAnswer, by: User) -> InstantVerdict:
    """No: the automatic reply folds away, the links it offered are kept as a negative example, and the
    question goes to the front of the unanswered list that super users and agents work from."""
    question, verdict = _judged(instant, by, helpful=False)
    if verdict is not None:
        return verdict
    verdict = InstantVerdict.objects.create(
        instant_answer=instant,
        question=question,
        helpful=False,
        language=instant.language,
        confidence=instant.confidence,
        by=by,
    )
    Question.objects.filter(pk=question.pk).update(help_wanted_at=timezone.now())
    fragments.thread_changed(question.pk, lists=True)
    events.publish(
        events.InstantAnswerDeclined(question_id=question.pk, instant_answer_id=instant.pk, by_user_id=by.pk)
    )
    return verdict
