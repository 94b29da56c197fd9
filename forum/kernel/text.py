"""What people write, as pages show it: Markdown with @mentions linked, and plain-text excerpts."""

import html as html_lib

import nh3
from django.db.models.functions import Lower

from community.accounts.models import User
from community.markdown import Mention, Rendered, mention_candidates, render_post


def render_with_mentions(text: str) -> Rendered:
    """Render Markdown, linking @handles of people who exist (one query for all of them, none without any)."""
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


def already_mentioned(old_text: str, rendered: Rendered) -> set[int]:
    """Who the text mentioned before an edit, so an edit tells only the people it newly mentions.

    Asked only when the new text mentions anyone at all: an edit without mentions costs no query.
    """
    return render_with_mentions(old_text).mentioned if rendered.mentioned else set()


def excerpt(html: str, length: int = 240) -> str:
    """Plain text for lists and cards: the rendered post without markup, cut at a word."""
    text = " ".join(html_lib.unescape(nh3.clean(html, tags=set())).split())
    if len(text) <= length:
        return text
    return text[:length].rsplit(" ", 1)[0] + "…"
