"""Every write to people and their roles: one function per action, in a transaction."""

import re
import unicodedata

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from community import events
from community.fragments import people_changed

from .models import Role, User


def _handle_base(text: str) -> str:
    """The @handle a name or an email's local part suggests, before a number makes it unique: AnnaSchmidt."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    base = re.sub(r"[^A-Za-z0-9]+", "", ascii_text.title())[:24]
    return base if len(base) >= 3 else f"{base}user"[:24] or "user"


def unique_handle(seed: str) -> str:
    """A free @handle made from a name or an email's local part: AnnaSchmidt, AnnaSchmidt2, ..."""
    base = _handle_base(seed)
    taken = set(
        User.objects.annotate(lower_handle=Lower("handle"))
        .filter(lower_handle__startswith=base.lower())
        .values_list("lower_handle", flat=True)
    )
    return first_free_handle(seed, taken)


def first_free_handle(seed: str, taken: set[str]) -> str:
    """The handle `seed` suggests, numbered past those in `taken` (lower-cased): AnnaSchmidt, AnnaSchmidt2, ..."""
    base = _handle_base(seed)
    candidate, number = base, 1
    while candidate.lower() in taken:
        number += 1
        candidate = f"{base}{number}"
    return candidate


def _role_groups(names) -> list[Group]:
    # The groups come from a data migration; get_or_create keeps roles working on a database that was
    # flushed since (as transactional tests do).
    return [Group.objects.get_or_create(name=name)[0] for name in names]


def _forget_roles(user: User) -> None:
    for cache in ("role_names", "_group_names_cache"):
        user.__dict__.pop(cache, None)


@transaction.atomic
def register_member(*, user: User) -> User:
    """A person who just signed up becomes a member (the role that may post once the email is confirmed)."""
    user.groups.add(*_role_groups([Role.MEMBER.value]))
    _forget_roles(user)
    events.publish(events.MemberJoined(user_id=user.pk))
    return user


@transaction.atomic
def update_profile(*, user: User, by: User, **fields) -> User:
    """Change what a person shows to others and how the site speaks to them."""
    if not by.has_perm("accounts.change_profile", user):
        raise PermissionDenied(_("You can only change your own profile."))
    allowed = {"display_name", "handle", "bio", "language", "time_zone", "avatar"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"not profile fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(user, name, value)
    user.full_clean(exclude=["password", "email"])
    user.save(update_fields=list(fields))
    people_changed()  # names and pictures beside posts
    return user


def set_language(*, user: User, language: str) -> None:
    """Remember the language a signed-in person picked in the language switch."""
    if language != user.language:
        user.language = language
        user.full_clean(exclude=["password", "email"])
        user.save(update_fields=["language"])


@transaction.atomic
def set_roles(*, user: User, roles: set[Role], by: User | None) -> User:
    """Give a person exactly these roles; `by` is None when a command acts for the operator."""
    if by is not None and not by.has_perm("accounts.set_roles"):
        raise PermissionDenied(_("Only an admin can assign roles."))
    if by is not None and by.pk == user.pk and Role.ADMIN in user_roles(user) and Role.ADMIN not in roles:
        raise ValidationError(_("You cannot take the admin role from yourself."), code="self_demotion")
    wanted = {Role(role).value for role in roles}
    current = set(user.groups.values_list("name", flat=True))
    added, removed = wanted - current, current - wanted
    if added:
        user.groups.add(*_role_groups(sorted(added)))
    if removed:
        user.groups.remove(*Group.objects.filter(name__in=removed))
    _forget_roles(user)
    if added or removed:
        people_changed()  # marks beside posts: super user, staff
        events.publish(
            events.RolesChanged(
                user_id=user.pk,
                added=tuple(sorted(added)),
                removed=tuple(sorted(removed)),
                by_user_id=by.pk if by else None,
            )
        )
    return user


def user_roles(user: User) -> set[Role]:
    return {Role(name) for name in user.role_names if name in Role.values}


@transaction.atomic
def create_admin(*, email: str, password: str, display_name: str) -> User:
    """The first admin: the technical admin account with the admin role and a confirmed address."""
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError(_("Someone already uses this email address."), code="email_taken")
    user = User(email=email, display_name=display_name, handle=unique_handle(display_name), is_superuser=True)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    user.groups.add(*_role_groups([Role.MEMBER.value, Role.ADMIN.value]))
    _forget_roles(user)
    return user


def grant_admin_permissions(**kwargs) -> None:
    """After every migrate, the admin role may change every model in the Django admin."""
    group = Group.objects.filter(name=Role.ADMIN.value).first()
    if group is not None:
        group.permissions.set(Permission.objects.all())
