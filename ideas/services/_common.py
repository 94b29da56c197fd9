"""What every idea service shares: permission checks, the checks before a write, text, Markdown, the index."""

import html as html_lib

import nh3
from django.contrib.postgres.search import SearchVector
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from community.accounts.models import User
from community.markdown import Mention, Rendered, mention_candidates, render_post
from forum import checks

from ..models import Idea


def require(user, perm: str, obj=None, message: str | None = None) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied(message or _("You are not allowed to do that."))


def check_can_write(user, action: str) -> None:
    """Invariants for every writer, then the checks other apps registered in front of writes (rate limits)."""
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


def render(text: str) -> Rendered:
    """Markdown to safe HTML, linking @handles of people who exist (one query for all of them)."""
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


def excerpt(html: str, length: int = 240) -> str:
    """Plain text for cards: the rendered text without markup, cut at a word."""
    text = " ".join(html_lib.unescape(nh3.clean(html, tags=set())).split())
    if len(text) <= length:
        return text
    return text[:length].rsplit(" ", 1)[0] + "…"


def reindex(idea_id: int) -> None:
    """Bring the idea's search vector in line with its title and description (same transaction)."""
    Idea.objects.filter(pk=idea_id).update(
        search_vector=SearchVector("title", weight="A", config="simple")
        + SearchVector("body", weight="B", config="simple")
    )


def lock(idea: Idea, *, no_key: bool = False) -> Idea:
    """The idea's row, locked for this transaction and read fresh."""
    return Idea.objects.select_for_update(no_key=no_key).get(pk=idea.pk)


def refuse_merged(idea: Idea) -> None:
    if idea.merged_into_id is not None:
        raise ValidationError(
            _("This idea was merged into idea #%(id)d; please continue there.") % {"id": idea.merged_into_id},
            code="merged",
        )
