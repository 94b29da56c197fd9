"""Every route of the project that takes a POST, and the rule that decides who may write through it.

Add a route here when you add it to a urls.py (tests/community/test_authorization.py fails, naming it, until
you do). The key is the route's name ("forum:question-vote"), or its pattern when it has none. An entry says:

    "forum:question-vote": Entry(Perm("forum.vote", "question"), args=("question",), data={"value": "1"}),

- the rule (authorization_rules.py): Perm(<permission>, <World attribute it is asked on>), combined with &;
  SIGNED_IN, SIGNED_OUT, PUBLIC, NOBODY, or a Check(says, test) of your own; READS for a route that takes a
  POST as a GET and writes nothing (the test makes sure it writes nothing, for everyone);
- args: the path's values, as World attributes (authorization_world.py; add what your route needs there);
- data: the form a person would post, complete and valid, so an allowed role really does the thing;
- effect: how the test sees that it was done (a database write unless said otherwise).

The Django admin's pages of each registered model are added by `admin_routes()`, ruled by the model
admin's own permissions; a page an admin adds by hand (a custom admin view) needs an entry here.
"""

from django.conf import settings
from django.contrib import admin

from community.accounts.permissions import has_verified_email
from notifications import kinds

from .authorization_rules import (
    DOOR,
    MAIL,
    NOBODY,
    PUBLIC,
    READS,
    SIGNED_IN,
    SIGNED_OUT,
    AdminDoor,
    Check,
    Entry,
    Perm,
)
from .authorization_world import NEW_PASSWORD, PASSWORD

BODY = "Restart the router, then hold the reset button for ten seconds and pair the device again."
TITLE = "Why does my thermostat lose its schedule every night?"
ANSWERS = Perm("forum.post_answer", "question")


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


def _ask(world, role: str) -> dict:
    return {"title": TITLE, "body": BODY, "category": world.category.pk, "tags": "thermostat", "language": "en"}


def _own_company_login(world, role: str) -> dict:
    return {"account": world.social_accounts.get(role, 0)}


def _signed_out_now(response, world) -> bool:
    """Someone came with a session and leaves without one."""
    request = response.wsgi_request
    return settings.SESSION_COOKIE_NAME in request.COOKIES and not request.user.is_authenticated


def _signed_in_as_author(response, world) -> bool:
    return response.wsgi_request.session.get("_auth_user_id") == str(world.author.pk)


def _language_cookie(response, world) -> bool:
    return settings.LANGUAGE_COOKIE_NAME in response.cookies


def _key_accepted(response, world) -> bool:
    """allauth takes a good reset key into the session and leads on to the page that sets the password."""
    return response.status_code == 302 and response["Location"].endswith("-set-password/")


CONFIRMED = Check("signed in with a confirmed address", lambda user, world: has_verified_email(user))
RECIPIENT = Check("the notification's recipient", lambda user, world: user == world.notification.recipient)
WITHOUT_PASSWORD = Check("signed in without a password", lambda user, w: user.is_authenticated and not user.password)

FORUM = {
    "forum:home": Entry(READS),
    "forum:category-detail": Entry(READS, args=lambda w: [w.category.slug]),
    "forum:tag-detail": Entry(READS, args=lambda w: ["router"]),
    "forum:knowledge-base": Entry(READS),
    # "Was this helpful?": members once each, signed-out readers once a day per device.
    "forum:article-feedback": Entry(PUBLIC, args=("article",), data={"helpful": "yes"}),
    "forum:article-edit": Entry(Perm("forum.edit_article", "article"), args=("article",), data={"summary": BODY}),
    "forum:article-revisions": Entry(READS, args=("article",)),
    "forum:article-detail": Entry(READS, args=lambda w: [w.article.pk, "x"]),
    "forum:search": Entry(READS),
    "forum:search-suggest": Entry(READS),
    # The ask page's figures: what the similar questions under the title did for a signed-in asker's visit.
    "forum:ask-similar": Entry(
        SIGNED_IN,
        data={"title": "reset the thermostat factory settings", "ask_session": "5d8f3c1e-0000-4000-8000-000000000001"},
        refusal="quiet",
        why="a signed-out visitor's suggestions count for nothing",
    ),
    "forum:ask-similar-open": Entry(
        SIGNED_IN,
        args=lambda w: [w.solved_document],
        data={"ask_session": "5d8f3c1e-0000-4000-8000-000000000002"},
        refusal="quiet",
    ),
    "forum:ask": Entry(Perm("forum.ask_question") & Perm("forum.start_thread", "category"), data=_ask),
    "forum:preview": Entry(READS),
    "forum:tag-suggestions": Entry(READS),
    "forum:question-redirect": Entry(READS, args=("question",)),
    "forum:question-detail": Entry(READS, args=lambda w: [w.question.pk, "x"]),
    "forum:question-edit": Entry(
        Perm("forum.edit_post", "question"),
        args=("question",),
        data={"title": TITLE, "body": BODY, "tags": "router"},
    ),
    "forum:question-delete": Entry(Perm("forum.delete_post", "question"), args=("question",)),
    "forum:question-revisions": Entry(READS, args=("question",)),
    "forum:question-vote": Entry(Perm("forum.vote", "question"), args=("question",), data={"value": "1"}),
    "forum:answer-create": Entry(ANSWERS, args=("question",), data={"body": BODY}),
    "forum:reply-create": Entry(Perm("forum.post_reply", "question"), args=("question",), data={"body": BODY}),
    "forum:question-manage": Entry(READS, args=("question",)),
    "forum:question-close": Entry(
        Perm("forum.close_question", "question"), args=("question",), data={"reason": "off_topic"}
    ),
    "forum:question-reopen": Entry(Perm("forum.close_question", "closed"), args=("closed",)),
    "forum:question-duplicate": Entry(
        Perm("forum.mark_duplicate", "question"),
        args=("question",),
        data=lambda world, role: {"original": str(world.original.pk)},
    ),
    "forum:question-lock": Entry(Perm("forum.lock_question", "question"), args=("question",), data={"locked": "1"}),
    "forum:question-pin": Entry(Perm("forum.pin_question", "question"), args=("question",)),
    "forum:question-move": Entry(
        Perm("forum.move_question", "question") & Perm("forum.start_thread", "other_category"),
        args=("question",),
        data=lambda world, role: {"category": world.other_category.pk},
    ),
    "forum:question-retag": Entry(
        Perm("forum.retag_question", "question"), args=("question",), data={"tags": "router, wifi"}
    ),
    "forum:answer-edit": Entry(Perm("forum.edit_post", "answer"), args=("answer",), data={"body": BODY}),
    "forum:answer-delete": Entry(Perm("forum.delete_post", "answer"), args=("answer",)),
    "forum:answer-accept": Entry(Perm("forum.accept_answer", "question"), args=("answer",)),
    "forum:answer-unaccept": Entry(Perm("forum.accept_answer", "solved"), args=("accepted",)),
    "forum:answer-vote": Entry(Perm("forum.vote", "answer"), args=("answer",), data={"value": "1"}),
    "forum:answer-revisions": Entry(READS, args=("answer",)),
    "forum:reply-edit": Entry(Perm("forum.edit_post", "reply"), args=("reply",), data={"body": BODY}),
    "forum:reply-delete": Entry(Perm("forum.delete_post", "reply"), args=("reply",)),
    "forum:category-feed": Entry(READS, args=lambda w: [w.category.slug]),
    "forum:tag-feed": Entry(READS, args=lambda w: ["router"]),
    "forum:reply-form": Entry(READS, args=("reply",)),
}

IDEAS = {
    "ideas:idea-list": Entry(READS),
    "ideas:roadmap": Entry(READS),
    "ideas:similar": Entry(READS),
    "ideas:idea-new": Entry(Perm("ideas.post_idea"), data={"title": TITLE, "body": BODY, "tags": "export"}),
    "ideas:idea-from-thread": Entry(
        Perm("ideas.idea_from_thread", "question"),
        args=("question",),
        data={"title": TITLE, "body": BODY, "tags": "router"},
    ),
    "ideas:idea-redirect": Entry(READS, args=("idea",)),
    "ideas:idea-edit": Entry(
        Perm("ideas.edit_idea", "idea"), args=("idea",), data={"title": TITLE, "body": BODY, "tags": "export"}
    ),
    "ideas:idea-vote": Entry(Perm("ideas.vote", "idea"), args=("idea",), data={"value": "1"}),
    "ideas:comment-create": Entry(Perm("ideas.post_comment", "idea"), args=("idea",), data={"body": BODY}),
    "ideas:idea-status": Entry(
        Perm("ideas.change_status", "idea"), args=("idea",), data={"status": "planned", "response": BODY}
    ),
    "ideas:idea-merge": Entry(
        Perm("ideas.merge_ideas", "idea"), args=("idea",), data=lambda world, role: {"into": str(world.other_idea.pk)}
    ),
    "ideas:idea-voters": Entry(READS, args=("idea",)),
    "ideas:thread-link": Entry(
        Perm("ideas.link_thread", "idea"), args=("idea",), data=lambda world, role: {"thread": str(world.original.pk)}
    ),
    "ideas:thread-unlink": Entry(Perm("ideas.link_thread", "idea"), args=("idea", "linked")),
    "ideas:idea-detail": Entry(READS, args=lambda w: [w.idea.pk, w.idea.slug]),
    "ideas:comment-reply-form": Entry(READS, args=("comment",)),
    "ideas:comment-edit": Entry(Perm("ideas.edit_comment", "comment"), args=("comment",), data={"body": BODY}),
    "ideas:comment-delete": Entry(Perm("ideas.delete_comment", "comment"), args=("comment",)),
}

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
    "notifications:follow": Entry(SIGNED_IN, args=lambda w: ["question", w.question.pk], data={"follow": "1"}),
    "notifications:following": Entry(READS),
    "notifications:preferences": Entry(SIGNED_IN, data=_preferences),
    "moderation:flag": Entry(
        Perm("moderation.flag_post", "question"), args=lambda w: ["question", w.question.pk], data={"reason": "spam"}
    ),
    "moderation:queue": Entry(READS),
    "moderation:handle": Entry(Perm("moderation.handle_flags"), args=("flag",), data={"decision": "dismiss"}),
}

SITE = {
    "set_language": Entry(PUBLIC, data={"language": "de"}, effect=_language_cookie),
    "page": Entry(READS, args=lambda w: ["imprint"]),
    "healthz": Entry(READS),
    "readyz": Entry(READS),
}

# allauth's pages: signing in, up and out, addresses, passwords, the company login.
ACCOUNTS = {
    "account_login": Entry(
        SIGNED_OUT,
        data=lambda w, role: {"login": w.author.email, "password": PASSWORD},
        effect=_signed_in_as_author,
        refusal="quiet",
    ),
    "account_logout": Entry(SIGNED_IN, effect=_signed_out_now, refusal="quiet"),
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

# The admin site's own pages (its model pages come from `admin_routes`).
ADMIN_SITE = {
    "admin:index": Entry(READS),
    "admin:login": Entry(READS),
    # Django sends people the admin does not let in from its logout to its index, signed in as they were.
    "admin:logout": Entry(AdminDoor(), effect=_signed_out_now, refusal="quiet"),
    "admin:password_change": Entry(
        AdminDoor(), data={"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    ),
    "admin:password_change_done": Entry(READS),
    "admin:autocomplete": Entry(READS),
    "admin:jsi18n": Entry(READS),
    "admin:view_on_site": Entry(READS, args=lambda w: [w.question_type, w.question.pk]),
    "admin:app_list": Entry(READS, args=lambda w: ["forum"]),
    "admin/(?P<url>.*)$": Entry(READS, args=lambda w: ["nothing-here"]),
    # taggit's "merge tags" asks the site's door only. Posted without the tags its admin action chose (they
    # wait in the session) it fails with a 500, so the form is posted empty: it is shown again.
    "admin:taggit_tag_merge_tags": Entry(AdminDoor(), effect=DOOR),
}


def admin_routes() -> dict[str, Entry]:
    """The pages Django's admin makes for each registered model, ruled by that model's admin."""
    from django.apps import apps

    routes = {}
    for model in apps.get_models():
        if not admin.site.is_registered(model):
            continue
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        sample = _admin_object(model)
        routes[f"{prefix}_changelist"] = Entry(AdminDoor(model, "view"), effect=DOOR)
        routes[f"{prefix}_add"] = Entry(AdminDoor(model, "add"), effect=DOOR)
        for page, op in (("history", "view"), ("delete", "delete"), ("change", "change")):
            routes[f"{prefix}_{page}"] = Entry(AdminDoor(model, op), args=sample, effect=DOOR)
        # The bare object address only redirects to its change page.
        routes[f"admin/{model._meta.app_label}/{model._meta.model_name}/<path:object_id>/"] = Entry(READS, args=sample)
    routes["admin:auth_user_password_change"] = Entry(
        AdminDoor(settings_user_model(), "change"),
        args=_admin_object(settings_user_model()),
        data={"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )
    return routes


def settings_user_model():
    from django.contrib.auth import get_user_model

    return get_user_model()


def _admin_object(model):
    from .authorization_rules import admin_sample

    def values(world) -> list:
        row = admin_sample(model)
        assert row is not None, f"no {model._meta.label} in the world: make one in authorization_world.py"
        return [row.pk]

    return values


def table() -> dict[str, Entry]:
    return {**FORUM, **IDEAS, **PEOPLE, **SITE, **ACCOUNTS, **ADMIN_SITE, **admin_routes()}


def address(route, entry: Entry, world) -> str:
    """The address the entry's route is tried at."""
    return route.url(dict(zip(route.parts, map(str, entry.values(world)), strict=True)))
