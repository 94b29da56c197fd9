"""The follow buttons notifications puts on forum pages (through forum.panels)."""

from django.template.loader import render_to_string

from .views import follow_context


def follow_button(request, obj) -> str:
    return render_to_string("notifications/_follow.html", follow_context(request, obj))


def connect() -> None:
    from forum import panels

    for place in ("question_actions", "category_actions", "tag_actions"):
        panels.register_panel(place, follow_button)
