"""Walk every route of the URLconf: find a working address for each by following the site's own links and
forms, then send bad values to every parameter. Used by tests/community/test_bad_input.py."""

import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode, urljoin, urlsplit

from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

# A NUL byte, a value of 10 kB, a word nothing knows, numbers out of every range and too long for int(),
# a digit int() refuses, bytes that are not UTF-8, another site's address (for `next`), the first and last
# days a date can have, and the characters search syntaxes and LIKE patterns give meaning to.
PAYLOADS = [
    "\x00",
    "x" * 10_240,
    "zzz-unknown",
    "99999999999999999999999",
    "9" * 5_000,
    "²",
    b"\xff\xfe",
    "//evil.example.com",
    "0001-01-01",
    "9999-12-31",
    "'\"\\():*&|!<->%_",
]
# For each parameter on its own, the few that tell most.
SHORT_PAYLOADS = [*PAYLOADS[:4], "²"]

# Names any view might read; those the code reads are added from the sources (see `parameter_names`).
COMMON_PARAMETERS = [
    "q", "page", "sort", "state", "tag", "tags", "area", "category", "status", "period", "solved", "from", "to",
    "next", "title", "body", "language", "reply_to", "exclude", "merged", "ask_session", "kind", "o", "p", "e",
    "_to_field", "_popup", "_changelist_filters", "all", "term", "app_label", "model_name", "field_name",
]  # fmt: skip

READS = re.compile(r"""(?:GET|POST|QUERY_PARAMS|query_params)(?:\.get(?:list)?\(|\[)\s*["']([\w-]+)["']""")


def parameter_names() -> list[str]:
    """The common names plus every name the project's code reads from a request."""
    names = set(COMMON_PARAMETERS)
    for folder in ("community", "forum", "ideas", "superusers"):
        for source in (Path(settings.BASE_DIR) / folder).rglob("*.py"):
            names.update(READS.findall(source.read_text()))
    return sorted(names)


@dataclass(frozen=True)
class Route:
    pattern: str  # the full pattern, regex groups and converters as written
    name: str
    parts: tuple[str, ...]  # the path parameters

    def url(self, values: dict[str, str]) -> str:
        """The address with these values (percent-encoded) in place of the parameters."""
        text = self.pattern
        for part in self.parts:
            value = quote(values[part], safe="")
            text = re.sub(rf"(?<!\?P)<(?:\w+:)?{part}>", lambda _m, v=value: v, text)
            start = text.find(f"(?P<{part}>")
            if start >= 0:
                depth, end = 0, start
                while end < len(text):
                    if text[end] == "\\":
                        end += 2
                        continue
                    depth += {"(": 1, ")": -1}.get(text[end], 0)
                    if depth == 0:
                        break
                    end += 1
                text = text[:start] + value + text[end + 1 :]
        return "/" + re.sub(r"(?<=/)\^", "", text).removeprefix("^").removesuffix("$")


def routes() -> list[Route]:
    found = []

    def walk(patterns, prefix, names):
        for entry in patterns:
            pattern = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, pattern, names + ([entry.namespace] if entry.namespace else []))
            elif isinstance(entry, URLPattern):
                parts = tuple(re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", pattern))
                parts = tuple(a or b for a, b in parts)
                name = ":".join([*names, entry.name]) if entry.name else pattern
                found.append(Route(pattern=pattern, name=name, parts=parts))

    walk(get_resolver().url_patterns, "", [])
    return found


def key(pattern: str) -> str:
    """A route's pattern as Django reports it in a match (a regex part loses its leading ^)."""
    return re.sub(r"(?<=/)\^", "", pattern)


def route_of(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return key(match.route)


@dataclass
class Form:
    action: str
    method: str
    fields: dict[str, str] = field(default_factory=dict)


_TAG = re.compile(r"<(form|/form|input|textarea|select|button|a|link|script|img|div|span|li|tr)\b([^>]*)>", re.I)
_ATTR = re.compile(r"""([\w:-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")


def _attributes(text: str) -> dict[str, str]:
    return {m[1].lower(): html.unescape(m[2] or m[3] or m[4] or "") for m in _ATTR.finditer(text)}


def page_links_and_forms(text: str, here: str) -> tuple[list[str], list[Form]]:
    """The addresses a page links to or loads with htmx, and its forms with their fields (our own markup)."""
    links: list[str] = []
    forms: list[Form] = []
    current = None
    for match in _TAG.finditer(text):
        tag, attrs = match[1].lower(), _attributes(match[2])
        links.extend(attrs[name] for name in ("href", "hx-get", "hx-post", "src") if attrs.get(name))
        if tag == "form":
            current = Form(action=attrs.get("action") or here, method=(attrs.get("method") or "get").lower())
            forms.append(current)
        elif tag == "/form":
            current = None
        elif tag in {"input", "textarea", "select", "button"} and current is not None and attrs.get("name"):
            if attrs.get("type") in {"checkbox", "radio"} and "checked" not in attrs:
                current.fields.setdefault(attrs["name"], "")
            else:
                current.fields[attrs["name"]] = attrs.get("value", "")
    return links, forms


def local(link: str, here: str = "/") -> str | None:
    parts = urlsplit(urljoin(here, link))
    if parts.scheme not in {"", "http"} or parts.netloc not in {"", "testserver"} or not parts.path.startswith("/"):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def crawl(client, start: list[str], limit: int = 200, per_route: int = 2) -> tuple[dict[str, str], dict[str, Form]]:
    """Follow links from `start`: one working address per route, and one form per route it posts to.

    A few addresses of each route are opened (a few questions, not one), so that what only some pages
    show (answers, replies, a moderator's forms) is found too.
    """
    samples: dict[str, str] = {}
    forms: dict[str, Form] = {}
    opened: dict[str, int] = {}
    queue, seen = list(start), set()
    while queue and len(seen) < limit:
        address = queue.pop(0)
        if address in seen:
            continue
        seen.add(address)
        response = client.get(address)
        if response.status_code >= 300 or "html" not in response.get("Content-Type", ""):
            continue
        links, page_forms = page_links_and_forms(response.content.decode(), urlsplit(address).path)
        for form in page_forms:
            target = local(form.action, address)
            route = route_of(urlsplit(target).path) if target else None
            if route is not None and form.method == "post":
                samples.setdefault(route, urlsplit(target).path)
                if route not in forms:
                    form.action = target
                    forms[route] = form
        for link in links:
            target = local(link, address)
            if target is None or target.startswith(settings.STATIC_URL):
                continue
            route = route_of(urlsplit(target).path)
            if route is None or "logout" in route or target in seen or target in queue:
                continue
            samples.setdefault(route, urlsplit(target).path)
            if opened.get(route, 0) < per_route:
                opened[route] = opened.get(route, 0) + 1
                queue.append(target)
    return samples, forms


def borrow(samples: dict[str, str], all_routes: list[Route]) -> dict[str, str]:
    """Fill routes no link led to from a sibling that was reached: `answers/<pk>/` from `answers/<pk>/edit/`."""
    filled = dict(samples)
    for route in all_routes:
        if not route.parts or key(route.pattern) in filled:
            continue
        head = route.pattern[: re.search(r"[<(]", route.pattern).start()]
        for other in all_routes:
            address = filled.get(key(other.pattern))
            if not address or not other.pattern.startswith(head):
                continue
            values = resolve(address).kwargs
            if set(route.parts) <= set(values):
                filled[key(route.pattern)] = route.url({part: str(values[part]) for part in route.parts})
            elif len(route.parts) == len(values):  # the same value under another name: `<id>`, `<object_id>`
                filled[key(route.pattern)] = route.url(dict(zip(route.parts, map(str, values.values()), strict=True)))
            else:
                continue
            break
    return filled


def query(values: dict) -> str:
    return "?" + urlencode(values)
