"""The mood of posts as the watch page shows it, looked up in one go for a page of hits."""

from .models import PostMood


def mood_of(kind: str, object_ids) -> dict:
    """{object id: "Negative (-0.62)"} for these posts of one kind ("question", "answer", "reply"), one query;
    a post not scored yet is left out."""
    rows = PostMood.objects.filter(kind=kind, object_id__in=list(object_ids)).values_list("object_id", "label", "score")
    return {object_id: f"{PostMood.Label(label).label} ({score:+.2f})" for object_id, label, score in rows}
