"""Every route of the project that takes a POST, and the rule that decides who may write through it.

Add a route when you add it to a urls.py (tests/community/test_authorization.py fails, naming it, until you
do): the forum's and the idea board's in authorization_table_posts.py, people's (accounts, privacy,
notifications, super users, moderation, allauth) in authorization_table_people.py, the site's and the Django
admin's here. The key is the route's name ("forum:question-vote"), or its pattern when it has none. An entry
says:

    "forum:question-vote": Entry(Perm("forum.vote", "question"), args=("question",), data={"value": "1"}),

- the rule (authorization_rules.py): Perm(<permission>, <World attribute it is asked on>), combined with &;
  SIGNED_IN, ACTIVE, NOT_SUSPENDED (the accounts' predicates, for what no permission names), SIGNED_OUT,
  PUBLIC, NOBODY, or a Check(says, test) of your own, computed from the rules or the services' own checks,
  never a list of roles; READS for a route that takes a
  POST as a GET and writes nothing (the test makes sure it writes nothing, for everyone);
- args: the path's values, as World attributes (authorization_world.py; add what your route needs there);
- data: the form a person would post, complete and valid, so an allowed role really does the thing;
- effect: how the test sees that it was done (a database write unless said otherwise).

The Django admin's pages of each registered model are added by `admin_routes()`, ruled by the model
admin's own permissions; a page an admin adds by hand (a custom admin view) needs an entry here.
"""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model

from .authorization_rules import DOOR, NOBODY, PUBLIC, READS, AdminDoor, Entry, Perm, admin_sample, signed_out_now
from .authorization_table_helpdesk_routing import HELPDESK_ROUTING
from .authorization_table_insights_watch import WATCH
from .authorization_table_people import ACCOUNTS, MODERATION, PEOPLE, PRIVACY
from .authorization_table_posts import FORUM, IDEAS
from .authorization_table_tickets import TICKETS
from .authorization_world import NEW_PASSWORD, PASSWORD


def _language_cookie(response, world) -> bool:
    return settings.LANGUAGE_COOKIE_NAME in response.cookies


SITE = {
    "set_language": Entry(PUBLIC, data={"language": "de"}, effect=_language_cookie),
    "page": Entry(READS, args=lambda w: ["imprint"]),
    "healthz": Entry(READS),
    "readyz": Entry(READS),
    **TICKETS,
    # The JSON API takes a token, never a session: whoever is signed in gets a 401 (a refusal with a reason).
    "api:openapi-json": Entry(READS),
    "api:openapi-view": Entry(READS),
    "api:api-root": Entry(READS),
    "api:link_create": Entry(
        NOBODY, args=lambda w: ["zendesk", "4711"], data={"question_id": "1"}, refusal="form", why="API: token only"
    ),
    "api:ticket_status": Entry(
        NOBODY, args=lambda w: ["zendesk", "4711"], data={"status": "solved"}, refusal="form", why="API: token only"
    ),
    # Its POST is a 405; its DELETE, like every API write, takes a token (401 for a session).
    "api:link_delete": Entry(READS, args=lambda w: ["zendesk", "4711", w.question.pk]),
}

# The admin site's own pages (its model pages come from `admin_routes`).
ADMIN_SITE = {
    "admin:index": Entry(READS),
    "admin:login": Entry(READS),
    # Django sends people the admin does not let in from its logout to its index, signed in as they were.
    "admin:logout": Entry(AdminDoor(), effect=signed_out_now, refusal="quiet"),
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


def _failed_delivery(world) -> list:
    from helpdesk.models import WebhookDelivery

    return [WebhookDelivery.objects.filter(status="failed").order_by("pk").first().pk]


# The helpdesk's pages: escalating a thread, the webhook delivery log.
HELPDESK = {
    "helpdesk:thread-escalate": Entry(
        Perm("forum.view_category", "category") & Perm("helpdesk.escalate_thread", "question"),
        args=("question",),
        data={"note": "The customer phoned twice about this."},
    ),
    "helpdesk:webhook-log": Entry(READS),
    "helpdesk:webhook-send-again": Entry(Perm("helpdesk.manage_integrations"), args=_failed_delivery),
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
        AdminDoor(get_user_model(), "change"),
        args=_admin_object(get_user_model()),
        data={"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )
    return routes


def _admin_object(model):
    def values(world) -> list:
        row = admin_sample(model)
        assert row is not None, f"no {model._meta.label} in the world: make one in authorization_world.py"
        return [row.pk]

    return values


def table() -> dict[str, Entry]:
    return {
        **FORUM,
        **IDEAS,
        **PEOPLE,
        **PRIVACY,
        **MODERATION,
        **SITE,
        **ACCOUNTS,
        **ADMIN_SITE,
        **admin_routes(),
        **HELPDESK,
        **HELPDESK_ROUTING,
        **WATCH,
    }


def address(route, entry: Entry, world) -> str:
    """The address the entry's route is tried at."""
    return route.url(dict(zip(route.parts, map(str, entry.values(world)), strict=True)))
