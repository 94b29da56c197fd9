"""The page every kind of post is edited on, in the forum and on the idea board."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from community.http import form_status, submitted


def edit_page(
    request: HttpRequest,
    post,
    *,
    permission: str,
    refused: str,
    form,
    write: Callable[[dict], object],
    template: str,
    back_title: str,
    saved: str | None = None,
    **context,
) -> HttpResponse:
    """Edit `post` with `form`: a 403 with the reason `refused` for those without `permission` on it; once
    `write` (one service) saved it, the message `saved` and back to the post; else the form again.

    The template extends forum/kernel/edit_page.html, which links back to the post under `back_title`.
    """
    if not request.user.has_perm(permission, post):
        raise PermissionDenied(refused)
    edited = submitted(request, form, write)
    if edited:
        messages.success(request, saved or _("Your changes are saved."))
        return redirect(edited)  # as saved: a new title is a new address
    context.update(form=form, back_url=post.get_absolute_url(), back_title=back_title)
    return render(request, template, context, status=form_status(request))
