"""How allauth works here: people get a display name, a free @handle, the member role and the page's language;
its mails name the site; a visitor's address comes from the trusted proxy; `next` leads only to a path on this
site; the owner of an address someone tried to sign up with hears of it in their own language."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import translation

from community import mail
from community.http import client_ip, is_local_url

from . import services
from .models import User


def _fill_defaults(user, request) -> None:
    if not user.display_name:
        user.display_name = (user.email or "").split("@")[0][:60] or "Member"
    if not user.handle:
        user.handle = services.unique_handle(user.display_name)
    language = translation.get_language() or settings.LANGUAGE_CODE
    user.language = language[:2] if language[:2] in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # allauth greets with "Hello from {{ current_site.name }}!", and without django.contrib.sites that
        # name is the request's host ("127.0.0.1:8000"); callers may pass their own, so ours goes last.
        super().send_mail(template_prefix, email, {**context, "current_site": mail.site()})

    def format_email_subject(self, subject: str) -> str:
        return mail.subject(str(subject))

    def is_open_for_signup(self, request) -> bool:
        return getattr(settings, "SIGNUP_OPEN", True)

    def get_client_ip(self, request) -> str:
        """Rate limits count per visitor, not per proxy: the address comes from the trusted proxy's header."""
        return client_ip(request)

    def is_safe_url(self, url) -> bool:
        return is_local_url(url, context.request)

    def send_account_already_exists_mail(self, email: str) -> None:
        """Someone signed up with an address that has an account: its owner hears of it, nobody else does."""
        owner = User.objects.filter(Q(email__iexact=email) | Q(emailaddress__email__iexact=email)).first()
        request = context.request
        links = {
            "login_url": request.build_absolute_uri(reverse("account_login")),
            "password_reset_url": request.build_absolute_uri(reverse("account_reset_password")),
            "person": owner,
        }
        with translation.override(owner.language if owner and owner.language else translation.get_language()):
            self.send_mail("account/email/account_already_exists", email, links)

    def save_user(self, request, user, form, commit=True):
        user.display_name = form.cleaned_data.get("display_name", "").strip()
        user = super().save_user(request, user, form, commit=False)
        _fill_defaults(user, request)
        if commit:
            user.save()
            services.register_member(user=user)
        return user


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        name = " ".join(part for part in (data.get("first_name"), data.get("last_name")) if part)
        user.display_name = (data.get("name") or name or "").strip()[:60]
        return user

    def save_user(self, request, sociallogin, form=None):
        _fill_defaults(sociallogin.user, request)
        user = super().save_user(request, sociallogin, form)
        services.register_member(user=user)
        return user
