"""Markdown to safe HTML: the one place where text people write becomes markup.

markdown-it-py renders CommonMark with raw HTML switched off (typed HTML comes out as text), then
nh3 keeps only the tags, attributes and URL schemes below. Nothing a person writes can run script in
another person's browser; this module holds the only code that marks HTML safe.

`@handle` becomes a link to the person's profile when the caller names them in `mentions` (the
services look the handles up once, on write); an unknown handle stays plain text, and a handle inside
code stays code.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import nh3
from django.db import models
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_inline import StateInline

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "blockquote",
    "pre",
    "code",
    "em",
    "strong",
    "del",
    "s",
    "a",
    "ul",
    "ol",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "span",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "class"},
    "code": {"class"},
    "span": {"class"},
    "ol": {"start"},
}
ALLOWED_SCHEMES = {"http", "https", "mailto"}

HANDLE = r"[A-Za-z0-9][A-Za-z0-9_.-]{1,28}[A-Za-z0-9_]"
MENTION_CANDIDATES = re.compile(rf"(?<![\w@/]){re.escape('@')}({HANDLE})")
_MENTION_AT = re.compile(HANDLE)


@dataclass(frozen=True)
class Mention:
    user_id: int
    handle: str
    url: str


@dataclass
class Rendered:
    html: SafeString
    mentioned: set[int] = field(default_factory=set)


def mention_candidates(text: str) -> set[str]:
    """Handles that look mentioned (lower-cased); the caller looks them up, then renders."""
    return {match.lower() for match in MENTION_CANDIDATES.findall(text or "")}


def _mention_rule(state: StateInline, silent: bool) -> bool:
    if state.src[state.pos] != "@":
        return False
    before = state.src[state.pos - 1] if state.pos > 0 else " "
    if before.isalnum() or before in "_@/":  # an email address or a path, not a mention
        return False
    match = _MENTION_AT.match(state.src, state.pos + 1)
    mentions: Mapping[str, Mention] = state.env.get("mentions") or {}
    mention = mentions.get(match.group(0).lower()) if match else None
    if mention is None:
        return False
    if not silent:
        token = state.push("link_open", "a", 1)
        token.attrs = {"href": mention.url, "class": "mention"}
        text = state.push("text", "", 0)
        text.content = f"@{mention.handle}"
        state.push("link_close", "a", -1)
        state.env.setdefault("mentioned", set()).add(mention.user_id)
    state.pos = match.end()
    return True


def _image_as_link(self, tokens, idx, options, env) -> str:
    # Pictures from other servers would tell them who reads the page (and the CSP blocks them):
    # an image becomes a link to it, named by its alt text.
    token = tokens[idx]
    alt = self.renderInlineAsText(token.children or [], options, env) or token.attrGet("src")
    return f'<a href="{escapeHtml(str(token.attrGet("src") or ""))}">{escapeHtml(str(alt))}</a>'


def _setup(md: MarkdownIt) -> None:
    md.inline.ruler.before("link", "mention", _mention_rule)
    md.add_render_rule("image", _image_as_link)


_parser = (
    MarkdownIt("commonmark", {"html": False, "linkify": True, "typographer": False})
    .enable(["table", "strikethrough", "linkify"])
    .use(_setup)
)


def _clean(html: str) -> SafeString:
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="nofollow ugc noopener",
    )
    return mark_safe(clean)  # nosec B308, B703  # the one reviewed place: HTML sanitised by nh3


def render_post(text: str, mentions: Mapping[str, Mention] | None = None) -> Rendered:
    """Render a post's Markdown to safe HTML and say whom it mentions."""
    env: dict = {"mentions": mentions or {}}
    html = _parser.render(text or "", env)
    return Rendered(html=_clean(html), mentioned=set(env.get("mentioned", ())))


def render(text: str) -> SafeString:
    """Render Markdown an admin or a member wrote to HTML that is safe to show to anyone."""
    return render_post(text).html


class RenderedHTMLField(models.TextField):
    """HTML that `render_post` produced and sanitised on write; it comes back from the database as safe."""

    def from_db_value(self, value, expression, connection):
        return None if value is None else mark_safe(value)  # nosec B308, B703  # the one reviewed place: HTML sanitised by nh3
