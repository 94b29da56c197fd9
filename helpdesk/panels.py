"""What the helpdesk shows on forum pages, through forum.panels (the forum does not know the helpdesk)."""


def ticket_links(request, question) -> str:
    """Beside a thread, for agents, moderators and admins only: its linked tickets and the form to link one.

    Everyone else gets nothing, and the permission is asked first, so their page pays no query for it.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.has_perm("helpdesk.view_ticket_links"):
        return ""
    from .views.tickets import render_panel

    return render_panel(request, question)


def connect() -> None:
    from forum import panels

    panels.register_panel("question_side", ticket_links)
