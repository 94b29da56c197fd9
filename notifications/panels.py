"""The follow buttons notifications puts on other apps' pages, through the places the forum keeps
(forum.panels): on categories, tags and threads, and on ideas ("idea_actions")."""

from django.template.loader import render_to_string

from .views import follow_context


def follow_button(request, obj) -> str:
    return render_to_string("notifications/_follow.html", follow_context(request, obj))


def follow_box(request, question) -> str:
    """Beside a thread (below it on phones): the follow button, with what following brings."""
    return render_to_string("notifications/_follow_box.html", follow_context(request, question))


def connect() -> None:
    from forum import panels

    for place in ("category_actions", "tag_actions", "idea_actions"):
        panels.register_panel(place, follow_button)
    panels.register_panel("question_side", follow_box)
