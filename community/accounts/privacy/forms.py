from datetime import timedelta

from allauth.core import ratelimit
from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import User


class DeleteAccountForm(forms.Form):
    """Deleting one's account: what happens to the posts, and proof that it is really the person.

    With a password, the password; signed in only through a company login (no password here), a sign-in
    within the last few minutes (settings.ERASURE_RECENT_LOGIN_MINUTES).
    """

    KEEP, REMOVE = "keep", "remove"

    posts = forms.ChoiceField(
        label=_("What happens to your posts?"),
        choices=[
            (KEEP, _("Keep them, shown as written by “Deleted member”")),
            (REMOVE, _("Remove them: your questions, answers, replies and comments on ideas")),
        ],
        initial=KEEP,
        widget=forms.RadioSelect,
        help_text=_(
            "Your ideas stay on the idea board in either case, as ideas of “Deleted member”: others voted on them."
        ),
    )
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("To make sure it is you."),
    )

    def __init__(self, *args, user: User, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.request = user, request
        self.needs_password = user.has_usable_password()
        if not self.needs_password:
            del self.fields["password"]

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        # The same limit as allauth's re-authentication: a stolen session cannot guess the password here.
        if not ratelimit.consume(self.request, action="reauthenticate", user=self.user):
            raise forms.ValidationError(_("Too many tries. Wait a minute, then try again."), code="rate_limited")
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password."), code="wrong_password")
        return password

    def clean(self):
        cleaned = super().clean()
        if not self.needs_password and not self.signed_in_recently():
            raise forms.ValidationError(
                _("For your safety, sign in again, then delete your account within %(minutes)d minutes.")
                % {"minutes": settings.ERASURE_RECENT_LOGIN_MINUTES},
                code="sign_in_again",
            )
        return cleaned

    def signed_in_recently(self) -> bool:
        recent = timezone.now() - timedelta(minutes=settings.ERASURE_RECENT_LOGIN_MINUTES)
        return self.user.last_login is not None and self.user.last_login >= recent

    @property
    def remove_posts(self) -> bool:
        return self.cleaned_data["posts"] == self.REMOVE
