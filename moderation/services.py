"""Flags and their handling; every decision goes to the audit log."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community import events
from community.accounts.models import User
from community.audit import record
from forum import services as forum
from forum.kernel import check_can_write
from forum.models import Answer, Question, Reply

from .models import Flag


@transaction.atomic
def flag_post(*, post: Question | Answer | Reply, by: User, reason: str, note: str = "") -> Flag:
    """Ask super users and moderators to look at a post."""
    check_can_write(by, "flag")  # suspensions and rate limits
    from django.core.exceptions import PermissionDenied

    if not by.has_perm("moderation.flag_post", post):
        raise PermissionDenied(_("You cannot flag this post."))
    if reason not in Flag.Reason.values:
        raise ValidationError({"reason": _("Choose a reason.")}, code="bad_reason")
    question = post if isinstance(post, Question) else post.question
    fields = {
        "question": question,
        "answer": post if isinstance(post, Answer) else getattr(post, "answer", None),
        "reply": post if isinstance(post, Reply) else None,
    }
    existing = Flag.objects.filter(reporter=by, status=Flag.Status.OPEN, **fields).first()
    if existing is not None:
        return existing  # flagging twice changes nothing
    try:
        with transaction.atomic():
            return Flag.objects.create(reporter=by, author_id=post.author_id, reason=reason, note=note[:500], **fields)
    except IntegrityError:
        return Flag.objects.get(reporter=by, status=Flag.Status.OPEN, **fields)


@transaction.atomic
def handle_flag(*, flag: Flag, by: User, uphold: bool, note: str = "") -> Flag:
    """Uphold (the post is hidden) or dismiss a flag; other open flags on the post are decided with it."""
    from django.core.exceptions import PermissionDenied

    if not by.has_perm("moderation.handle_flags"):
        raise PermissionDenied(_("Only super users and moderators handle flags."))
    flag = Flag.objects.select_for_update().get(pk=flag.pk)
    if flag.status != Flag.Status.OPEN:
        raise ValidationError(_("This flag was handled already."), code="handled")
    if flag.author_id == by.pk:
        raise ValidationError(_("Someone else must decide on flags against your own posts."), code="own_post")
    status = Flag.Status.UPHELD if uphold else Flag.Status.DISMISSED
    same_post = Flag.objects.filter(
        question=flag.question_id, answer=flag.answer_id, reply=flag.reply_id, status=Flag.Status.OPEN
    )
    same_post.update(status=status, handled_by=by, handled_at=timezone.now())
    if uphold:
        forum.hide_post(post=flag.post, by=by)
        events.publish(
            events.FlagUpheld(
                flag_id=flag.pk,
                post_author_id=flag.author_id,
                question_id=flag.question_id,
                answer_id=flag.answer_id,
                reply_id=flag.reply_id,
                reason=flag.reason,
                by_user_id=by.pk,
            )
        )
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
