from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community.http import refusal
from forum import selectors as forum_selectors
from forum.models import Answer, Question, Reply

from . import selectors, services
from .forms import FlagForm
from .models import Flag

KINDS = {"question": Question, "answer": Answer, "reply": Reply}


def _post_or_404(request, kind: str, pk: int):
    model = KINDS.get(kind)
    post = (
        model.objects.filter(pk=pk).select_related(*(["question"] if model is not Question else [])).first()
        if model
        else None
    )
    question = post if isinstance(post, Question) else getattr(post, "question", None)
    if post is None or question.category.audience not in forum_selectors.audiences(request.user):
        raise Http404
    return post


@login_required
def flag(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    post = _post_or_404(request, kind, pk)
    if not request.user.has_perm("moderation.flag_post", post):
        raise PermissionDenied(_("You cannot flag this post."))
    form = FlagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.flag_post(post=post, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you. Super users and moderators will look at it."))
            return redirect(post)
    status = 422 if request.method == "POST" else 200
    return render(request, "moderation/flag.html", {"form": form, "post": post, "kind": kind}, status=status)


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("moderation.handle_flags"):
        raise PermissionDenied(_("Only super users and moderators handle flags."))
    return render(request, "moderation/queue.html", {"flags": selectors.open_flags(request.user)})


@login_required
@require_POST
def handle(request: HttpRequest, pk: int) -> HttpResponse:
    flag = Flag.objects.filter(pk=pk).select_related("question", "answer", "reply").first()
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
