"""The moderation tools of a question: close, reopen, duplicate, lock, pin, move, retag."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community.http import submitted

from .. import selectors, services
from ..forms import CloseForm, DuplicateForm, MoveForm, PinForm, RetagForm
from .lookups import question_or_404

TOOLS = [
    "forum.close_question",
    "forum.mark_duplicate",
    "forum.lock_question",
    "forum.pin_question",
    "forum.move_question",
    "forum.retag_question",
]


def _forms(request, question, **bound) -> dict:
    forms = {
        "close_form": CloseForm(),
        "duplicate_form": DuplicateForm(),
        "pin_form": PinForm(),
        "move_form": MoveForm(initial={"category": question.category_id}),
        "retag_form": RetagForm(initial={"tags": ", ".join(sorted(question.tags.names()))}),
    }
    _move_choices(forms["move_form"], request.user)
    forms.update(bound)
    return forms


def _move_choices(form: MoveForm, user) -> None:
    form.fields["category"].queryset = selectors.visible_categories(user)
    form.fields["category"].offer(selectors.categories_to_start_in(user))


def _page(request, question, status=200, **bound) -> HttpResponse:
    context = {"question": question, **_forms(request, question, **bound)}
    return render(request, "forum/question_manage.html", context, status=status)


@login_required
def question_manage(request: HttpRequest, pk: int) -> HttpResponse:
    question = question_or_404(request, pk)
    if not any(request.user.has_perm(perm, question) for perm in TOOLS):
        raise PermissionDenied(_("Only super users and moderators can manage questions."))
    return _page(request, question)


def _done(request, question, message) -> HttpResponse:
    messages.success(request, message)
    return redirect(question)


@login_required
@require_POST
def question_close(request: HttpRequest, pk: int) -> HttpResponse:
    question = question_or_404(request, pk)
    form = CloseForm(request.POST)
    if submitted(request, form, lambda data: services.close_question(question=question, by=request.user, **data)):
        return _done(request, question, _("The question is closed."))
    return _page(request, question, status=422, close_form=form)


@login_required
@require_POST
def question_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    question = question_or_404(request, pk)
    services.reopen_question(question=question, by=request.user)
    return _done(request, question, _("The question is open again."))


@login_required
@require_POST
def question_duplicate(request: HttpRequest, pk: int) -> HttpResponse:
    question = question_or_404(request, pk)
    form = DuplicateForm(request.POST)

    def mark(data):
        original = selectors.visible_question(request.user, data["original"])
        return services.mark_duplicate(question=question, original=original, by=request.user)

    if submitted(request, form, mark):
        return _done(request, question, _("The question is marked as a duplicate."))
    return _page(request, question, status=422, duplicate_form=form)


@login_required
@require_POST
def question_lock(request: HttpRequest, pk: int) -> HttpResponse:
    question = question_or_404(request, pk)
    locked = request.POST.get("locked") != "0"
    services.lock_question(question=question, by=request.user, locked=locked)
    return _done(request, question, _("The question is locked.") if locked else _("The question is unlocked."))


@login_required
@require_POST
def question_pin(request: HttpRequest, pk: int) -> HttpResponse:
    question = question_or_404(request, pk)
    if request.POST.get("pinned") == "0":
        services.pin_question(question=question, by=request.user, pinned=False)
        return _done(request, question, _("The question is no longer pinned."))
    form = PinForm(request.POST)
    if submitted(request, form, lambda data: services.pin_question(question=question, by=request.user, **data)):
        return _done(request, question, _("The question is pinned."))
    return _page(request, question, status=422, pin_form=form)


@login_required
@require_POST
def question_move(request: HttpRequest, pk: int) -> HttpResponse:
    question = question_or_404(request, pk)
    form = MoveForm(request.POST)
    _move_choices(form, request.user)
    if submitted(request, form, lambda data: services.move_question(question=question, by=request.user, **data)):
        return _done(request, question, _("The question is moved."))
    return _page(request, question, status=422, move_form=form)


@login_required
@require_POST
def question_retag(request: HttpRequest, pk: int) -> HttpResponse:
    question = question_or_404(request, pk)
    form = RetagForm(request.POST)
    if submitted(request, form, lambda data: services.retag_question(question=question, by=request.user, **data)):
        return _done(request, question, _("The tags are saved."))
    return _page(request, question, status=422, retag_form=form)
