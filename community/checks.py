"""System checks of the deployment (`manage.py check --deploy`)."""

from django.contrib.auth.hashers import check_password
from django.core import checks
from django.db import DatabaseError

from community import demo


@checks.register(checks.Tags.security, deploy=True)
def demo_passwords(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Warn while an account can still be opened with the demo password that the README publishes.

    The demo people (`seed_demo`) and the technical admins are checked: hashing a password is slow on
    purpose, so not every member is.
    """
    from django.db.models import Q

    from community.accounts.models import User

    try:
        people = list(
            User.objects.filter(Q(email__in=[p.email for p in demo.DEMO_PEOPLE]) | Q(is_superuser=True))
            .filter(is_active=True)
            .order_by("pk")[:50]
        )
    except DatabaseError:  # no database yet, or not migrated: nothing to check
        return []
    return [
        checks.Warning(
            f"The account {person.email or person.handle} signs in with the published demo password.",
            hint="Change its password or deactivate it; demo data (seed_demo) is for trying Peerdesk locally.",
            obj=person,
            id="peerdesk.W001",
        )
        for person in people
        if check_password(demo.DEMO_PASSWORD, person.password)  # no re-hash on a match: a check writes nothing
    ]
