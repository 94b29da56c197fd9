"""The webhook delivery log for admins: what went out, to whom, how often it was tried, and "send again"."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from community.http import next_url

from ..forms.webhooks import DeliveryFilterForm
from ..models import WebhookDelivery
from ..selectors import webhooks as selectors
from ..services import webhooks

PER_PAGE = 50


def _allowed(request: HttpRequest) -> None:
    if not request.user.has_perm("helpdesk.manage_integrations"):
        raise PermissionDenied(_("Only admins manage integrations."))


@login_required
@require_GET
def webhook_log(request: HttpRequest) -> HttpResponse:
    _allowed(request)
    form = DeliveryFilterForm(request.GET, endpoints=selectors.endpoints())
    filters = form.filters()
    page = Paginator(selectors.deliveries(**filters), PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "filtered": any(filters.values()),
        "escalations": selectors.recent_escalations(),
    }
    return render(request, "helpdesk/webhook_log.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def webhook_send_again(request: HttpRequest, pk: int) -> HttpResponse:
    _allowed(request)
    delivery = get_object_or_404(WebhookDelivery, pk=pk)
    if webhooks.send_again(delivery=delivery, by=request.user):
        messages.success(request, _("The delivery is sent again."))
    else:
        messages.info(request, _("Only a failed delivery can be sent again."))
    return redirect(next_url(request, "helpdesk:webhook-log"))
