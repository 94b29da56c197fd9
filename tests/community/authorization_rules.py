"""The kinds of rule a route of the authorization table names, and what one entry of the table holds.

A rule answers "may this person do it?" from the project's own rules (`user.has_perm`, the Django admin's
permissions), never from a list of roles, so the matrix follows the rules modules as they change.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib import admin
from django.test import RequestFactory

from community.accounts.permissions import has_an_account, is_active_account, is_suspended

# A World attribute's name, a function of the world, "self" (the person acting), or nothing.
Obj = str | Callable[[Any], Any] | None


def _resolve(on: Obj, world):
    if on is None:
        return None
    return getattr(world, on) if isinstance(on, str) else on(world)


class Rule:
    def allows(self, user, world) -> bool:
        raise NotImplementedError

    def __and__(self, other: "Rule") -> "Rule":
        return AllOf((self, other))


@dataclass(frozen=True)
class Perm(Rule):
    """A `rules` permission, on a thing of the world when it is an object permission."""

    name: str
    on: Obj = None

    def allows(self, user, world) -> bool:
        return user.has_perm(self.name, user if self.on == "self" else _resolve(self.on, world))

    def __str__(self) -> str:
        return f"{self.name}({self.on})" if isinstance(self.on, str) else self.name


@dataclass(frozen=True)
class AllOf(Rule):
    parts: tuple[Rule, ...]

    def allows(self, user, world) -> bool:
        return all(part.allows(user, world) for part in self.parts)

    def __str__(self) -> str:
        return " & ".join(map(str, self.parts))


@dataclass(frozen=True)
class Check(Rule):
    """A rule no permission names: who is signed in, whose notification it is."""

    says: str
    test: Callable[[Any, Any], bool]

    def allows(self, user, world) -> bool:
        return bool(self.test(user, world))

    def __str__(self) -> str:
        return self.says


PUBLIC = Check("public", lambda user, world: True)
SIGNED_OUT = Check("signed-out visitors only", lambda user, world: not user.is_authenticated)
# What no single permission names follows the rules' own predicates (community/accounts/permissions.py), so
# that a suspended member meets what the rules say of them: their account, their data, leaving stay open;
# the community (its posts, its staff pages, following) does not (moderation/middleware.py is the net).
SIGNED_IN = Check("signed in to an account (has_an_account)", lambda user, world: has_an_account(user))
ACTIVE = Check("signed in, not suspended (is_active_account)", lambda user, world: is_active_account(user))
NOT_SUSPENDED = Check("anyone but a suspended member (~is_suspended)", lambda user, world: not is_suspended(user))
NOBODY = Check("nobody here (a step of a flow this world has not started)", lambda user, world: False)


@dataclass(frozen=True)
class Reads(Rule):
    """The route answers a POST like a GET: it writes nothing, for anyone."""

    def allows(self, user, world) -> bool:
        return False

    def __str__(self) -> str:
        return "reads only"


READS = Reads()


@dataclass(frozen=True)
class AdminDoor(Rule):
    """The Django admin: its site lets in the admin role, then the model's admin decides (`has_*_permission`).

    `op` is what a POST there asks: "site" (a page of the site itself), "view" (a list, a history), "add",
    "change", "delete".
    """

    model: type | None = None
    op: str = "site"

    def allows(self, user, world) -> bool:
        request = RequestFactory().post("/admin/")
        request.user = user
        if not admin.site.has_permission(request):
            return False
        if self.model is None:
            return True
        model_admin = admin.site.get_model_admin(self.model)
        obj = admin_sample(self.model) if self.op in {"change", "delete", "view"} else None
        return {
            "view": model_admin.has_view_or_change_permission,
            "add": lambda request, obj: model_admin.has_add_permission(request),
            "change": model_admin.has_change_permission,
            "delete": model_admin.has_delete_permission,
        }[self.op](request, obj)

    def __str__(self) -> str:
        if self.model is None:
            return "the Django admin (admin role)"
        return f"the Django admin: {self.model._meta.label} {self.op}"


def admin_sample(model):
    """The row of the model the admin's object pages are tried on: its first."""
    return model._default_manager.order_by("pk").first()


# What shows that an allowed request did the thing:
WRITES = "writes"  # it wrote to the database (the session aside)
MAIL = "mail"  # it sent an email
DOOR = "door"  # it let the person in (the Django admin's forms; a valid payload is theirs to test)


def signed_out_now(response, world) -> bool:
    """Someone came with a session and leaves without one."""
    request = response.wsgi_request
    return settings.SESSION_COOKIE_NAME in request.COOKIES and not request.user.is_authenticated


@dataclass(frozen=True)
class Entry:
    """One route of the table.

    rule: who may (a Rule above).
    args: the path's values: World attribute names (their pk is taken, or the value itself when it is
        text), or a function of the world.
    data: the form posted, a dict or a function of (world, role).
    effect: WRITES, MAIL, DOOR, or a function of (response, world) that says the thing was done.
    refusal: "strict" (403, 404, or off to a login page), "form" (that, or the form again with the reason:
        a 4xx, for a refusal a check of the service makes on a valid form) or "quiet" (any answer without
        the effect, for pages that send a person elsewhere without a word: signing up while signed in).
    """

    rule: Rule
    args: tuple[str, ...] | Callable[[Any], list] = ()
    data: dict | Callable[[Any, str], dict] = field(default_factory=dict)
    effect: str | Callable[[Any, Any], bool] = WRITES
    refusal: str = "strict"
    why: str = ""  # for a reader: what the rule is about when it is not obvious
    # It talks to a server outside (the company's identity provider), which no test reaches: a 503 here.
    outside: bool = False

    def values(self, world) -> list:
        if callable(self.args):
            return list(self.args(world))
        values = [getattr(world, name) for name in self.args]
        return [value if isinstance(value, str) else value.pk for value in values]

    def payload(self, world, role: str) -> dict:
        return self.data(world, role) if callable(self.data) else dict(self.data)
