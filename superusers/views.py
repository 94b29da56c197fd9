from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from community import audit
from community.accounts.models import User
from community.http import refusal
from forum import selectors as forum_selectors

from . import selectors, services
from .badges import BADGES


def leaderboard(request: HttpRequest) -> HttpResponse:
    period = request.GET.get("period", "week")
    period = period if period in selectors.PERIODS else "week"
    categories = list(forum_selectors.visible_categories(request.user))
    chosen = next((c for c in categories if c.slug == request.GET.get("category")), None)
    rows = selectors.leaderboard(period=period, category=chosen)
    context = {"rows": rows, "period": period, "categories": categories, "chosen": chosen}
    return render(request, "superusers/leaderboard.html", context)


def badges(request: HttpRequest) -> HttpResponse:
    return render(request, "superusers/badges.html", {"badges": selectors.badge_overview()})


def badge_detail(request: HttpRequest, code: str) -> HttpResponse:
    badge = BADGES.get(code)
    if badge is None:
        raise Http404
    return render(request, "superusers/badge_detail.html", {"badge": badge, "holders": selectors.badge_holders(code)})


@login_required
def candidates(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("superusers.view_candidates"):
        raise PermissionDenied(_("Only moderators see the candidates."))
    context = {
        "candidates": selectors.candidates(),
        "can_rank": request.user.has_perm("superusers.rank_candidates"),
        "super_users": selectors.super_users(),
        "log": audit.entries("super_user"),
    }
    return render(request, "superusers/candidates.html", context)


@login_required
@require_POST
def candidates_rank(request: HttpRequest) -> HttpResponse:
    measured = services.rank_candidates_now(by=request.user)
    messages.success(
        request,
        ngettext(
            "The candidates are ranked again: %(count)d member measured.",
            "The candidates are ranked again: %(count)d members measured.",
            measured,
        )
        % {"count": measured},
    )
    return redirect("superusers:candidates")


def _person(pk: int) -> User:
    return get_object_or_404(User, pk=pk)


@login_required
@require_POST
def promote(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(pk)
    try:
        services.promote(user=person, by=request.user, note=request.POST.get("note", ""))
    except ValidationError as error:
        return refusal(request, error, back_to="superusers:candidates")
    messages.success(request, _("%(name)s is a super user now.") % {"name": person.display_name})
    return redirect("superusers:candidates")


@login_required
@require_POST
def demote(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(pk)
    try:
        services.demote(user=person, by=request.user, note=request.POST.get("note", ""))
    except ValidationError as error:
        return refusal(request, error, back_to="superusers:candidates")
    messages.success(request, _("%(name)s is no longer a super user.") % {"name": person.display_name})
    return redirect("superusers:candidates")


@login_required
def voting(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("superusers.view_voting"):
        raise PermissionDenied(_("Only moderators see voting patterns."))
    return render(request, "superusers/voting.html", {"pairs": selectors.voting_pairs()})
