"""The knowledge base: an article per solved question, kept in step by a task; edits by people."""

from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from community.markdown import render_post

from .. import fragments
from ..kernel import check_can_write, excerpt, require, require_text
from ..models import Article, ArticleFeedback, ArticleRevision, Question
from ..search.index import index_article

SUMMARY_MAX = 20_000


def _summary(question: Question, answer) -> str:
    """The accepted answer, under a short quote of what was asked."""
    asked = excerpt(question.body_html, 400)
    return f"> {asked}\n\n{answer.body}" if asked else answer.body


def _revise(article: Article, *, summary: str, by, note: str = "") -> None:
    last = article.revisions.aggregate(n=Max("number"))["n"] or 0
    ArticleRevision.objects.create(article=article, number=last + 1, summary=summary, author=by, note=note[:200])


@transaction.atomic
def sync_article(*, question_id: int) -> Article | None:
    """Create, update or retire the question's article to match it: solved and visible, or not.

    Idempotent: a retry, a duplicate or a late run all end in the same state.
    """
    question = Question.objects.select_for_update().select_related("category").filter(pk=question_id).first()
    article = Article.objects.filter(question_id=question_id).first()
    answer = (
        question.answers.filter(is_accepted=True, deleted_at__isnull=True).first()
        if question is not None and question.deleted_at is None
        else None
    )
    if answer is None:
        if article is not None and article.is_published:
            article.status = Article.Status.RETIRED
            article.save(update_fields=["status"])
            index_article(article.pk)
            _thread_shows_article(question_id)
        return article
    summary = _summary(question, answer)
    if article is None:
        article = Article(question=question, created_at=timezone.now())
    changed = article.pk is None or (not article.summary_edited and article.summary != summary)
    article.answer, article.title, article.category = answer, question.title, question.category
    article.language, article.status = question.language, Article.Status.PUBLISHED
    if not article.summary_edited:
        article.summary, article.summary_html = summary, render_post(summary).html
    article.updated_at = timezone.now()
    article.save()
    article.tags.set(question.tags.names())
    if changed:
        _revise(article, summary=article.summary, by=None, note=_("Written from the thread"))
    index_article(article.pk)
    _thread_shows_article(question_id)
    return article


def _thread_shows_article(question_id: int) -> None:
    """The question page links its article: its kept renderings end (the accept's own bump came too early:
    the article is written by a task after it)."""
    fragments.thread_changed(question_id)


@transaction.atomic
def edit_article(*, article: Article, by, summary: str, note: str = "") -> Article:
    """Super users and moderators rewrite a summary; the thread's later edits then keep their text."""
    require(by, "forum.edit_article", article, _("Only super users and moderators can edit articles."))
    check_can_write(by, "edit")
    summary = require_text(summary, field="summary", minimum=20, maximum=SUMMARY_MAX)
    article = Article.objects.select_for_update().get(pk=article.pk)
    if not article.is_published:
        raise ValidationError(_("This article is retired."), code="retired")
    if summary == article.summary:
        return article
    article.summary, article.summary_html = summary, render_post(summary).html
    article.summary_edited, article.updated_at = True, timezone.now()
    article.save(update_fields=["summary", "summary_html", "summary_edited", "updated_at"])
    _revise(article, summary=summary, by=by, note=note)
    index_article(article.pk)
    fragments.pages_changed()
    return article


@dataclass(frozen=True)
class Rating:
    article: Article
    counted: bool  # False: a signed-out client that already answered for this article today


ANONYMOUS_WINDOW = 24 * 60 * 60  # a signed-out client answers once per article and day


@transaction.atomic
def rate_article(*, article: Article, by, helpful: bool, client: str = "") -> Rating:
    """'Was this helpful?': one answer per member, which a later one replaces; a signed-out client's
    first answer per article and day, counted apart from members' (it cannot be tied to a person).

    `client` identifies a signed-out reader's device without keeping their address (a keyed hash of it).
    """
    if by is not None and by.is_authenticated:
        # The article's row is the lock: two first answers at once never race to the unique constraint.
        article = Article.objects.select_for_update().get(pk=article.pk)
        previous = ArticleFeedback.objects.filter(article=article, user=by).first()
        if previous is None:
            ArticleFeedback.objects.create(article=article, user=by, helpful=helpful)
            _count(article, member=True, helpful=helpful, by=1)
        elif previous.helpful != helpful:
            previous.helpful = helpful
            previous.save(update_fields=["helpful"])
            _count(article, member=True, helpful=not helpful, by=-1)
            _count(article, member=True, helpful=helpful, by=1)
        counted = True
    else:
        # cache.add is atomic: of twenty answers at once from one client, one gets in. Callers that cannot
        # tell clients apart share one mark: their first answer of the day counts.
        counted = cache.add(f"forum:kb-feedback:{article.pk}:{client or '-'}", helpful, ANONYMOUS_WINDOW)
        if counted:
            _count(article, member=False, helpful=helpful, by=1)
    if counted:
        fragments.pages_changed()  # the article's page shows the counts
    article.refresh_from_db(fields=["helpful_yes", "helpful_no", "anonymous_yes", "anonymous_no"])
    return Rating(article=article, counted=counted)


def _count(article: Article, *, member: bool, helpful: bool, by: int) -> None:
    field = ("helpful_" if member else "anonymous_") + ("yes" if helpful else "no")
    Article.objects.filter(pk=article.pk).update(**{field: Greatest(F(field) + by, 0)})


@transaction.atomic
def publish_article(*, title: str, summary: str, category, language: str, tags=(), source_url: str = "") -> Article:
    """An article written directly (an imported FAQ): no thread behind it."""
    article = Article.objects.create(
        title=title[:200],
        summary=summary,
        summary_html=render_post(summary).html,
        category=category,
        language=language,
        source_url=source_url,
    )
    article.tags.set(list(tags))
    _revise(article, summary=summary, by=None, note=_("Imported"))
    index_article(article.pk)
    fragments.pages_changed()
    return article
