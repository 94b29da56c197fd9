"""What the idea services share beyond the forum's post kernel: the search index, row locks, merged ideas."""

from django.contrib.postgres.search import SearchVector
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..models import Idea


def reindex(idea_id: int) -> None:
    """Bring the idea's search vector in line with its title and description (same transaction)."""
    Idea.objects.filter(pk=idea_id).update(
        search_vector=SearchVector("title", weight="A", config="simple")
        + SearchVector("body", weight="B", config="simple")
    )


def lock(idea: Idea, *, no_key: bool = False) -> Idea:
    """The idea's row, locked for this transaction and read fresh."""
    return Idea.objects.select_for_update(no_key=no_key).get(pk=idea.pk)


def refuse_merged(idea: Idea) -> None:
    if idea.merged_into_id is not None:
        raise ValidationError(
            _("This idea was merged into idea #%(id)d; please continue there.") % {"id": idea.merged_into_id},
            code="merged",
        )


def refuse_out_of_view(idea: Idea) -> None:
    """Nothing new (votes, comments) on an idea that is not on the board: held, hidden or deleted."""
    if idea.deleted_at is not None:
        raise ValidationError(_("This idea is not on the board."), code="out_of_view")
