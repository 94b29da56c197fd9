"""A member who did a bit of everything, for the privacy tests: their data export and their erasure."""

import io
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from community.accounts import services as accounts
from community.accounts.models import Role, User
from forum import services as forum
from ideas import services as ideas
from moderation import services as moderation
from notifications import services as notifications
from superusers import services as superusers
from tests.accounts.factories import UserFactory
from tests.forum.factories import CategoryFactory, ask
from tests.ideas.factories import post

NAME = "Zebulon Quartermaine"
EMAIL = "zebulon.quartermaine@example.org"
SECOND_EMAIL = "zq-old@example.net"
HANDLE = "zebulon"


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "#0b5cad").save(buffer, "PNG")
    return buffer.getvalue()


@dataclass
class Busy:
    """The member, the others around them, and what each of them did."""

    member: User
    other: User
    moderator: User
    category: object
    question: object  # the member's own
    others_question: object
    answer: object  # the member's, on the other's question
    others_answer: object  # on the member's question
    reply: object
    idea: object
    others_idea: object
    comment: object
    flag: object
    mention: object  # the other's reply that mentions the member
    made: dict = field(default_factory=dict)


def busy_member(committed) -> Busy:
    """Run inside `committed()` blocks, so hand-offs (reputation, notifications) happen as in production."""
    member = UserFactory(display_name=NAME, email=EMAIL, handle=HANDLE, bio="I fix heating systems.", language="en")
    EmailAddress.objects.create(user=member, email=SECOND_EMAIL, verified=True, primary=False)
    SocialAccount.objects.create(
        user=member, provider="company", uid="zq-42", extra_data={"email": EMAIL, "name": NAME}
    )
    accounts.update_profile(user=member, by=member, avatar=SimpleUploadedFile("me.png", png(), "image/png"))
    other = UserFactory(display_name="Olga Other", handle="olga")
    moderator = UserFactory(display_name="Mona Moderator", handle="mona", roles=[Role.MODERATOR])
    category = CategoryFactory()
    with committed():
        question = ask(by=member, category=category, title="Radiator valve keeps clicking at night", tags=["valve"])
        others_question = ask(by=other, category=category, title="Thermostat loses its schedule after a power cut")
    with committed():
        answer = forum.post_answer(question=others_question, by=member, body="Re-pair it after the power returns.")
        others_answer = forum.post_answer(question=question, by=other, body="Bleed the radiator, then listen again.")
    with committed():
        reply = forum.post_reply(question=question, answer=others_answer, by=member, body="Bleeding helped, thanks!")
        mention = forum.post_reply(question=others_question, answer=answer, by=other, body="Thanks @zebulon, it works.")
        forum.vote(post=others_question, by=member, value=1)
        forum.vote(post=others_answer, by=member, value=1)
        forum.vote(post=answer, by=other, value=1)  # reputation for the member
    with committed():
        idea = post(by=member, title="Holiday mode with a start and end date")
        others_idea = post(by=other, title="Show the boiler's pressure history in the app")
    with committed():
        ideas.vote(idea=others_idea, by=member)
        comment = ideas.post_comment(idea=others_idea, by=member, body="Yes, with a weekly chart please.")
        ideas.vote(idea=idea, by=other)
    notifications.follow(user=member, target=category)
    notifications.set_preference(user=member, kind="new_answer", email="daily")
    flag = moderation.flag_post(post=mention, by=member, reason="spam", note="Looks like an advert to me.")
    with committed():
        superusers.promote(user=member, by=moderator, note=f"{NAME} answers heating questions well")
    LogEntry.objects.create(  # an admin changed the member's row in the administration
        user=moderator,
        content_type=ContentType.objects.get_for_model(User),
        object_id=str(member.pk),
        object_repr=str(member),
        action_flag=CHANGE,
        change_message='[{"changed": {"fields": ["Bio"]}}]',
    )
    member.refresh_from_db()
    return Busy(
        member=member,
        other=other,
        moderator=moderator,
        category=category,
        question=question,
        others_question=others_question,
        answer=answer,
        others_answer=others_answer,
        reply=reply,
        idea=idea,
        others_idea=others_idea,
        comment=comment,
        flag=flag,
        mention=mention,
    )
