"""Demo data for `manage.py seed_demo`: people here, and whatever each app adds through `register`.

Every seeder is idempotent (it looks before it creates), so seeding twice changes nothing. Apps
register theirs in `ready()`; the command runs them in registration order after the people exist.
"""

from collections.abc import Callable
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db import transaction

from community.accounts import services as account_services
from community.accounts.models import Role, User

DEMO_PASSWORD = "peerdesk-demo"  # noqa: S105  (printed for people trying Peerdesk locally)


@dataclass(frozen=True)
class DemoPerson:
    email: str
    display_name: str
    handle: str
    language: str
    roles: frozenset[Role]
    technical_admin: bool = False


DEMO_PEOPLE = [
    DemoPerson("member@example.com", "Mia Member", "mia", "de", frozenset({Role.MEMBER})),
    DemoPerson("member2@example.com", "Ben Becker", "ben", "en", frozenset({Role.MEMBER})),
    DemoPerson("superuser@example.com", "Sophie Super", "sophie", "de", frozenset({Role.MEMBER, Role.SUPER_USER})),
    DemoPerson("agent@example.com", "Alex Agent", "alex", "en", frozenset({Role.MEMBER, Role.AGENT})),
    DemoPerson("moderator@example.com", "Mona Moderator", "mona", "de", frozenset({Role.MEMBER, Role.MODERATOR})),
    DemoPerson("admin@example.com", "Ada Admin", "ada", "en", frozenset({Role.MEMBER, Role.ADMIN}), True),
]


def in_both_languages(**texts: tuple[str, str]) -> dict[str, str]:
    """Fields of text an admin enters per language: name=("Router", "Router") gives name, name_en and
    name_de (the plain field holds the English text)."""
    fields = {}
    for field, (english, german) in texts.items():
        fields.update({field: english, f"{field}_en": english, f"{field}_de": german})
    return fields


Seeder = Callable[[dict[str, User]], None]
_seeders: list[Seeder] = []


def register(seeder: Seeder) -> None:
    """Add an app's demo content; it gets the demo people by handle."""
    if seeder not in _seeders:
        _seeders.append(seeder)


def seed_people() -> dict[str, User]:
    people = {}
    for person in DEMO_PEOPLE:
        user = User.objects.filter(email=person.email).first()
        if user is None:
            user = User(
                email=person.email,
                display_name=person.display_name,
                handle=person.handle,
                language=person.language,
                is_superuser=person.technical_admin,
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
            EmailAddress.objects.create(user=user, email=person.email, verified=True, primary=True)
            account_services.set_roles(user=user, roles=set(person.roles), by=None)
        people[person.handle] = user
    return people


@transaction.atomic
def seed() -> dict[str, User]:
    people = seed_people()
    for seeder in _seeders:
        seeder(people)
    return people
