"""The follow buttons notifications puts on forum pages (through forum.panels)."""

from django.template.loader import render_to_string

from .views import follow_context


def follow_button(request, obj) -> str:
    return render_to_string("notifications/_follow.html", follow_context(request, obj))


def follow_box(request, question) -> str:
    """Beside a thread (below it on phones): the follow button, with what following brings."""
    return render_to_string("notifications/_follow_box.html", follow_context(request, question))


def connect() -> None:
    from forum import panels

    for place in ("category_actions", "tag_actions"):
        panels.register_panel(place, follow_button)
    panels.register_panel("question_side", follow_box)
