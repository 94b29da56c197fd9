"""What superusers shows on other apps' pages: marks beside authors, a section on profiles, its pages
in the staff menu."""

import json

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from community import staff

from . import selectors

STAFF_PAGES = (
    staff.StaffPage(
        code="candidates",
        label=_("Super-user candidates"),
        url_name="superusers:candidates",
        permission="superusers.view_candidates",
        waiting=lambda user: selectors.waiting_candidates(),
        describe=lambda n: (
            ngettext("%(count)d candidate waits for a decision", "%(count)d candidates wait for a decision", n)
            % {"count": n}
        ),
        order=40,
    ),
    staff.StaffPage(
        code="voting",
        label=_("Voting patterns"),
        url_name="superusers:voting",
        permission="superusers.view_voting",
        order=50,
    ),
)


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
    for page in STAFF_PAGES:
        staff.register(page)
