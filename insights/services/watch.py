"""Watch lists: staff keep them; every new or changed public post is matched against the active ones."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from community import events
from community.accounts.models import User
from forum.models import Answer, Question, Reply

from ..models import WatchHit, WatchList

MAX_TERMS = 50
MAX_TERM_LENGTH = 80


def clean_words(words) -> list[str]:
    """The words or tags as a list without blanks and repeats (case kept, first spelling wins)."""
    seen, result = set(), []
    for word in words:
        word = " ".join(str(word).split())
        if word and word.casefold() not in seen:
            if len(word) > MAX_TERM_LENGTH:
                raise ValidationError(
                    _("“%(word)s” is too long: at most %(max)d characters.")
                    % {"word": word[:20], "max": MAX_TERM_LENGTH},
                    code="too_long",
                )
            seen.add(word.casefold())
            result.append(word)
    if len(result) > MAX_TERMS:
        raise ValidationError(_("At most %(max)d entries per list.") % {"max": MAX_TERMS}, code="too_many")
    return result


def _check_watchers(watchers) -> list[User]:
    watchers = list(watchers)
    outsiders = [user for user in watchers if not user.has_perm("insights.view_watch_lists")]
    if outsiders:
        raise ValidationError(
            _("Only agents, moderators and admins can watch a list: %(names)s.")
            % {"names": ", ".join(str(user) for user in outsiders)},
            code="not_staff",
        )
    return watchers


def _save(watch_list: WatchList, *, name, terms, tags, categories, watchers, active) -> WatchList:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError(_("Give the list a name."), code="name")
    watch_list.name = name
    watch_list.terms = clean_words(terms)
    watch_list.tags = [tag.lower() for tag in clean_words(tags)]
    if not watch_list.terms and not watch_list.tags:
        raise ValidationError(_("Name at least one word, phrase or tag to watch."), code="empty")
    watch_list.active = active
    watchers = _check_watchers(watchers)
    watch_list.save()
    watch_list.categories.set(categories or [])
    watch_list.watchers.set(watchers)
    return watch_list


@transaction.atomic
def create_watch_list(*, by: User, name: str, terms, tags=(), categories=(), watchers=(), active=True) -> WatchList:
    """Start watching words and tags; the new list hears of posts from now on."""
    if not by.has_perm("insights.manage_watch_lists"):
        raise PermissionDenied(_("Only moderators and admins keep watch lists."))
    watch_list = WatchList(created_by=by)
    return _save(watch_list, name=name, terms=terms, tags=tags, categories=categories, watchers=watchers, active=active)


@transaction.atomic
def update_watch_list(
    *, watch_list: WatchList, by: User, name: str, terms, tags=(), categories=(), watchers=(), active=True
) -> WatchList:
    """Change what a list watches and who hears of it; hits found so far stay."""
    if not by.has_perm("insights.manage_watch_lists"):
        raise PermissionDenied(_("Only moderators and admins keep watch lists."))
    watch_list = WatchList.objects.select_for_update().get(pk=watch_list.pk)
    return _save(watch_list, name=name, terms=terms, tags=tags, categories=categories, watchers=watchers, active=active)


@transaction.atomic
def delete_watch_list(*, watch_list: WatchList, by: User) -> None:
    """Stop watching and forget the list's hits."""
    if not by.has_perm("insights.manage_watch_lists"):
        raise PermissionDenied(_("Only moderators and admins keep watch lists."))
    WatchList.objects.filter(pk=watch_list.pk).delete()


# Matching


def _public_post(kind: str, object_id: int):
    """(post, question, text) for a public post in a public thread, or None."""
    public = Q(deleted_at__isnull=True, removal="")
    if kind == WatchHit.Kind.QUESTION:
        post = Question.objects.filter(public, pk=object_id).first()
        return (post, post, f"{post.title}\n{post.body}") if post else None
    model = Answer if kind == WatchHit.Kind.ANSWER else Reply
    post = model.objects.filter(public, pk=object_id).select_related("question").first()
    if post is None or post.question.deleted_at is not None or post.question.removal:
        return None
    return post, post.question, post.body


def _matching_terms(terms: list[str], text: str, language: str) -> set[str]:
    """The terms found in the text, each stemmed as the forum's search stems the post's language."""
    if not terms:
        return set()
    config = "german" if language == "de" else "english"
    with connection.cursor() as cursor:
        # phraseto_tsquery: a phrase matches its words in order; a single word matches any of its forms.
        cursor.execute(
            f"""
            SELECT term FROM unnest(%s::text[]) AS term
            WHERE numnode(phraseto_tsquery('{config}', term)) > 0
              AND to_tsvector('{config}', %s) @@ phraseto_tsquery('{config}', term)
            """,  # noqa: S608  (the configuration is one of two literals)  # nosec B608  # as the noqa says
            [terms, text],
        )
        return {row[0] for row in cursor.fetchall()}


def match_post(*, kind: str, object_id: int) -> list[WatchHit]:
    """Record the post on every active list it matches, once per list, and tell each list's watchers."""
    found = _public_post(kind, object_id)
    if found is None:
        return []
    post, question, text = found
    lists = list(WatchList.objects.filter(active=True).prefetch_related("categories"))
    if not lists:
        return []
    all_terms = sorted({term for watch_list in lists for term in watch_list.terms})
    matching = _matching_terms(all_terms, text, question.language)
    tags = {name.lower() for name in question.tags.names()}
    hits = []
    for watch_list in lists:
        categories = {category.pk for category in watch_list.categories.all()}
        if categories and question.category_id not in categories:
            continue
        terms = [term for term in watch_list.terms if term in matching]
        matched_tags = [tag for tag in watch_list.tags if tag in tags]
        if not terms and not matched_tags:
            continue
        with transaction.atomic():
            hit, created = WatchHit.objects.get_or_create(
                watch_list=watch_list,
                kind=kind,
                object_id=object_id,
                defaults={
                    "question": question,
                    "category_id": question.category_id,
                    "matched_terms": terms,
                    "matched_tags": matched_tags,
                },
            )
            if created:
                events.publish(
                    events.WatchListMatched(
                        watch_list_id=watch_list.pk,
                        hit_id=hit.pk,
                        question_id=question.pk,
                        kind=kind,
                        object_id=object_id,
                        author_id=post.author_id,
                        matched=tuple(terms + [f"#{tag}" for tag in matched_tags]),
                    )
                )
                hits.append(hit)
    return hits


def post_of(event) -> tuple[str, int] | None:
    """(kind, id) of the post a forum or moderation event is about."""
    if isinstance(event, events.PostApproved):
        return (event.kind, event.object_id) if event.kind in WatchHit.Kind.values else None
    reply_id = getattr(event, "reply_id", None)
    if reply_id:
        return WatchHit.Kind.REPLY, reply_id
    answer_id = getattr(event, "answer_id", None)
    if answer_id:
        return WatchHit.Kind.ANSWER, answer_id
    return WatchHit.Kind.QUESTION, event.question_id
