from django import forms
from django.utils.translation import gettext_lazy as _

from . import kinds
from .models import Preference


class PreferencesForm(forms.Form):
    """A pair of fields per kind of news: email (instant, digest or off) and in the app (on or off)."""

    def __init__(self, *args, rows=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for row in rows:
            code = row["kind"].code
            self.fields[f"{code}__email"] = forms.ChoiceField(
                label=_("Email"), choices=Preference.Email.choices, initial=row["email"]
            )
            self.fields[f"{code}__in_app"] = forms.BooleanField(
                label=_("In the app"), required=False, initial=row["in_app"]
            )
            self.rows.append({"kind": row["kind"], "email": self[f"{code}__email"], "in_app": self[f"{code}__in_app"]})

    def choices(self) -> dict[str, dict]:
        return {
            kind.code: {
                "email": self.cleaned_data[f"{kind.code}__email"],
                "in_app": self.cleaned_data[f"{kind.code}__in_app"],
            }
            for kind in kinds.all_kinds()
            if f"{kind.code}__email" in self.cleaned_data
        }
