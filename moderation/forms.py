from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Flag


class FlagForm(forms.Form):
    reason = forms.ChoiceField(label=_("What is wrong with it?"), choices=Flag.Reason.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Anything moderators should know?"),
        help_text=_("Needed when you chose “Something else”."),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        data = super().clean()
        if data.get("reason") == Flag.Reason.OTHER and not (data.get("note") or "").strip():
            self.add_error("note", _("Please say what is wrong with it."))
        return data


class WarnForm(forms.Form):
    message = forms.CharField(
        label=_("Your words to the author"),
        min_length=10,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
