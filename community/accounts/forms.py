import time

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings
from django.core import signing
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from .models import ERASED_HANDLE_PREFIX, User, time_zone_choices

MAX_AVATAR_BYTES = 2 * 1024 * 1024


SIGNUP_SALT = "accounts.signup.shown"


def signup_shown_token() -> str:
    """When the sign-up form was shown, signed: a robot cannot claim it waited."""
    return signing.dumps(time.time(), salt=SIGNUP_SALT)


class SignupForm(AllauthSignupForm):
    """allauth's sign-up with a name, and two quiet traps for robots: a field no person sees (a robot fills
    in every field) and the time since the form was shown (a robot sends it at once). Either gives a neutral
    error; nothing is created and what was typed stays."""

    display_name = forms.CharField(
        label=_("Your name"),
        max_length=60,
        help_text=_("Shown next to what you write. A first name is enough."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    # Named like a field robots expect; hidden from people by CSS and from screen readers.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        template_name="forms/trap_field.html",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    shown = forms.CharField(required=False, widget=forms.HiddenInput)
    field_order = ["display_name", "email", "password1", "password2", "website", "shown"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["shown"].initial = signup_shown_token()

    def clean(self):
        cleaned = super().clean()
        if self._looks_automated(cleaned):
            # The form comes back with a fresh time stamp: a person who waits a moment gets through.
            self.data = self.data.copy()
            self.data[self.add_prefix("shown")] = signup_shown_token()
            self.data[self.add_prefix("website")] = ""
            raise forms.ValidationError(
                _("Sorry, that was too quick for us. Please check your details and send the form again."),
                code="too_quick",
            )
        return cleaned

    def _looks_automated(self, cleaned: dict) -> bool:
        if cleaned.get("website"):
            return True
        least = settings.SIGNUP_MIN_SECONDS
        if not least:
            return False
        try:
            shown = signing.loads(cleaned.get("shown") or "", salt=SIGNUP_SALT, max_age=24 * 3600)
        except (signing.BadSignature, TypeError, ValueError):
            return True
        return time.time() - float(shown) < least


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
