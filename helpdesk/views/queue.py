"""The agent queue: what waits for the service team, longest first, and marking an entry done."""

from dataclasses import dataclass
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from community.http import done, is_local_url

from .. import services
from ..models import QueueItem, ResponsePolicy
from ..selectors import routing as selectors

PER_PAGE = 50


def duration(span: timedelta) -> str:
    """A waiting time as people say it: "2 d 3 h", "3 h 12 min", "4 h", "12 min"."""
    minutes = max(int(span.total_seconds() // 60), 0)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        if not hours:
            return _("%(days)d d") % {"days": days}
        return _("%(days)d d %(hours)d h") % {"days": days, "hours": hours}
    if hours:
        if not minutes:
            return _("%(hours)d h") % {"hours": hours}
        return _("%(hours)d h %(minutes)d min") % {"hours": hours, "minutes": minutes}
    return _("%(minutes)d min") % {"minutes": minutes}


@dataclass(frozen=True)
class Row:
    item: QueueItem
    waited: str
    missed: bool


def _category_id(request: HttpRequest) -> int | None:
    value = request.GET.get("category", "")
    # Any other text ("²", 5000 digits, a number past the column's range) shows all categories.
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 18 else None


@login_required
@require_GET
def agent_queue(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("helpdesk.view_agent_queue"):
        raise PermissionDenied(_("Only agents, moderators and admins see the agent queue."))
    category_id = _category_id(request)
    page = Paginator(selectors.queue_items(category_id=category_id), PER_PAGE).get_page(request.GET.get("page"))
    now = timezone.now()
    policy = ResponsePolicy.current()
    target = timedelta(minutes=policy.response_target_minutes)
    rows = [
        Row(item, duration(selectors.waited(item.waiting_since, now)), now - item.waiting_since > target)
        for item in page.object_list
    ]
    context = {
        "page": page,
        "rows": rows,
        "categories": selectors.queue_categories(),
        "category_id": category_id,
        "target": duration(target),
        "can_work": request.user.has_perm("helpdesk.work_queue"),
    }
    return render(request, "helpdesk/queue.html", context)


@login_required
@require_POST
def queue_item_done(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(QueueItem, pk=pk)
    services.dismiss_item(item=item, by=request.user)  # PermissionDenied becomes a 403
    message = _("Done: the entry left the agent queue.")
    if request.htmx:  # the row goes away in place; the toast says so
        return done(request, HttpResponse(""), message)
    messages.success(request, message)
    back = request.POST.get("next")
    return redirect(back if is_local_url(back, request) else reverse("helpdesk:queue"))
