"""Merging a duplicate idea into another: votes move over, nobody counts twice, nothing forms a chain."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community import events
from community.accounts.models import User
from forum.kernel import require

from ..fragments import forget_thread_panels, ideas_changed, lists_changed
from ..models import Idea, IdeaThreadLink, IdeaVote


@transaction.atomic
def merge_ideas(*, idea: Idea, into: Idea | None, by: User) -> Idea:
    """Merge `idea` (the duplicate) into `into`; returns `into` with its new vote count.

    The duplicate's page then leads to the other idea; its comments and history stay readable there.
    """
    require(by, "ideas.merge_ideas", idea, _("Only moderators can merge ideas."))
    if into is None:
        raise ValidationError({"into": _("Name an existing idea.")}, code="no_target")
    if into.pk == idea.pk:
        raise ValidationError({"into": _("An idea cannot be merged into itself.")}, code="itself")
    # Both rows locked, always in the same order: two merges of the same pair at once cannot deadlock,
    # and votes on either idea wait until the merge is done.
    locked = {i.pk: i for i in Idea.objects.select_for_update().filter(pk__in=[idea.pk, into.pk]).order_by("pk")}
    if into.pk not in locked:
        raise ValidationError({"into": _("Name an existing idea.")}, code="no_target")
    idea, into = locked[idea.pk], locked[into.pk]
    if idea.merged_into_id is not None:
        raise ValidationError(
            _("This idea was already merged into idea #%(id)d.") % {"id": idea.merged_into_id}, code="already_merged"
        )
    if into.merged_into_id is not None:
        raise ValidationError(
            {
                "into": _("That idea was itself merged into idea #%(id)d; merge into that one instead.")
                % {"id": into.merged_into_id}
            },
            code="chain",
        )
    # Votes: a person who voted for both keeps one vote; the target's author cannot vote for their own idea.
    target_voters = set(IdeaVote.objects.filter(idea=into).values_list("user_id", flat=True))
    moved, dropped = [], []
    for vote_id, user_id in IdeaVote.objects.filter(idea=idea).values_list("pk", "user_id"):
        (dropped if user_id in target_voters or user_id == into.author_id else moved).append((vote_id, user_id))
    IdeaVote.objects.filter(pk__in=[vote_id for vote_id, _user in dropped]).delete()
    IdeaVote.objects.filter(pk__in=[vote_id for vote_id, _user in moved]).update(idea=into, moved_from=idea)
    into.vote_count = len(target_voters) + len(moved)
    Idea.objects.filter(pk=into.pk).update(vote_count=into.vote_count)
    now = timezone.now()
    Idea.objects.filter(pk=idea.pk).update(merged_into=into, merged_at=now, vote_count=0)
    # Ideas merged into the duplicate before now point to the target, so no chain ever forms.
    earlier = list(Idea.objects.filter(merged_into=idea).values_list("pk", flat=True))
    Idea.objects.filter(pk__in=earlier).update(merged_into=into)
    ideas_changed(idea.pk, into.pk, *earlier)
    lists_changed()
    # The threads the duplicate came up in now show the target.
    forget_thread_panels(idea_ids=[idea.pk, into.pk])
    linked = set(IdeaThreadLink.objects.filter(idea=into).values_list("question_id", flat=True))
    IdeaThreadLink.objects.filter(idea=idea, question_id__in=linked).delete()
    IdeaThreadLink.objects.filter(idea=idea).update(idea=into)
    events.publish(
        events.IdeaMerged(
            idea_id=idea.pk,
            into_id=into.pk,
            by_user_id=by.pk,
            moved_voter_ids=tuple(sorted(user_id for _vote, user_id in moved)),
        )
    )
    return into
