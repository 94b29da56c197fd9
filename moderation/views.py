from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community.http import form_status, refusal, submitted
from forum import selectors as forum_selectors

from . import selectors, services
from .forms import FlagForm


def _post_or_404(request, kind: str, pk: int):
    post = forum_selectors.visible_post(request.user, kind, pk)
    if post is None:
        raise Http404
    return post


@login_required
def flag(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    post = _post_or_404(request, kind, pk)
    if not request.user.has_perm("moderation.flag_post", post):
        raise PermissionDenied(_("You cannot flag this post."))
    form = FlagForm(request.POST or None)
    if submitted(request, form, lambda data: services.flag_post(post=post, by=request.user, **data)):
        messages.success(request, _("Thank you. Super users and moderators will look at it."))
        return redirect(post)
    context = {"form": form, "post": post, "kind": kind}
    return render(request, "moderation/flag.html", context, status=form_status(request))


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("moderation.handle_flags"):
        raise PermissionDenied(_("Only super users and moderators handle flags."))
    return render(request, "moderation/queue.html", {"flags": selectors.open_flags(request.user)})


@login_required
@require_POST
def handle(request: HttpRequest, pk: int) -> HttpResponse:
    flag = selectors.flag_or_none(pk)
    if flag is None:
        raise Http404
    try:
        services.handle_flag(
            flag=flag,
            by=request.user,
            uphold=request.POST.get("decision") == "uphold",
            note=request.POST.get("note", ""),
        )
    except ValidationError as error:
        return refusal(request, error, back_to="moderation:queue")
    messages.success(request, _("The flag is handled."))
    return redirect("moderation:queue")
