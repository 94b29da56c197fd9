"""The "Escalate to the helpdesk" button on a thread: HTTP only, the service decides."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community.http import done, refusal
from forum.models import Question

from .. import panels, services
from ..forms.webhooks import EscalateForm


@login_required
@require_POST
def thread_escalate(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_object_or_404(Question.objects.select_related("category", "author"), pk=pk)
    if not request.user.has_perm("forum.view_category", question.category):
        raise Http404
    if not request.user.has_perm("helpdesk.escalate_thread", question):
        raise PermissionDenied(_("Only agents and moderators escalate threads."))
    form = EscalateForm(request.POST)
    if not form.is_valid():
        return refusal(request, ValidationError(form.errors["note"]), back_to=question)
    try:
        services.escalate_thread(question=question, by=request.user, note=form.cleaned_data["note"])
    except ValidationError as error:
        return refusal(request, error, back_to=question)
    message = _("Escalated: the thread is on its way to the helpdesk.")
    if not request.htmx:
        messages.success(request, message)
        return redirect(question)
    return done(request, HttpResponse(panels.escalate_box(request, question)), message)
