"""The page where a moderator suspends, silences or lifts, and its link on profile pages."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from community.accounts.models import User
from community.http import form_status, refusal, submitted

from . import suspensions
from .models import Restriction

FOR_GOOD, OWN_END = "forever", "until"


class RestrictForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("What should happen?"),
        choices=[
            (Restriction.Kind.SUSPENDED, gettext_lazy("Suspend: they can only read")),
            (Restriction.Kind.SILENCED, gettext_lazy("Silence: they cannot post, vote or flag")),
        ],
        widget=forms.RadioSelect,
        initial=Restriction.Kind.SUSPENDED,
    )
    duration = forms.ChoiceField(
        label=gettext_lazy("For how long?"),
        choices=[
            ("1d", gettext_lazy("1 day")),
            ("3d", gettext_lazy("3 days")),
            ("1w", gettext_lazy("1 week")),
            ("1m", gettext_lazy("30 days")),
            (OWN_END, gettext_lazy("Until the end I choose below")),
            (FOR_GOOD, gettext_lazy("For good")),
        ],
        widget=forms.RadioSelect,
        initial="1w",
    )
    until = forms.DateTimeField(
        label=gettext_lazy("End"),
        required=False,
        help_text=gettext_lazy("Only for an end of your own: date and time, in your time zone."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"],
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=suspensions.REASON_MAX,
        help_text=gettext_lazy("The member reads it on every page and in the email."),
        error_messages={"required": gettext_lazy("Please give a reason: the member reads it.")},
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean(self) -> dict:
        data = super().clean()
        duration = data.get("duration")
        if duration == OWN_END:
            if data.get("until") is None and "until" not in self.errors:
                self.add_error("until", _("Choose the end, or another duration."))
            data["ends_at"] = data.get("until")
        elif duration == FOR_GOOD:
            data["ends_at"] = None
        elif duration in suspensions.DURATIONS:
            data["ends_at"] = timezone.now() + suspensions.DURATIONS[duration]
        return data


def _person_or_404(handle: str) -> User:
    person = User.objects.filter(handle__iexact=handle[:30]).first()
    if person is None:
        raise Http404
    return person


def _require_moderator(request: HttpRequest) -> None:
    if not request.user.has_perm("moderation.restrict_member"):
        raise PermissionDenied(_("Only moderators and admins can suspend or silence members."))


@login_required
def suspend(request: HttpRequest, handle: str) -> HttpResponse:
    """Suspend or silence a member, see what is in force and what was before, and lift it."""
    _require_moderator(request)
    person = _person_or_404(handle)
    refused = suspensions.refusal_to_restrict(request.user, person)
    if request.method == "POST" and refused:
        raise PermissionDenied(refused)
    form = RestrictForm(request.POST or None)

    def write(data: dict) -> Restriction:
        return suspensions.restrict_member(
            person=person, by=request.user, kind=data["kind"], reason=data["reason"], ends_at=data.get("ends_at")
        )

    if not refused and (restriction := submitted(request, form, write)):
        if restriction.kind == Restriction.Kind.SUSPENDED:
            done = _("%(name)s is suspended.")
        else:
            done = _("%(name)s is silenced.")
        messages.success(request, done % {"name": person.display_name})
        return redirect("moderation:suspend", handle=person.handle)
    current = suspensions.open_restriction(person)
    context = {
        "person": person,
        "form": form,
        "refused": refused,
        "current": current,
        "current_text": suspensions.describe(current.kind, current.reason, current.ends_at) if current else "",
        "can_lift": current is not None and suspensions.may_lift(request.user, current),
        "history": suspensions.history(person),
    }
    return render(request, "moderation/suspend.html", context, status=form_status(request))


@login_required
def lift(request: HttpRequest, handle: str) -> HttpResponse:
    """End a suspension or silencing now (a POST from the suspend page)."""
    _require_moderator(request)
    person = _person_or_404(handle)
    back = reverse("moderation:suspend", args=[person.handle])
    if request.method != "POST":
        return redirect(back)
    try:
        suspensions.lift_restriction(person=person, by=request.user, note=request.POST.get("note", ""))
    except ValidationError as error:
        return refusal(request, error, back_to=back)
    messages.success(request, _("%(name)s can write again.") % {"name": person.display_name})
    return redirect(back)


def profile_section(request, person) -> str:
    """On a profile, for moderators and admins who may restrict this person: the state and the link."""
    if request is None or not request.user.is_authenticated or not request.user.has_perm("moderation.restrict_member"):
        return ""
    if suspensions.refusal_to_restrict(request.user, person):
        return ""
    context = {"person": person, "current": suspensions.in_force(person)}
    return render_to_string("moderation/_profile_section.html", context, request=request)
