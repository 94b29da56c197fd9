from datetime import date

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from community import audit

# Days a person could mean; beyond them a date is a typo (and the day after 9999-12-31 does not exist).
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(9998, 12, 31)


def _day(label) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        validators=[MinValueValidator(FIRST_DAY), MaxValueValidator(LAST_DAY)],
    )


class AuditFilterForm(forms.Form):
    """The audit log's filters, read from the address (`person`, `action`, `from`, `to`)."""

    person = forms.CharField(
        label=_("Person"),
        required=False,
        max_length=100,
        help_text=_("Handle or name of who acted or whom it was about."),
    )
    action = forms.ChoiceField(label=_("Action"), required=False)

    def __init__(self, data, *, actions: list[str]):
        super().__init__(data)
        labelled = sorted(((code, audit.action_label(code)) for code in actions), key=lambda pair: pair[1].lower())
        self.fields["action"].choices = [("", _("All actions")), *labelled]
        # "from" is a Python word, so these two are added by name rather than declared.
        self.fields["from"] = _day(_("From"))
        self.fields["to"] = _day(_("To"))

    def clean(self):
        data = super().clean()
        since, until = data.get("from"), data.get("to")
        if since and until and since > until:
            self.add_error("to", _("The end comes before the start."))
        return data

    def filters(self) -> dict:
        """What the selector narrows by; a field that did not validate narrows nothing (its error shows)."""
        self.is_valid()
        data = self.cleaned_data
        return {
            "person": data.get("person") or "",
            "action": data.get("action") or "",
            "since": data.get("from"),
            "until": data.get("to"),
        }
