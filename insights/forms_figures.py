from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forum.models import Category

MAX_DAYS = 366 * 2


class PeriodForm(forms.Form):
    """The dashboard's period and category, read from the address (GET)."""

    PERIODS = [
        ("7", _("Last 7 days")),
        ("30", _("Last 30 days")),
        ("90", _("Last 90 days")),
        ("custom", _("From – to")),
    ]

    period = forms.ChoiceField(label=_("Period"), choices=PERIODS, required=False)
    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.order_by("name"), required=False, empty_label=_("All categories")
    )

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        if data.get("period") == "custom":
            start, end = data.get("start"), data.get("end")
            if not start or not end:
                raise forms.ValidationError(_("Give both a first and a last day."))
            if start > end:
                raise forms.ValidationError(_("The first day must not come after the last."))
            if (end - start).days >= MAX_DAYS:
                raise forms.ValidationError(_("Choose a period of at most two years."))
        else:
            days = int(data.get("period") or 30)
            data["period"] = str(days)
            data["start"], data["end"] = today - timedelta(days=days - 1), today
        return data

    def chosen(self):
        """(start, end, category) from valid input, or the last 30 days overall."""
        if self.is_valid():
            return self.cleaned_data["start"], self.cleaned_data["end"], self.cleaned_data["category"]
        today = timezone.localdate()
        return today - timedelta(days=29), today, None
