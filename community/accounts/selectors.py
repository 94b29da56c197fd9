from django.contrib.auth.models import Group
from django.db.models import Prefetch

from .models import User


def profile(handle: str) -> User:
    """The person behind a @handle (case does not matter), with their roles, in one query."""
    return (
        User.objects.filter(is_active=True)
        .prefetch_related(Prefetch("groups", queryset=Group.objects.only("name")))
        .get(handle__iexact=handle)
    )
