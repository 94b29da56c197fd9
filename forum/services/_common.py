"""What every forum service shares: rendering with mentions, permission checks, activity bookkeeping."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.db.models.functions import Greatest, Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from community import events
from community.accounts.models import User
from community.markdown import Mention, Rendered, mention_candidates, render_post

from .. import checks
from ..models import Category, Question


def require(user, perm: str, obj=None, message: str | None = None) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied(message or _("You are not allowed to do that."))


def render_with_mentions(text: str) -> Rendered:
    """Render Markdown, linking @handles of people who exist (one query for all of them)."""
    handles = mention_candidates(text)
    if not handles:
        return render_post(text)
    people = (
        User.objects.filter(is_active=True)
        .annotate(lower_handle=Lower("handle"))
        .filter(lower_handle__in=handles)
        .values_list("pk", "handle", "lower_handle")
    )
    mentions = {lower: Mention(user_id=pk, handle=handle, url=f"/people/{handle}/") for pk, handle, lower in people}
    return render_post(text, mentions)


def publish_mentions(rendered: Rendered, *, by: User, question_id: int, answer_id=None, reply_id=None, skip=()) -> None:
    """A UserMentioned event per person mentioned, never for the writer, never twice for one post."""
    for user_id in sorted(rendered.mentioned - {by.pk, *skip}):
        events.publish(
            events.UserMentioned(
                mentioned_user_id=user_id,
                by_user_id=by.pk,
                question_id=question_id,
                answer_id=answer_id,
                reply_id=reply_id,
            )
        )


def check_can_write(user, action: str) -> None:
    """Invariants for every writer, then the checks other apps registered (rate limits, suspensions)."""
    if not user.is_authenticated or not user.is_active:
        raise PermissionDenied(_("Please sign in to write."))
    checks.before_write(user, action)


def require_text(text: str, *, field: str, minimum: int, maximum: int) -> str:
    text = (text or "").replace("\x00", "").strip()
    if len(text) < minimum:
        raise ValidationError({field: _("Please write at least %(n)d characters.") % {"n": minimum}}, code="too_short")
    if len(text) > maximum:
        raise ValidationError(
            {field: _("Please keep it under %(n)d characters (now %(len)d).") % {"n": maximum, "len": len(text)}},
            code="too_long",
        )
    return text


def excerpt(html: str, length: int = 240) -> str:
    """Plain text for list pages: the rendered post without markup, cut at a word."""
    import html as html_lib

    import nh3

    text = " ".join(html_lib.unescape(nh3.clean(html, tags=set())).split())
    if len(text) <= length:
        return text
    return text[:length].rsplit(" ", 1)[0] + "…"


def touch(question: Question, *, by: User) -> None:
    """Mark activity on a question and its category, so 'active' lists move it to the top."""
    now = timezone.now()
    Question.objects.filter(pk=question.pk).update(last_activity_at=now, last_activity_by=by)
    Category.objects.filter(pk=question.category_id).update(last_activity_at=now, last_question=question)


def bump_category(category_id: int, *, questions: int = 0, solved: int = 0) -> None:
    # Never below zero, even if a count drifted (rows written outside the services).
    Category.objects.filter(pk=category_id).update(
        question_count=Greatest(F("question_count") + questions, 0),
        solved_count=Greatest(F("solved_count") + solved, 0),
    )
