from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Flag


class FlagForm(forms.Form):
    reason = forms.ChoiceField(label=_("What is wrong with it?"), choices=Flag.Reason.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Anything moderators should know?"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
