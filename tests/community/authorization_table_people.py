"""The authorization table's entries for people: their accounts and data, notifications, super users and
moderation (see authorization_table.py)."""

from community.accounts.permissions import has_verified_email
from community.accounts.privacy import erasure, exports
from moderation import suspensions
from notifications import kinds

from .authorization_rules import (
    ACTIVE,
    DOOR,
    MAIL,
    NOBODY,
    PUBLIC,
    READS,
    SIGNED_IN,
    SIGNED_OUT,
    Check,
    Entry,
    Perm,
    signed_out_now,
)
from .authorization_world import NEW_PASSWORD, PASSWORD

NOTE = "Posts the same shop link under every question, after two warnings."


def _profile(world, role: str) -> dict:
    user = world.people[role]
    handle = getattr(user, "handle", "nobody")
    return {"display_name": "A new name", "handle": handle, "bio": "", "language": "en", "time_zone": "Europe/Berlin"}


def _preferences(world, role: str) -> dict:
    data = {}
    for kind in kinds.all_kinds():
        data[f"{kind.code}__email"] = "off"
        data[f"{kind.code}__in_app"] = "on"
    return data


def _own_company_login(world, role: str) -> dict:
    return {"account": world.social_accounts.get(role, 0)}


def _signed_in_as_author(response, world) -> bool:
    return response.wsgi_request.session.get("_auth_user_id") == str(world.author.pk)


def _key_accepted(response, world) -> bool:
    """allauth takes a good reset key into the session and leads on to the page that sets the password."""
    return response.status_code == 302 and response["Location"].endswith("-set-password/")


CONFIRMED = Check("signed in with a confirmed address", lambda user, world: has_verified_email(user))
RECIPIENT = Check("the notification's recipient", lambda user, world: user == world.notification.recipient)
WITHOUT_PASSWORD = Check("signed in without a password", lambda user, w: user.is_authenticated and not user.password)
OWNER = Check("whose copy of their data it is", lambda user, world: user.pk == world.export.user_id)
NOT_LAST_ADMIN = Check("not the last admin (erasure.is_last_admin)", lambda user, w: not erasure.is_last_admin(user))
# Whom one may suspend and whose restriction one may lift, as moderation.suspensions decides (nobody an admin,
# only admins a moderator; a moderator lifts their own decisions, an admin any).
RESTRICTS = Perm("moderation.restrict_member")
MAY_RESTRICT = Check(
    "suspensions.refusal_to_restrict(colleague) is None",
    lambda user, world: suspensions.refusal_to_restrict(user, world.colleague) is None,
)
MAY_LIFT = Check(
    "suspensions.may_lift(the silencing)",
    lambda user, world: suspensions.may_lift(user, suspensions.open_restriction(world.silenced)),
)
# The review queue's decisions: a reviewer, and the forum's own permission to hide the post.
HIDES = Perm("moderation.review_posts") & Perm("forum.hide_post", "question")

PEOPLE = {
    "superusers:leaderboard": Entry(READS),
    "superusers:badges": Entry(READS),
    "superusers:badge-detail": Entry(READS, args=lambda w: ["first-answer"]),
    "superusers:candidates": Entry(READS),
    "superusers:candidates-rank": Entry(Perm("superusers.rank_candidates")),
    "superusers:promote": Entry(Perm("superusers.promote"), args=("candidate",), data={"note": "helps a lot"}),
    "superusers:demote": Entry(Perm("superusers.promote"), args=("super_user",), data={"note": "inactive"}),
    "superusers:voting": Entry(READS),
    "accounts:settings": Entry(Perm("accounts.change_profile", "self"), data=_profile),
    "accounts:profile": Entry(READS, args=lambda w: [w.author.handle]),
    "notifications:list": Entry(READS),
    "notifications:bell": Entry(READS),
    "notifications:mark-read": Entry(SIGNED_IN, why="marks one's own notifications read"),
    "notifications:open": Entry(RECIPIENT, args=("notification",)),
    # The link in an email: the signed token is the key, whoever holds it.
    "notifications:unsubscribe": Entry(PUBLIC, args=("unsubscribe_token",)),
    # Following is taking part; unfollowing (fewer notifications) stays open to a suspended member.
    "notifications:follow": Entry(ACTIVE, args=lambda w: ["question", w.question.pk], data={"follow": "1"}),
    "notifications:following": Entry(READS),
    "notifications:preferences": Entry(SIGNED_IN, data=_preferences),
}

# A copy of one's data and deleting one's account: open to everyone with an account, suspended or not.
PRIVACY = {
    "accounts:privacy-export": Entry(Perm("accounts.export_data")),
    "accounts:privacy-export-download": Entry(
        Perm("accounts.export_data") & OWNER, args=lambda w: [exports.token_for(w.export)]
    ),
    "accounts:account-delete": Entry(
        Perm("accounts.erase_account", "self") & NOT_LAST_ADMIN,
        data={"posts": "keep", "password": PASSWORD},
        refusal="form",
        why="the community keeps an admin: the last one is told so on the form",
    ),
}

MODERATION = {
    "moderation:flag": Entry(
        Perm("moderation.flag_post", "question"), args=lambda w: ["question", w.question.pk], data={"reason": "spam"}
    ),
    "moderation:queue": Entry(READS),
    "moderation/review/": Entry(READS, why="the queue's old address, sent on to it"),
    "moderation:handle": Entry(Perm("moderation.handle_flags"), args=("flag",), data={"decision": "dismiss"}),
    "moderation:decide": Entry(
        HIDES, args=lambda w: ["question", w.question.pk], data={"action": "hide", "note": "Advertising."}
    ),
    "moderation:bulk": Entry(HIDES, data=lambda w, role: {"items": [f"question:{w.question.pk}"], "action": "hide"}),
    "moderation:warn": Entry(
        Perm("moderation.warn_author"), args=lambda w: ["question", w.question.pk], data={"message": NOTE}
    ),
    "moderation:suspend": Entry(
        RESTRICTS & MAY_RESTRICT,
        args=lambda w: [w.colleague.handle],
        data={"kind": "suspended", "duration": "1w", "reason": NOTE},
    ),
    "moderation:lift": Entry(
        RESTRICTS & MAY_LIFT, args=lambda w: [w.silenced.handle], data={"note": "Talked it over."}
    ),
}

# allauth's pages: signing in, up and out, addresses, passwords, the company login.
ACCOUNTS = {
    "account_login": Entry(
        SIGNED_OUT,
        data=lambda w, role: {"login": w.author.email, "password": PASSWORD},
        effect=_signed_in_as_author,
        refusal="quiet",
    ),
    "account_logout": Entry(SIGNED_IN, effect=signed_out_now, refusal="quiet"),
    "account_signup": Entry(
        SIGNED_OUT,
        data={
            "display_name": "New Person",
            "email": "new@example.com",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
        refusal="quiet",
    ),
    "account_reauthenticate": Entry(SIGNED_IN, data={"password": PASSWORD}, effect=DOOR, refusal="quiet"),
    "account_email": Entry(SIGNED_IN, data={"action_add": "", "email": "another@example.com"}),
    "account_change_password": Entry(
        SIGNED_IN, data={"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    ),
    "account_set_password": Entry(
        WITHOUT_PASSWORD, data={"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}, refusal="quiet"
    ),
    "account_reset_password": Entry(PUBLIC, data=lambda w, role: {"email": w.author.email}, effect=MAIL),
    "account_confirm_login_code": Entry(NOBODY, data={"code": "123456"}, refusal="quiet"),
    "account_confirm_email": Entry(PUBLIC, args=lambda w: [w.confirmation_key]),
    "account_reset_password_from_key": Entry(
        PUBLIC, args=lambda w: w.reset_key.split("-", 1), effect=_key_accepted, why="the key is the credential"
    ),
    "socialaccount_signup": Entry(NOBODY, data={"email": "new@example.com"}, refusal="quiet"),
    # allauth keeps the company login of someone with no confirmed address: it may be their only way in.
    "socialaccount_connections": Entry(SIGNED_IN & CONFIRMED, data=_own_company_login, refusal="quiet"),
    "accounts/social/login/cancelled/": Entry(READS),
    "accounts/social/login/error/": Entry(READS),
    "accounts/social/signup/": Entry(READS),
    "accounts/social/connections/": Entry(READS),
    # Starts the company login at its identity provider: what it keeps is in the session only.
    "openid_connect_login": Entry(READS, args=lambda w: ["company"], outside=True),
    "openid_connect_callback": Entry(READS, args=lambda w: ["company"], outside=True),
}
