from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from .models import ERASED_HANDLE_PREFIX, User, time_zone_choices

MAX_AVATAR_BYTES = 2 * 1024 * 1024


class SignupForm(AllauthSignupForm):
    display_name = forms.CharField(
        label=_("Your name"),
        max_length=60,
        help_text=_("Shown next to what you write. A first name is enough."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    field_order = ["display_name", "email", "password1", "password2"]


class ProfileForm(forms.ModelForm):
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=time_zone_choices)
    remove_avatar = forms.BooleanField(label=_("Remove my picture"), required=False)

    class Meta:
        model = User
        fields = ["display_name", "handle", "bio", "language", "time_zone", "avatar"]
        widgets = {
            "bio": forms.Textarea(attrs={"rows": 4}),
            "avatar": forms.FileInput(attrs={"accept": "image/*"}),
        }

    def clean_handle(self) -> str:
        handle = self.cleaned_data["handle"]
        if handle.lower().startswith(ERASED_HANDLE_PREFIX) and handle != self.instance.handle:
            raise forms.ValidationError(_("Handles that start with “deleted-” are kept for deleted accounts."))
        clash = User.objects.annotate(lower=Lower("handle")).filter(lower=handle.lower()).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("Someone already uses this handle."))
        return handle

    def clean_avatar(self):
        avatar = self.cleaned_data.get("avatar")
        if avatar and getattr(avatar, "size", 0) > MAX_AVATAR_BYTES:
            raise forms.ValidationError(_("Choose a picture smaller than 2 MB."))
        return avatar

    def changed_profile_fields(self) -> dict:
        fields = {name: self.cleaned_data[name] for name in self.changed_data if name in self.Meta.fields}
        if self.cleaned_data.get("remove_avatar"):
            fields["avatar"] = ""
        return fields
