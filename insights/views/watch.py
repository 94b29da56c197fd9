"""The watch list pages: the lists, one list's hits, and creating, changing and deleting a list."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ..forms.watch import WatchListForm
from ..models import WatchList
from ..selectors import watch as selectors
from ..services import watch as services

PER_PAGE = 25


def _may_view(request: HttpRequest) -> None:
    if not request.user.has_perm("insights.view_watch_lists"):
        raise PermissionDenied(_("Only agents, moderators and admins see watch lists."))


def _may_manage(request: HttpRequest) -> None:
    if not request.user.has_perm("insights.manage_watch_lists"):
        raise PermissionDenied(_("Only moderators and admins keep watch lists."))


@login_required
@require_GET
def watch_index(request: HttpRequest) -> HttpResponse:
    _may_view(request)
    return render(request, "insights/watch_index.html", {"watch_lists": list(selectors.watch_lists())})


@login_required
@require_GET
def watch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _may_view(request)
    watch_list = get_object_or_404(WatchList, pk=pk)
    page = Paginator(selectors.watch_hits(watch_list, request.user), PER_PAGE).get_page(request.GET.get("page"))
    context = {"watch_list": watch_list, "page": page, "rows": selectors.hit_rows(page.object_list)}
    return render(request, "insights/watch_detail.html", context)


def _form_page(request, form, watch_list=None, status=200) -> HttpResponse:
    return render(request, "insights/watch_form.html", {"form": form, "watch_list": watch_list}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def watch_create(request: HttpRequest) -> HttpResponse:
    _may_manage(request)
    if request.method == "GET":
        return _form_page(request, WatchListForm(initial={"watchers": [request.user.pk]}))
    form = WatchListForm(request.POST)
    if form.is_valid():
        try:
            watch_list = services.create_watch_list(by=request.user, **form.values())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Watch list created. New posts that match it appear here."))
            return redirect(watch_list)
    return _form_page(request, form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def watch_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _may_manage(request)
    watch_list = get_object_or_404(WatchList, pk=pk)
    if request.method == "GET":
        return _form_page(request, WatchListForm.for_list(watch_list), watch_list)
    form = WatchListForm(request.POST)
    if form.is_valid():
        try:
            services.update_watch_list(watch_list=watch_list, by=request.user, **form.values())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Watch list saved."))
            return redirect(watch_list)
    return _form_page(request, form, watch_list, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def watch_delete(request: HttpRequest, pk: int) -> HttpResponse:
    _may_manage(request)
    watch_list = get_object_or_404(WatchList, pk=pk)
    if request.method == "GET":
        return render(request, "insights/watch_delete.html", {"watch_list": watch_list})
    services.delete_watch_list(watch_list=watch_list, by=request.user)
    messages.success(request, _("Watch list deleted."))
    return redirect("insights:watch")
