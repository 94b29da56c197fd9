"""Hostile input through the real pipeline (services, Markdown, nh3, templates) comes out inert."""

from html.parser import HTMLParser

import pytest

from forum import services
from tests.accounts.factories import UserFactory

from .factories import CategoryFactory

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<svg onload="alert(1)"><circle r="4"/></svg>',
    "[click me](javascript:alert(1))",
    "[click me](JaVaScRiPt:alert(1))",
    "[click me](  javascript:alert(1))",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![pic](javascript:alert(1))",
    "![pic](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    '<a href="jav&#x61;script:alert(1)">x</a>',
    "<javascript:alert(1)>",
    "[x](vbscript:msgbox(1))",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<style>body{display:none}</style>",
    '<form action="https://evil.example"><input name="password"></form>',
    '[link](https://example.com "title" onmouseover="alert(1)")',
    '<a href="https://example.com" onclick="alert(1)">x</a>',
    "<object data=javascript:alert(1)>",
    "<math><mi xlink:href=javascript:alert(1)>x</mi></math>",
    "`<script>` in code stays code",
    "<<script>script>alert(1)<</script>/script>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    '"><script>alert(1)</script>',
    "{{ 7*7 }} {% now 'Y' %}",
]
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:")


class InertChecker(HTMLParser):
    """Collects anything in a page that could run script."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and not (attributes.get("src") or "").startswith("/static/"):
            self.problems.append("inline <script>")
        if tag in {"iframe", "object", "embed", "style"}:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"event handler {name}")
            if name in {"href", "src", "action", "xlink:href", "formaction"} and value:
                cleaned = "".join(value.split()).lower()
                if cleaned.startswith(DANGEROUS_SCHEMES):
                    self.problems.append(f"{name}={value}")
            if name == "style":
                self.problems.append("inline style")


def page_problems(html: str) -> list[str]:
    checker = InertChecker()
    checker.feed(html)
    return checker.problems


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_hostile_post_is_inert_on_the_page(client, payload):
    # Established members: a new member's post with links would wait for review and not be on the page.
    writer = UserFactory(display_name=payload[:60], bio=payload, established=True)
    question = services.ask_question(
        by=writer,
        title=f"Hostile {payload}"[:150].ljust(12, "."),
        body=f"Question text {payload}",
        category=CategoryFactory(),
        tags=["safety"],
        language="en",
    )
    answer = services.post_answer(question=question, by=UserFactory(established=True), body=f"Answer {payload}")
    services.post_reply(question=question, answer=answer, by=UserFactory(established=True), body=f"Reply {payload}")
    for url in (question.get_absolute_url(), "/", writer.get_absolute_url(), f"/questions/{question.pk}/revisions/"):
        html = client.get(url).content.decode()
        assert page_problems(html) == [], url
        if "{{" in payload:
            assert "{{ 7*7 }}" in html  # text, never evaluated as a template


def test_the_checker_itself_catches_what_it_looks_for():
    assert page_problems('<p onclick="x">a</p>') == ["event handler onclick"]
    assert page_problems('<a href=" JavaScript:alert(1)">a</a>')
    assert page_problems("<script>alert(1)</script>") == ["inline <script>"]
