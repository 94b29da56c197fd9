"""The audit log's pages: read and export, never edit (there is no route that changes an entry)."""

import csv
from collections.abc import Iterator

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from community import audit

from . import audit_selectors
from .audit_forms import AuditFilterForm

PER_PAGE = 50
# A spreadsheet runs a cell that starts with one of these as a formula ("=HYPERLINK(…)" in a note).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _allowed(request: HttpRequest) -> None:
    if not request.user.has_perm("moderation.view_audit_log"):
        raise PermissionDenied(_("Only moderators and admins read the audit log."))


@login_required
@require_GET
def audit_log(request: HttpRequest) -> HttpResponse:
    _allowed(request)
    form = AuditFilterForm(request.GET, actions=audit_selectors.actions_in_log())
    filters = form.filters()
    page = Paginator(audit_selectors.audit_log(**filters), PER_PAGE).get_page(request.GET.get("page"))
    rows = [(entry, audit.action_label(entry.action), audit.describe(entry)) for entry in page.object_list]
    context = {"form": form, "page": page, "rows": rows, "filtered": any(filters.values())}
    return render(request, "moderation/audit_log.html", context, status=400 if form.errors else 200)


@login_required
@require_GET
def audit_export(request: HttpRequest) -> HttpResponse:
    """The log as CSV with the page's filters, streamed row by row (a long log never sits in memory)."""
    _allowed(request)
    form = AuditFilterForm(request.GET, actions=audit_selectors.actions_in_log())
    if not form.is_valid():
        return HttpResponseBadRequest(" ".join(str(e) for errors in form.errors.values() for e in errors))
    entries = audit_selectors.audit_log(**form.filters())
    language = translation.get_language()
    # German spreadsheets split columns at semicolons (the comma is their decimal mark).
    delimiter = ";" if language and language.startswith("de") else ","
    rows = _rows(entries, language=language, zone=timezone.get_current_timezone(), delimiter=delimiter)
    response = StreamingHttpResponse(rows, content_type="text/csv; charset=utf-8")
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="audit-log-{day}.csv"'
    return response


def safe_cell(value) -> str:
    """The value as text a spreadsheet shows rather than runs."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


class _Line:
    """csv.writer writes into this and gets the line back, so each row is yielded as it is made."""

    def write(self, text: str) -> str:
        return text


def _rows(entries, *, language: str, zone, delimiter: str) -> Iterator[str]:
    # The response is read after the view returned: the reader's language and time zone are set again here.
    with translation.override(language), timezone.override(zone):
        writer = csv.writer(_Line(), delimiter=delimiter)
        header = [_("When"), _("Who"), _("Who (handle)"), _("Action"), _("Action code")]
        header += [_("About whom"), _("About whom (handle)"), _("Why"), _("Details")]
        # The byte order mark tells spreadsheets the file is UTF-8, so umlauts arrive whole.
        yield "\ufeff" + writer.writerow(header)
        for entry in entries.iterator(chunk_size=1000):
            actor, subject = entry.actor, entry.subject
            row = [
                timezone.localtime(entry.created_at).isoformat(timespec="seconds"),
                actor.display_name if actor else "",
                actor.handle if actor else "",
                audit.action_label(entry.action),
                entry.action,
                subject.display_name if subject else "",
                subject.handle if subject else "",
                entry.note,
                audit.describe(entry),
            ]
            yield writer.writerow([safe_cell(cell) for cell in row])
