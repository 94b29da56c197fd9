"""Helpers the tests of several apps share: people in each role, calls at the same moment, a page's queries,
rows an admin names in both languages."""

import threading

import factory
from django.contrib.auth.models import AnonymousUser
from django.db import close_old_connections, connection
from django.test.utils import CaptureQueriesContext

from community.accounts.models import Role
from community.markdown import render_post
from tests.accounts.factories import UserFactory

# Everyone a permission is asked for: "author" is the post's own author, "unconfirmed" has not confirmed
# their email address yet.
ROLES = ["anonymous", "unconfirmed", "member", "author", "super user", "agent", "moderator", "admin"]
# Everyone signed in with a confirmed address, whatever their role: who may write at all.
CONFIRMED = {"member": True, "author": True, "super user": True, "agent": True, "moderator": True, "admin": True}
_ROLE_GROUPS = {
    "member": [],
    "super user": [Role.SUPER_USER],
    "agent": [Role.AGENT],
    "moderator": [Role.MODERATOR],
    "admin": [Role.ADMIN],
}


def person(role: str, author=None):
    """Someone in one of ROLES (or "suspended"): a new member with that role, the signed-out visitor, or
    `author` himself."""
    if role == "anonymous":
        return AnonymousUser()
    if role == "author":
        return author
    if role == "unconfirmed":
        return UserFactory(verified=False)
    if role == "suspended":
        return suspend(UserFactory())
    return UserFactory(roles=_ROLE_GROUPS[role])


def suspend(user):
    """The member, suspended for good by a moderator (through moderation's service): `person("suspended")`."""
    from moderation import suspensions

    moderator = UserFactory(roles=[Role.MODERATOR])
    suspensions.restrict_member(
        person=user, by=moderator, kind="suspended", reason="Rude to other members.", ends_at=None
    )
    return user


def run_at_once(calls) -> list[BaseException]:
    """Start every call at the same moment, each in a thread with its own connection; return what they raised."""
    barrier = threading.Barrier(len(calls))
    errors: list[BaseException] = []

    def worker(call):
        try:
            barrier.wait()
            call()
        except BaseException as error:  # collected and asserted on by the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    close_old_connections()
    return errors


def queries_for(client, url) -> int:
    """Queries of a page in steady state (the cached footer and banner filled by a first visit).

    Counted views go to the database every FLUSH_SECONDS: sent now, none falls into the count.
    """
    from forum.services import flush_views

    flush_views()
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def named_in_both_languages(model, english: str, german: str) -> type[factory.django.DjangoModelFactory]:
    """A factory for rows an admin creates and names per language (categories, product areas): "Category 3"
    in English, "Kategorie Category 3" in German, at the address "category-3"."""
    meta = type("Meta", (), {"model": model, "django_get_or_create": ("slug",)})
    declarations = {
        "Meta": meta,
        "slug": factory.Sequence(lambda n: f"{english.lower()}-{n}"),
        "name": factory.Sequence(lambda n: f"{english} {n}"),
        "name_en": factory.SelfAttribute("name"),
        "name_de": factory.LazyAttribute(lambda o: f"{german} {o.name}"),
    }
    return type(f"{model.__name__}Factory", (factory.django.DjangoModelFactory,), declarations)


class WrittenFactory(factory.django.DjangoModelFactory):
    """Something a person wrote (a question, an answer, a reply, an idea, a comment): its author, and its
    Markdown `body` rendered as the services store it."""

    class Meta:
        abstract = True

    author = factory.SubFactory(UserFactory)
    body_html = factory.LazyAttribute(lambda o: render_post(o.body).html)
