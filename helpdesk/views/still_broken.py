"""When an accepted answer did not solve it: the asker of the question tells the team ("still broken")."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from community.http import form_status
from forum.models import Question

from .. import services
from ..services.agent_queue import STILL_BROKEN_MAX, STILL_BROKEN_MIN


class StillBrokenForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("What still does not work?"),
        help_text=gettext_lazy("Your words appear under your question for everyone, and the service team hears of it."),
        min_length=STILL_BROKEN_MIN,
        max_length=STILL_BROKEN_MAX,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


@login_required
@require_http_methods(["GET", "POST"])
def still_broken(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_object_or_404(Question.objects.select_related("category"), pk=pk, deleted_at__isnull=True)
    if not request.user.has_perm("helpdesk.report_still_broken", question):
        raise PermissionDenied(_("Only the asker can say that their question is still not solved."))
    form = StillBrokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_still_broken(question=question, by=request.user, text=form.cleaned_data["text"])
        except ValidationError as error:
            # The forum's reply checks name their own fields: their words go above the form.
            fields = getattr(error, "error_dict", {})
            form.add_error(None, error if fields and set(fields) <= set(form.fields) else error.messages)
        else:
            messages.success(request, _("Thank you. The service team has been told that this is still broken."))
            return redirect(question)
    context = {"question": question, "form": form}
    return render(request, "helpdesk/still_broken.html", context, status=form_status(request))
