"""The trends page: what people write about far more this week, with the threads behind it."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from forum.models import Category

from ..selectors import trends as selectors


@login_required
@require_GET
def trends(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("insights.view_trends"):
        raise PermissionDenied(_("Only moderators and admins see trends."))
    categories = list(Category.objects.only("id", "slug", "name_en", "name_de"))
    chosen = next((c for c in categories if c.slug == request.GET.get("category")), None)
    status = 200
    if request.GET.get("category") and chosen is None:
        status = 400  # an unknown category: say so, and show every category's trends
    found = selectors.trending_terms(category=chosen)
    context = {
        "trends": found,
        "categories": categories,
        "chosen": chosen,
        "unknown_category": status == 400,
        "baseline_weeks": selectors.BASELINE_WEEKS,
    }
    return render(request, "insights/trends.html", context, status=status)
