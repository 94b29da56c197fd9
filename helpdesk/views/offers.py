"""The unanswered questions offered to a super user of their topic: what the community asks them to answer."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ..selectors import routing as selectors


@login_required
@require_GET
def offered_questions(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("helpdesk.view_offers"):
        raise PermissionDenied(_("Questions are offered to super users of their topic."))
    return render(request, "helpdesk/offers.html", {"offers": selectors.offers_for(request.user)})
