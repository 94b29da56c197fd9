"""Deleting one's account: personal data goes at once, in one transaction; posts stay or go, as the person chose.

The person's row stays, because their posts point at it (PROTECT), and becomes pseudonymous: no email, an
empty name that pages show as "Deleted member" in the reader's language, a `deleted-<random>` handle,
no picture, bio, roles or usable password, inactive. Every app's eraser (community/privacy.py) runs first,
while the row still has the old name, to wipe what the app keeps: follows, preferences, pending news,
names copied into other people's notifications, and, when the person chose it, their posts (through the
app's own services, so counts and search stay right). Reputation ledger lines stay with the pseudonymous
row: they hold no personal data and keep everyone's totals right. The audit log keeps only the
pseudonymous handle: the old name, handle and email are replaced in every entry's note and details.
"""

import re
import secrets

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from community import audit, privacy
from community.fragments import people_changed
from community.models import AuditEntry, Handoff

from ..models import ERASED_HANDLE_PREFIX, DataExport, Role, User
from . import exports

LAST_ADMIN = gettext_lazy(
    "You are the only admin. Make another member an admin first, so that the community keeps one."
)


def is_last_admin(user: User) -> bool:
    """Whether the community would have no admin left without this person (admin role or technical admin)."""
    admins = User.objects.filter(Q(groups__name=Role.ADMIN.value) | Q(is_superuser=True), is_active=True)
    return admins.filter(pk=user.pk).exists() and not admins.exclude(pk=user.pk).exists()


@transaction.atomic
def erase_account(*, user: User, by: User, remove_posts: bool) -> User:
    """Delete one's own account: personal data at once; posts kept under "Deleted member" or removed."""
    if not by.has_perm("accounts.erase_account", user):
        raise PermissionDenied(_("You can only delete your own account."))
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_erased:
        return user
    if is_last_admin(user):
        raise ValidationError(LAST_ADMIN, code="last_admin")
    pseudonym = f"{ERASED_HANDLE_PREFIX}{secrets.token_hex(6)}"
    traces = _traces(user)
    for eraser in privacy.erasers():
        eraser(user, remove_posts)
    _erase_sign_ins(user)
    for export in DataExport.objects.filter(user=user):
        exports.forget(export)
    _pseudonymise_logs(user, traces, pseudonym)
    _anonymise(user, pseudonym)
    audit.record(
        actor=user,
        action="privacy.account_erased",
        subject=user,
        member=pseudonym,
        posts="removed" if remove_posts else "kept",
    )
    people_changed()  # every page that shows the name beside a post
    return user


def _traces(user: User) -> list[str]:
    """What names the person in text: their name, handle and every email address they used."""
    addresses = EmailAddress.objects.filter(user=user).values_list("email", flat=True)
    words = {user.__dict__.get("display_name", ""), user.handle, user.email or "", *addresses}
    return sorted((word for word in words if word and len(word) >= 3), key=len, reverse=True)


def _erase_sign_ins(user: User) -> None:
    """Addresses, company logins and every session: nobody signs in as this person again."""
    EmailAddress.objects.filter(user=user).delete()
    SocialAccount.objects.filter(user=user).delete()  # their tokens go with them
    store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")
    # Sessions do not name their person in a column: each live one is read. Erasures are rare, and the
    # sessions table holds only unexpired rows (community.tasks.clear_expired_sessions).
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            store(session_key=session.session_key).delete()  # the row and its cached copy


def _pseudonymise_logs(user: User, traces: list[str], pseudonym: str) -> None:
    """The audit log, the admin's history and the hand-offs to the worker keep what happened, naming the
    person only by the pseudonym (a staff note such as a promotion's travels in its event's hand-off)."""
    if traces:
        # Whole words only: erasing "anna" leaves "Johanna" in someone else's entry as it was.
        words = "|".join(re.escape(word) for word in traces)
        pattern = re.compile(rf"(?<!\w)(?:{words})(?!\w)", re.IGNORECASE)

        def mentioning(field: str) -> Q:
            found = Q()
            for word in traces:
                found |= Q(**{f"{field}_text__icontains": word})
            return found

        entries = AuditEntry.objects.annotate(note_text=F("note"), data_text=Cast("data", TextField()))
        for entry in entries.filter(Q(actor=user) | Q(subject=user) | mentioning("note") | mentioning("data")):
            entry.note = pattern.sub(pseudonym, entry.note)
            entry.data = _replaced(entry.data, pattern, pseudonym)
            entry.save(update_fields=["note", "data"])
        handoffs = Handoff.objects.annotate(kwargs_text=Cast("kwargs", TextField()))
        for handoff in handoffs.filter(mentioning("kwargs")):
            Handoff.objects.filter(pk=handoff.pk).update(kwargs=_replaced(handoff.kwargs, pattern, pseudonym))
    LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk)).update(
        object_repr=pseudonym
    )


def _replaced(data, pattern: re.Pattern, pseudonym: str):
    """The JSON value with every mention of the person in its strings replaced."""
    if isinstance(data, str):
        return pattern.sub(pseudonym, data)
    if isinstance(data, list):
        return [_replaced(item, pattern, pseudonym) for item in data]
    if isinstance(data, dict):
        return {key: _replaced(value, pattern, pseudonym) for key, value in data.items()}
    return data


def _anonymise(user: User, pseudonym: str) -> None:
    avatar = user.avatar.name
    user.email = None
    user.display_name = ""  # pages show "Deleted member" (accounts.models.DisplayNameField)
    user.handle = pseudonym
    user.bio = ""
    user.avatar = ""
    user.time_zone = settings.TIME_ZONE
    user.is_active = False
    user.is_superuser = False
    user.last_login = None
    user.erased_at = timezone.now()
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    if avatar:
        storage = user.avatar.storage
        transaction.on_commit(lambda: storage.delete(avatar))
