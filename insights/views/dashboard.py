"""The insights dashboard and the CSV of each chart: reads only (no route here changes anything)."""

import csv
import json
import re

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from helpdesk.models import QueueItem
from moderation.audit_views import safe_cell

from ..forms_figures import PeriodForm
from ..selectors.figures import AGENT_CHARTS, CHARTS, chart_series, figures
from ..selectors.mood import mood_chart, most_negative_threads

# Mood is read from the posts' scores, not from the rollups: a chart of its own, for those who see everything.
MOOD = "mood"


def _series(result, name: str, start, end, category):
    return mood_chart(start, end, category) if name == MOOD else chart_series(result, name)


def _allowed(request: HttpRequest) -> bool:
    """Whether the person sees every figure (moderators, admins) or the response figures only (agents)."""
    if not request.user.has_perm("insights.view_dashboard"):
        raise PermissionDenied(_("Only staff see the insights."))
    return request.user.has_perm("insights.view_all_figures")


def _duration(minutes) -> str:
    if minutes is None:
        return "–"
    if minutes < 60:
        return _("%(minutes)d min") % {"minutes": minutes}
    if minutes < 48 * 60:
        return _("%(hours)d h %(minutes)d min") % {"hours": minutes // 60, "minutes": minutes % 60}
    return _("%(days)d days") % {"days": minutes // (24 * 60)}


def _share(value) -> str:
    return "–" if value is None else f"{formats.number_format(round(value * 100))} %"


def _number(value) -> str:
    return "–" if value is None else formats.number_format(value, force_grouping=True)


def _money(value) -> str:
    return f"{formats.number_format(value, 2, force_grouping=True)} €"


# (key, label, how to show it); the first group is what agents see.
RESPONSE_CARDS = [
    ("questions_asked", gettext_lazy("Questions asked"), _number),
    ("first_answer_median", gettext_lazy("Time to first answer (median)"), _duration),
    ("first_answer_p90", gettext_lazy("Time to first answer (90th percentile)"), _duration),
    ("answered_in_target", gettext_lazy("First answered within the target"), _share),
]
OTHER_CARDS = [
    ("solved_rate", gettext_lazy("Solved rate"), _share),
    ("solution_median", gettext_lazy("Time to solution (median)"), _duration),
    ("accepted_by_customer", gettext_lazy("Accepted answers by customers"), _share),
    ("accepted_by_super_user", gettext_lazy("Accepted answers by super users"), _share),
    ("accepted_by_staff", gettext_lazy("Accepted answers by staff"), _share),
    ("super_user_answer_share", gettext_lazy("Answers by super users"), _share),
    ("suggestions_shown", gettext_lazy("Ask page visits with suggestions"), _number),
    ("suggestions_clicked", gettext_lazy("Suggestions opened"), _number),
    ("left_without_posting", gettext_lazy("Askers who left without posting"), _number),
    ("instant_replies", gettext_lazy("Automatic first replies"), _number),
    ("instant_solved_share", gettext_lazy("Automatic replies that solved the question"), _share),
    ("kb_views", gettext_lazy("Knowledge base views"), _number),
    ("kb_helpful_votes", gettext_lazy("Helpful votes on articles"), _number),
    ("active_members", gettext_lazy("Active members"), _number),
    ("new_members", gettext_lazy("New members"), _number),
    ("idea_planned_median", gettext_lazy("Time from new to planned (median)"), _duration),
    ("flags_open", gettext_lazy("Open flags"), _number),
    ("flag_handling_median", gettext_lazy("Time to handle a flag (median)"), _duration),
]


def _cards(result, specs) -> list[dict]:
    now, before = result.current.figures, result.previous.figures
    return [{"label": label, "now": show(now[key]), "before": show(before[key])} for key, label, show in specs]


def _chart(result, name: str, start, end, category) -> dict:
    labels, series = _series(result, name, start, end, category)
    kind = "bar" if name in ("accepted-by", "ideas") else "line"
    data = {
        "type": kind,
        "labels": labels,
        "series": [{"label": str(label), "values": values} for label, values in series],
    }
    rows = [[label, *[values[i] for _label, values in series]] for i, label in enumerate(labels)]
    return {
        "name": name,
        "json": json.dumps(data).replace("<", "\\u003c"),
        "headers": [str(label) for label, _v in series],
        "rows": rows,
    }


def _chart_title(name: str) -> str:
    return {
        "questions": _("Questions per day"),
        "first-answer": _("Time to first answer per day (minutes)"),
        "accepted-by": _("Accepted answers by whom"),
        "ideas": _("Ideas by status"),
        MOOD: _("Average mood per day (−1 negative … +1 positive)"),
    }[name]


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    sees_all = _allowed(request)
    form = PeriodForm(request.GET or None)
    start, end, category = form.chosen()
    result = figures(start, end, category)
    names = (*CHARTS, MOOD) if sees_all else AGENT_CHARTS
    charts = [{**_chart(result, name, start, end, category), "title": _chart_title(name)} for name in names]
    context = {
        "form": form if request.GET else PeriodForm(initial={"period": "30"}),
        "start": start,
        "end": end,
        "category": category,
        "sees_all": sees_all,
        "response_cards": _cards(result, RESPONSE_CARDS),
        "other_cards": _cards(result, OTHER_CARDS) if sees_all else [],
        "result": result,
        "target_minutes": result.target_minutes,
        "queue_waiting": QueueItem.objects.filter(resolved_at__isnull=True).count(),
        "return_saved": _money(result.current.figures["return_saved"]),
        "return_cost": _money(result.current.figures["return_cost"]),
        "return_contacts": result.current.figures["return_contacts"],
        "charts": charts,
        "negative_threads": most_negative_threads(start, limit=10, category=category) if sees_all else [],
        "query": request.GET.urlencode(),
    }
    return render(request, "insights/dashboard.html", context, status=400 if form.errors else 200)


class _Line:
    def write(self, text: str) -> str:
        return text


@login_required
@require_GET
def export(request: HttpRequest, chart: str) -> HttpResponse:
    """One chart's numbers as CSV, with the dashboard's period and category."""
    sees_all = _allowed(request)
    if chart not in (*CHARTS, MOOD):
        raise Http404
    if chart not in AGENT_CHARTS and not sees_all:
        raise PermissionDenied(_("Agents see the response figures only."))
    form = PeriodForm(request.GET or None)
    if request.GET and not form.is_valid():
        return HttpResponseBadRequest(" ".join(str(e) for errors in form.errors.values() for e in errors))
    start, end, category = form.chosen()
    result = None if chart == MOOD else figures(start, end, category)
    labels, series = _series(result, chart, start, end, category)
    language = translation.get_language()
    delimiter = ";" if language and language.startswith("de") else ","
    writer = csv.writer(_Line(), delimiter=delimiter)
    lines = ["\ufeff" + writer.writerow([safe_cell(_("Label")), *[safe_cell(str(name)) for name, _v in series]])]
    for i, label in enumerate(labels):
        lines.append(writer.writerow([safe_cell(label), *["" if v[i] is None else v[i] for _n, v in series]]))
    response = HttpResponse("".join(lines), content_type="text/csv; charset=utf-8")
    scope = re.sub(r"[^a-z0-9-]", "", category.slug.lower()) if category is not None and category.slug else "all"
    if category is not None and scope == "all":
        scope = f"category-{category.pk}"
    response["Content-Disposition"] = f'attachment; filename="insights-{chart}-{scope}-{start}-{end}.csv"'
    return response
