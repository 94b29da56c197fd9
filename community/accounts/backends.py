from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from allauth.account.models import EmailAddress
from django.contrib.postgres.aggregates import ArrayAgg
from django.db.models import Exists, OuterRef
from rules import perm_exists

from .models import User


class AuthenticationBackend(AllauthBackend):
    """allauth's login by email, and Django's model permissions (for the admin), silent on `rules` perms.

    allauth's backend is Django's ModelBackend underneath: without the `has_perm` below, every
    `has_perm` that a rule denies would also load the person's model permissions (two queries).
    """

    def has_perm(self, user_obj, perm, obj=None) -> bool:
        if perm_exists(perm):
            return False
        return super().has_perm(user_obj, perm, obj)

    def get_user(self, user_id):
        """The signed-in person with their roles and whether their address is confirmed, in one query.

        Every page asks both (the permission rules do); the caches are the ones rules and the
        predicates in permissions.py read.
        """
        user = (
            User.objects.annotate(
                role_list=ArrayAgg("groups__name", distinct=True),
                email_confirmed=Exists(EmailAddress.objects.filter(user=OuterRef("pk"), verified=True)),
            )
            .filter(pk=user_id)
            .first()
        )
        if user is None or not self.user_can_authenticate(user):
            return None
        user._group_names_cache = {name for name in user.role_list if name}
        user._verified_email_cache = user.email_confirmed
        return user
