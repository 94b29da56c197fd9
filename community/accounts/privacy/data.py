"""What accounts itself keeps about a person, for their data export (every app adds its own in its ready())."""

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount

from ..models import User


def profile(user: User) -> list[dict]:
    """The person's account: who they are here, how they sign in, their settings and roles."""
    return [
        {
            "email": user.email,
            "display_name": user.display_name,
            "handle": user.handle,
            "bio": user.bio,
            "picture": user.avatar.name or None,
            "language": user.language,
            "time_zone": user.time_zone,
            "roles": sorted(user.groups.values_list("name", flat=True)),
            "member_since": user.date_joined,
            "last_sign_in": user.last_login,
            "email_addresses": [
                {"email": address.email, "verified": address.verified, "primary": address.primary}
                for address in EmailAddress.objects.filter(user=user).order_by("-primary", "email")
            ],
            "company_logins": [
                {"provider": account.provider, "uid": account.uid, "last_sign_in": account.last_login}
                for account in SocialAccount.objects.filter(user=user).order_by("provider")
            ],
        }
    ]
