"""The community roles as `rules` predicates, and the rules that belong to no single app.

Every app builds its own rules in its permissions.py on these predicates, into the one `rules`
registry, so "who may do what" is always asked the same way: `user.has_perm("<app>.<action>", obj)`.
`is_group_member` caches the person's groups, so asking for each of 200 posts costs no queries.
"""

import rules

from .models import Role

is_member = rules.is_group_member(Role.MEMBER.value)
is_super_user = rules.is_group_member(Role.SUPER_USER.value)  # the community role, not is_superuser
is_agent = rules.is_group_member(Role.AGENT.value)
is_moderator = rules.is_group_member(Role.MODERATOR.value)
is_admin = rules.is_group_member(Role.ADMIN.value)


# What moderation decided about a person: "suspended", "silenced" or None. Moderation sits above the
# accounts and fills this in its ready(); until then nobody is restricted.
_restriction_lookup = None
_restriction_message = None


def register_restriction_lookup(lookup, message=None) -> None:
    """`lookup(user)` says "suspended", "silenced" or None; `message(user)` the sentence that tells them why."""
    global _restriction_lookup, _restriction_message
    _restriction_lookup, _restriction_message = lookup, message


def restriction_message(user) -> str | None:
    """Why a restricted person is refused (the reason and the end), to say instead of a rule's general refusal."""
    if _restriction_message is None or restriction_of(user) is None:
        return None
    return _restriction_message(user)


def restriction_of(user) -> str | None:
    """Cached on the instance for the rest of the request, like the confirmed address."""
    if _restriction_lookup is None or not user.is_authenticated:
        return None
    if not hasattr(user, "_restriction_cache"):
        user._restriction_cache = _restriction_lookup(user)
    return user._restriction_cache


@rules.predicate
def has_an_account(user) -> bool:
    """Signed in to an account that is not closed, whatever moderation decided: what stays open to a
    suspended member (their data, leaving)."""
    return bool(user.is_authenticated and user.is_active)


@rules.predicate
def is_suspended(user) -> bool:
    return restriction_of(user) == "suspended"


@rules.predicate
def is_silenced(user) -> bool:
    return restriction_of(user) == "silenced"


# Acting in the community at all (editing, deciding, changing a profile): not while suspended.
is_active_account = has_an_account & ~is_suspended


@rules.predicate
def has_verified_email(user) -> bool:
    """Signed in with a confirmed address; cached on the instance for the rest of the request."""
    if not user.is_authenticated:
        return False
    if not hasattr(user, "_verified_email_cache"):
        from allauth.account.models import EmailAddress

        user._verified_email_cache = EmailAddress.objects.filter(user=user, verified=True).exists()
    return user._verified_email_cache


@rules.predicate
def is_self(user, other) -> bool:
    return other is not None and user.pk == other.pk


# Moderators can do all a super user or an agent can; admins all a moderator can.
is_staff_moderator = is_moderator | is_admin
has_super_user_privileges = is_super_user | is_staff_moderator
has_agent_privileges = is_agent | is_staff_moderator

# Posting, voting and flagging anywhere: an active member whose address is confirmed, not silenced.
can_contribute = (
    is_active_account & ~is_silenced & has_verified_email & (is_member | is_super_user | is_agent | is_staff_moderator)
)

rules.add_perm("accounts.change_profile", is_active_account & (is_self | is_admin))
rules.add_perm("accounts.set_roles", is_active_account & is_admin)
# The Django admin (User.is_staff says the same; the technical admin account passes every permission).
rules.add_perm("accounts.open_administration", is_active_account & is_admin)
rules.add_perm("accounts.contribute", can_contribute)
# A copy of one's data, and deleting one's account: each person for themselves only.
rules.add_perm("accounts.export_data", has_an_account)
rules.add_perm("accounts.erase_account", has_an_account & is_self)
