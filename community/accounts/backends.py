from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from rules import perm_exists


class ModelBackend(DjangoModelBackend):
    """Django's model permissions (for the admin), silent on the permissions `rules` defines.

    Without this, every `has_perm` that a rule denies would also load the person's model permissions
    (two queries) on pages that ask about community actions only.
    """

    def has_perm(self, user_obj, perm, obj=None) -> bool:
        if perm_exists(perm):
            return False
        return super().has_perm(user_obj, perm, obj)
