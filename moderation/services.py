"""Flags and the review queue's decisions on posts of every kind; every decision goes to the audit log.

Moderation knows the kinds of post only through the forum's registry (`forum.moderatable`), and changes
a post's visibility only through the forum's services (`hide_content`, `approve_content`,
`delete_content`): the forum owns its posts, the idea board registers its own.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from community import events, standing
from community.accounts.models import User
from community.accounts.permissions import has_super_user_privileges
from community.audit import record
from forum import moderatable
from forum import services as forum
from forum.kernel import check_can_write, require

from .models import Flag, Policy

WARNING_MIN, WARNING_MAX = 10, 2000


def _kind(post) -> moderatable.Kind:
    kind = moderatable.kind_of(post)
    if kind is None:
        raise ValidationError(_("This kind of post cannot be flagged."), code="unknown_kind")
    return kind


def is_trusted(user: User, policy: Policy) -> bool:
    """Super users (and staff), and members with more reputation than the policy asks, flag with weight."""
    if has_super_user_privileges(user):
        return True
    return standing.reputation_of([user.pk]).get(user.pk, 0) > policy.trusted_reputation


def _clean_note(note: str, reason: str) -> str:
    note = (note or "").replace("\x00", "").strip()[:500]
    if reason not in Flag.Reason.values:
        raise ValidationError({"reason": _("Choose a reason.")}, code="bad_reason")
    if reason == Flag.Reason.OTHER and not note:
        raise ValidationError({"note": _("Please say what is wrong with it.")}, code="note_required")
    return note


@transaction.atomic
def flag_post(*, post, by: User, reason: str, note: str = "") -> Flag:
    """Ask super users and moderators to look at a post; enough trusted flags hide it at once."""
    kind = _kind(post)
    if post.author_id == by.pk:
        raise ValidationError(_("You cannot flag your own post."), code="own_post")
    require(by, "moderation.flag_post", post, _("Only members with a confirmed email address can flag posts."))
    check_can_write(by, "flag")
    note = _clean_note(note, reason)
    if post.is_trashed or not moderatable.visible_to(by, post):
        raise ValidationError(_("This post is no longer there."), code="gone")
    flagged_before = _("You flagged this post already. Thank you: the moderators will look at it.")
    if Flag.objects.filter(reporter=by, kind=kind.name, object_id=post.pk).exists():
        raise ValidationError(flagged_before, code="flagged_twice")
    policy = Policy.current()
    try:
        with transaction.atomic():
            flag = Flag.objects.create(
                reporter=by,
                kind=kind.name,
                object_id=post.pk,
                author_id=post.author_id,
                reason=reason,
                note=note,
                trusted=is_trusted(by, policy),
            )
    except IntegrityError:  # the same person's flag, sent twice at once
        raise ValidationError(flagged_before, code="flagged_twice") from None
    events.publish(
        events.PostFlagged(
            flag_id=flag.pk,
            kind=kind.name,
            object_id=post.pk,
            author_id=post.author_id,
            reporter_id=by.pk,
            reason=reason,
        )
    )
    if flag.trusted and policy.flags_to_hide and not post.is_deleted:
        _hide_when_enough(kind, post, by, policy)
    return flag


def _hide_when_enough(kind: moderatable.Kind, post, by: User, policy: Policy) -> None:
    trusted = list(
        Flag.objects.filter(kind=kind.name, object_id=post.pk, status=Flag.Status.OPEN, trusted=True).values_list(
            "reason", flat=True
        )
    )
    if len(trusted) < policy.flags_to_hide:
        return
    author = User.objects.get(pk=post.author_id)
    with translation.override(author.language or None):  # the note is for the author's banner
        reasons = ", ".join(sorted({str(Flag.Reason(code).label) for code in trusted}))
        note = ngettext(
            "Hidden after %(count)d trusted member flagged it: %(reasons)s",
            "Hidden after %(count)d trusted members flagged it: %(reasons)s",
            len(trusted),
        ) % {"count": len(trusted), "reasons": reasons}
    forum.hide_content(post=post, by=by, reason=note, trusted_flags=True)
    record(
        actor=None, action="post_hidden_by_flags", subject=author, kind=kind.name, object_id=post.pk, flags=len(trusted)
    )


def _decide_flags(kind: moderatable.Kind, post, by: User, status: str) -> list[int]:
    """Close the open flags on a post as upheld or dismissed; their ids."""
    flags = Flag.objects.filter(kind=kind.name, object_id=post.pk, status=Flag.Status.OPEN)
    ids = list(flags.values_list("pk", flat=True))
    if ids:
        Flag.objects.filter(pk__in=ids).update(status=status, handled_by=by, handled_at=timezone.now())
    return ids


def _refuse_own(post, by: User) -> None:
    if post.author_id == by.pk:
        raise ValidationError(_("Someone else must decide on your own posts."), code="own_post")


def _upheld(kind: moderatable.Kind, post, by: User, flag_ids: list[int]) -> None:
    """The forum's posts keep FlagUpheld (the reputation ledger takes points for it), one per decision."""
    question_id = kind.question_id(post)
    if not flag_ids or question_id is None:
        return
    first = Flag.objects.get(pk=flag_ids[0])
    events.publish(
        events.FlagUpheld(
            flag_id=first.pk,
            post_author_id=post.author_id,
            question_id=question_id,
            answer_id=post.pk if kind.name == "answer" else getattr(post, "answer_id", None),
            reply_id=post.pk if kind.name == "reply" else None,
            reason=first.reason,
            by_user_id=by.pk,
        )
    )


def _audit(action: str, kind: moderatable.Kind, post, by: User, note: str = "", **details) -> None:
    record(
        actor=by,
        action=action,
        subject=User(pk=post.author_id),
        note=note,
        kind=kind.name,
        object_id=post.pk,
        **details,
    )


@transaction.atomic
def approve_post(*, post, by: User, note: str = ""):
    """Approve a held post, bring back a hidden one, or keep a flagged one: it is public, its flags dismissed."""
    require(by, "moderation.review_posts", None, _("Only super users and moderators review posts."))
    kind = _kind(post)
    _refuse_own(post, by)
    was = post.removal if post.is_deleted else ""
    post = forum.approve_content(post=post, by=by)
    flags = _decide_flags(kind, post, by, Flag.Status.DISMISSED)
    if not was:  # public all along: the flags were the only thing to decide
        events.publish(
            events.PostApproved(kind=kind.name, object_id=post.pk, author_id=post.author_id, by_user_id=by.pk, was="")
        )
    _audit("post_approved", kind, post, by, note, was=was, flags=len(flags))
    return post


@transaction.atomic
def hide_post(*, post, by: User, note: str = ""):
    """Hide a post (its open flags upheld); the author is told why and may mend it and ask again."""
    require(by, "moderation.review_posts", None, _("Only super users and moderators review posts."))
    kind = _kind(post)
    _refuse_own(post, by)
    flags = _decide_flags(kind, post, by, Flag.Status.UPHELD)
    reason = note.strip()[:300] or _reasons_of(flags) or post.removal_note
    post = forum.hide_content(post=post, by=by, reason=reason)
    _upheld(kind, post, by, flags)
    _audit("post_hidden", kind, post, by, note, flags=len(flags))
    return post


def _reasons_of(flag_ids: list[int]) -> str:
    codes = set(Flag.objects.filter(pk__in=flag_ids).values_list("reason", flat=True))
    return ", ".join(sorted(str(Flag.Reason(code).label) for code in codes))


@transaction.atomic
def delete_post(*, post, by: User, note: str = ""):
    """Delete a post for good from the review queue (moderators); its open flags are upheld."""
    require(by, "moderation.delete_posts", None, _("Only moderators delete posts from the review queue."))
    kind = _kind(post)
    _refuse_own(post, by)
    flags = _decide_flags(kind, post, by, Flag.Status.UPHELD)
    post = forum.delete_content(post=post, by=by)
    _upheld(kind, post, by, flags)
    _audit("post_deleted", kind, post, by, note, flags=len(flags))
    return post


@transaction.atomic
def warn_author(*, post, by: User, message: str) -> None:
    """Tell a post's author, in the moderator's words, what must change (a notification; the post stays)."""
    require(by, "moderation.warn_author", None, _("Only moderators warn members."))
    kind = _kind(post)
    _refuse_own(post, by)
    message = (message or "").replace("\x00", "").strip()
    if not WARNING_MIN <= len(message) <= WARNING_MAX:
        raise ValidationError(
            {
                "message": _("Please write between %(min)d and %(max)d characters.")
                % {"min": WARNING_MIN, "max": WARNING_MAX}
            },
            code="bad_warning",
        )
    _audit("author_warned", kind, post, by, message)
    events.publish(
        events.AuthorWarned(
            kind=kind.name, object_id=post.pk, author_id=post.author_id, by_user_id=by.pk, message=message
        )
    )


@transaction.atomic
def lock_thread(*, post, by: User, note: str = ""):
    """Lock the question from the review queue (moderators): no new answers, replies or edits."""
    kind = _kind(post)
    if kind.name != "question":
        raise ValidationError(_("Only questions can be locked."), code="not_a_question")
    question = forum.lock_question(question=post, by=by)
    _audit("question_locked", kind, post, by, note)
    return question


@transaction.atomic
def move_thread(*, post, by: User, category, note: str = ""):
    """Move the question to another category from the review queue (moderators)."""
    kind = _kind(post)
    if kind.name != "question":
        raise ValidationError(_("Only questions can be moved."), code="not_a_question")
    question = forum.move_question(question=post, by=by, category=category)
    _audit("question_moved", kind, post, by, note, category=getattr(category, "pk", None))
    return question


@transaction.atomic
def handle_flag(*, flag: Flag, by: User, uphold: bool, note: str = "") -> Flag:
    """Uphold one flag (the post is hidden) or dismiss it; the other open flags on the post are decided with it."""
    if not by.has_perm("moderation.handle_flags"):
        raise PermissionDenied(_("Only super users and moderators handle flags."))
    flag = Flag.objects.select_for_update().get(pk=flag.pk)
    if flag.status != Flag.Status.OPEN:
        raise ValidationError(_("This flag was handled already."), code="handled")
    if flag.author_id == by.pk:
        raise ValidationError(_("Someone else must decide on flags against your own posts."), code="own_post")
    post = moderatable.find(flag.kind, flag.object_id)[1]
    if post is None:
        raise ValidationError(_("This post is no longer there."), code="gone")
    if uphold:
        hide_post(post=post, by=by, note=note)
    else:
        approve_post(post=post, by=by, note=note)
    record(
        actor=by,
        action="flag_upheld" if uphold else "flag_dismissed",
        subject=flag.author,
        note=note,
        flag=flag.pk,
        reason=flag.reason,
    )
    flag.refresh_from_db()
    return flag


ACTIONS = {"approve": approve_post, "hide": hide_post, "delete": delete_post}
# action -> (who may, the forum's bulk service, what the post's open flags become, the audit log's word)
BULK = {
    "approve": ("moderation.review_posts", forum.approve_contents, Flag.Status.DISMISSED, "post_approved"),
    "hide": ("moderation.review_posts", forum.hide_contents, Flag.Status.UPHELD, "post_hidden"),
    "delete": ("moderation.delete_posts", forum.delete_contents, Flag.Status.UPHELD, "post_deleted"),
}


@transaction.atomic
def review_in_bulk(*, posts: list, by: User, action: str, note: str = "") -> int:
    """Approve, hide or delete many queued posts at once, all or none; how many were decided.

    The same decision as one at a time (flags, audit log, events), in one transaction with a row lock per
    kind of post and one query for all their flags.
    """
    if action not in BULK:
        raise ValidationError(_("Choose approve, hide or delete."), code="bad_action")
    if not posts:
        raise ValidationError(_("Select at least one post."), code="nothing_selected")
    permission, decide, status, audit_action = BULK[action]
    require(by, permission, None, _("Only super users and moderators review posts."))
    kinds = {}
    for post in posts:
        kinds[id(post)] = _kind(post)
        _refuse_own(post, by)
    was = {id(post): post.removal if post.is_deleted else "" for post in posts}
    targets = Q()
    for post in posts:
        targets |= Q(kind=kinds[id(post)].name, object_id=post.pk)
    open_flags: dict[tuple[str, int], list[int]] = {}
    for pk, kind_name, object_id in Flag.objects.filter(targets, status=Flag.Status.OPEN).values_list(
        "pk", "kind", "object_id"
    ):
        open_flags.setdefault((kind_name, object_id), []).append(pk)
    if open_flags:
        ids = [pk for group in open_flags.values() for pk in group]
        Flag.objects.filter(pk__in=ids).update(status=status, handled_by=by, handled_at=timezone.now())
    reason = note.strip()[:300]
    decided = decide(posts=posts, by=by, reason=reason) if action == "hide" else decide(posts=posts, by=by)
    for post in decided:
        kind = kinds[id(post)]
        flags = open_flags.get((kind.name, post.pk), [])
        if action == "approve" and not was[id(post)]:
            events.publish(
                events.PostApproved(
                    kind=kind.name, object_id=post.pk, author_id=post.author_id, by_user_id=by.pk, was=""
                )
            )
        elif action != "approve":
            _upheld(kind, post, by, flags)
        _audit(audit_action, kind, post, by, note, flags=len(flags), bulk=True)
    return len(decided)
