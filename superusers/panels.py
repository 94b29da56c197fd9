"""What superusers shows on other apps' pages: marks beside authors, a section on profiles."""

import json

from django.template.loader import render_to_string

from . import selectors


def profile_section(request, person) -> str:
    data = selectors.profile(person)
    chart = json.dumps({"labels": [day for day, _ in data.chart], "values": [total for _, total in data.chart]})
    return render_to_string(
        "superusers/_profile.html", {"data": data, "person": person, "chart": chart, "request": request}
    )


def connect() -> None:
    from community.accounts import profile
    from forum import panels

    panels.register_author_marks(selectors.author_marks)
    profile.register_section(profile_section)
