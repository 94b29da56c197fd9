"""What moderation keeps about a person, for their data export, and what erasing them does here.

Registered in community.privacy from ModerationConfig.ready(). The flags a person raised stay with their
pseudonymous row (moderators decided on them); their notes are their own words and go with their posts.
"""

from community import privacy

from .models import Flag

# Who else a flag names (the flagged post's author, the moderator who handled it) is not the reporter's data.
NOT_EXPORTED = {"id", "reporter", "author", "handled_by"}


def flags(user) -> list[dict]:
    """The flags the person raised: on which post, why, and what became of them."""
    fields = [field for field in Flag._meta.concrete_fields if field.name not in NOT_EXPORTED]
    return [
        {field.attname: getattr(flag, field.attname) for field in fields}
        for flag in Flag.objects.filter(reporter=user).order_by("pk")
    ]


def erase(user, remove_posts: bool) -> None:
    if remove_posts:
        Flag.objects.filter(reporter=user).exclude(note="").update(note="")


def connect() -> None:
    privacy.register_exporter("flags", flags)
    privacy.register_eraser("moderation", erase)
