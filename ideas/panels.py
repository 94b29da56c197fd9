"""What the idea board shows on forum pages, through forum.panels (the forum does not know ideas), and
its page in the staff menu."""

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from community import fragments as every_page
from community import staff

from . import fragments, selectors

IDEAS_TO_ANSWER = staff.StaffPage(
    code="ideas_to_answer",
    label=_("New ideas to answer"),
    url_name="ideas:idea-list",
    query="status=new",
    permission="ideas.change_status",
    waiting=lambda user: selectors.new_idea_count(),
    describe=lambda n: ngettext("%(count)d new idea", "%(count)d new ideas", n) % {"count": n},
    order=30,
)


def linked_ideas(request, question) -> str:
    """Beside a thread: the ideas it is linked to, with status and votes (cached: no query per view)."""
    ideas = selectors.linked_ideas(question.pk)
    if not ideas:
        return ""
    return render_to_string("ideas/_linked_ideas.html", {"ideas": ideas})


def thread_to_idea(request, question) -> str:
    """Above a thread, for super users and moderators: turn it into an idea."""
    user = getattr(request, "user", None)
    if user is None or question.is_deleted or not user.has_perm("ideas.idea_from_thread", question):
        return ""
    return render_to_string("ideas/_thread_action.html", {"question": question})


def keys_read(request) -> list[str]:
    """A thread's page reads its linked-ideas panel: prefetched with the page's other kept values."""
    match = getattr(request, "resolver_match", None)
    if match is None or match.view_name != "forum:question-detail":
        return []
    return [fragments.linked_key(match.kwargs["pk"])]


def connect() -> None:
    from forum import panels

    panels.register_panel("question_side", linked_ideas)
    panels.register_panel("question_actions", thread_to_idea)
    staff.register(IDEAS_TO_ANSWER)
    every_page.read_on_every_page(keys_read)
