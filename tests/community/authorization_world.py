"""The things every role tries its writes on in tests/community/test_authorization.py: one person per role and
one set of posts, ideas, flags and settings rows, made once for the module. Each case runs in a savepoint
that is rolled back, so every role meets the world as it is here.

The posts are written by `author` and `answerer`, who hold none of the roles tried: what a role may do to
someone else's post is what the matrix checks. What only a post's or a file's owner may do (ask for a
review of a hidden post, download a copy of one's data) is tried on one of a role's own: the member's
hidden answer, the suspended member's export (the privacy pages stay open to them).
"""

import uuid
from dataclasses import dataclass, field
from datetime import timedelta

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.utils import timezone

from community import audit
from community.accounts.backends import AuthenticationBackend
from community.accounts.models import DataExport, Role, User
from community.accounts.privacy import exports
from community.models import Handoff, Page
from forum import services as forum_services
from forum.models import Answer, Article, InstantAnswer, Question, Reply, SearchDocument
from forum.search.index import index_question
from helpdesk.models import ApiToken, Helpdesk, ResponsePolicy
from ideas.models import Idea, IdeaComment, IdeaThreadLink, ProductArea
from moderation import suspensions
from moderation.models import Flag, Policy, RateLimit
from notifications import emails
from notifications.models import Notification
from superusers.models import ReputationEntry
from tests.accounts.factories import UserFactory
from tests.forum.factories import AnswerFactory, CategoryFactory, QuestionFactory, ReplyFactory
from tests.ideas.factories import IdeaCommentFactory, IdeaFactory, ProductAreaFactory
from tests.support import person

# Everyone the matrix asks for, in the order its report lists them.
ROLES = ["anonymous", "unconfirmed", "suspended", "member", "super user", "agent", "moderator", "admin"]
PASSWORD = "correct-horse-battery-staple"  # tests.accounts.factories.PASSWORD
NEW_PASSWORD = "a-new-and-long-passphrase-42"


@dataclass
class World:
    people: dict[str, User | AnonymousUser]
    author: User
    answerer: User
    category: object
    other_category: object
    question: Question
    answer: Answer
    reply: Reply
    original: Question  # what `question` can be marked a duplicate of
    closed: Question
    solved: Question
    accepted: Answer
    article: Article
    solved_document: int  # the solved question's entry in the search index (a suggestion while asking)
    question_type: int  # the content type of questions (the admin's "view on site")
    idea: Idea
    other_idea: Idea
    comment: IdeaComment
    linked: Question  # a thread linked to `idea`
    area: ProductArea
    flag: Flag
    notification: Notification  # the author's
    candidate: User  # whom moderators promote
    super_user: User  # whom moderators demote
    unsubscribe_token: str
    confirmation_key: str  # confirms the address of someone who has not yet
    reset_key: str  # the author's password reset
    hidden: Answer  # the member's own answer, hidden by a moderator: theirs to ask a review for
    colleague: User  # a moderator: only admins suspend or silence them
    silenced: User  # a member the world's moderator silenced: lifted by that moderator or an admin
    export: DataExport  # the suspended member's copy of their data, ready to download
    social_accounts: dict[str, int] = field(default_factory=dict)  # role: the id of its company login

    def signed_in(self, role: str) -> User | AnonymousUser:
        """The role's person as a request sees them: roles and confirmed address loaded by the backend."""
        user = self.people[role]
        if not user.is_authenticated:
            return user
        # Someone the backend no longer signs in (an inactive account) is a signed-out visitor to a request.
        return AuthenticationBackend().get_user(user.pk) or AnonymousUser()


def build() -> World:
    people = {role: person(role) for role in ROLES}
    for role, user in people.items():
        if user.is_authenticated:
            user.handle = f"as-{role.replace(' ', '-')}"
            user.save(update_fields=["handle"])
    author = UserFactory(handle="author", display_name="Ann Author")
    answerer = UserFactory(handle="answerer", display_name="Andy Answerer")
    category, other_category = CategoryFactory(), CategoryFactory()
    question = QuestionFactory(author=author, category=category, title="My router drops the connection at night")
    question.tags.set(["router"])
    answer = AnswerFactory(question=question, author=answerer)
    reply = ReplyFactory(question=question, author=answerer)
    Question.objects.filter(pk=question.pk).update(reply_count=1)
    original = QuestionFactory(author=answerer, category=category)
    closed = QuestionFactory(author=author, category=category, closed_at=timezone.now(), close_reason="off_topic")
    solved = QuestionFactory(
        author=author, category=category, title="How do I reset the thermostat to factory settings", is_solved=True
    )
    accepted = AnswerFactory(
        question=solved,
        author=answerer,
        is_accepted=True,
        accepted_at=timezone.now(),
        body="Hold the reset button for ten seconds until the display blinks, then pair it again.",
    )
    for indexed in (question, original, closed, solved):
        index_question(indexed.pk)
    article = forum_services.sync_article(question_id=solved.pk)
    _instant_answer(question, article)
    area = ProductAreaFactory()
    idea = IdeaFactory(author=author, area=area)
    other_idea = IdeaFactory(author=answerer)
    comment = IdeaCommentFactory(idea=idea, author=author)
    linked = QuestionFactory(author=answerer, category=category)
    IdeaThreadLink.objects.create(idea=idea, question=linked, by=answerer)
    flag = Flag.objects.create(
        reporter=answerer, author=author, kind="question", object_id=question.pk, reason=Flag.Reason.SPAM
    )
    notification = _notify(author, question)
    for user in people.values():
        if user.is_authenticated:
            _notify(user, question)
    unconfirmed_address = EmailAddress.objects.create(
        user=UserFactory(verified=False), email="not-yet@example.com", verified=False, primary=True
    )
    world = World(
        people=people,
        author=author,
        answerer=answerer,
        category=category,
        other_category=other_category,
        question=question,
        answer=answer,
        reply=reply,
        original=original,
        closed=closed,
        solved=solved,
        accepted=accepted,
        article=article,
        solved_document=SearchDocument.objects.get(object_id=solved.pk, kind="question").pk,
        question_type=ContentType.objects.get_for_model(Question).pk,
        idea=idea,
        other_idea=other_idea,
        comment=comment,
        linked=linked,
        area=area,
        flag=flag,
        notification=notification,
        candidate=UserFactory(handle="candidate"),
        super_user=UserFactory(handle="super", roles=[Role.SUPER_USER]),
        unsubscribe_token=emails.unsubscribe_token(author.pk, "new_answer"),
        confirmation_key=EmailConfirmationHMAC(unconfirmed_address).key,
        reset_key=f"{user_pk_to_url_str(author)}-{default_token_generator.make_token(author)}",
        hidden=_hidden_answer(original, people),
        colleague=UserFactory(handle="colleague", roles=[Role.MODERATOR]),
        silenced=_silenced(people["moderator"]),
        export=_export_ready(people["suspended"]),
    )
    _company_logins(world)
    _admin_rows(world)
    return world


def _instant_answer(question: Question, article: Article) -> None:
    """The automatic reply on `question`, pointing to the solved thread's article (Yes and No act on it)."""
    link = {"kind": "article", "object_id": article.pk, "thread_id": article.question_id, "title": article.title}
    link |= {"url": article.get_absolute_url(), "summary": "Hold the reset button.", "confidence": 0.9}
    InstantAnswer.objects.create(question=question, language="en", links=[link], confidence=0.9)


def _notify(user: User, question: Question) -> Notification:
    return Notification.objects.create(
        recipient=user, kind="new_answer", group_key=f"q{question.pk}", title="t", url=question.get_absolute_url()
    )


def _hidden_answer(question: Question, people: dict) -> Answer:
    answer = AnswerFactory(question=question, author=people["member"])
    return forum_services.hide_content(post=answer, by=people["moderator"], reason="Rude to the asker.")


def _silenced(moderator: User) -> User:
    member = UserFactory(handle="silenced")
    suspensions.restrict_member(person=member, by=moderator, kind="silenced", reason="Spam.", ends_at=None)
    return member


def _export_ready(user: User) -> DataExport:
    """A copy of the person's data, built and mailed (its file in the private storage, which the matrix
    points to a folder of its own)."""
    name = exports.storage().save(f"{exports.FOLDER}/matrix.zip", ContentFile(b"PK\x05\x06" + b"\0" * 18))
    now = timezone.now()
    return DataExport.objects.create(
        user=user,
        status=DataExport.Status.READY,
        file_name=name,
        size=22,
        ready_at=now,
        expires_at=now + timedelta(hours=1),
    )


def _company_logins(world: World) -> None:
    """The company's login (OpenID Connect), and each signed-in role connected to it, so that every role has
    a connection it could remove."""
    app = SocialApp.objects.create(
        provider="openid_connect",
        provider_id="company",
        name="Company",
        client_id="x",
        settings={"server_url": "https://id.example.invalid"},
    )
    for role, user in world.people.items():
        if user.is_authenticated:
            account = SocialAccount.objects.create(user=user, provider="company", uid=f"uid-{user.pk}")
            world.social_accounts[role] = account.pk
    SocialToken.objects.create(app=app, account=SocialAccount.objects.get(user=world.people["member"]), token="t")


def _admin_rows(world: World) -> None:
    """A row of every model the Django admin lists that nothing above made, so its object pages are tried."""
    Page.objects.get_or_create(slug="imprint", defaults={"title": "Imprint", "body": "Who runs this."})
    Handoff.objects.create(key="authorization-matrix", task="forum.tasks.sync_article", kwargs={"question_id": 1})
    Policy.objects.create()
    RateLimit.objects.create(role=RateLimit.Role.MODERATOR, action=RateLimit.Action.VOTE, limit=300, minutes=60)
    ReputationEntry.objects.create(user=world.answerer, points=10, reason="answer_accepted", event_id=uuid.uuid4())
    audit.record(actor=world.people["moderator"], action="super_user_demoted", subject=world.answerer, note="x")
    _helpdesk_rows(world)
    from insights.models import InsightsSettings

    InsightsSettings.objects.create()


def _helpdesk_rows(world: World) -> None:
    """The helpdesk escalations go to (nothing is sent: the matrix never commits), an endpoint and a failed delivery."""
    from helpdesk.models import WebhookDelivery, WebhookEndpoint

    desk = Helpdesk.objects.create(name="Zendesk", slug="zendesk", escalation_url="http://127.0.0.1:9/escalate")
    ResponsePolicy.objects.create(escalate_to=desk)
    # The helpdesk the ticket entries use (authorization_table_tickets._desk).
    Helpdesk.objects.get_or_create(slug="matrix-desk", defaults={"name": "Matrix desk"})
    endpoint = WebhookEndpoint.objects.create(name="CRM", url="http://127.0.0.1:9/hook", events=["answer.accepted"])
    WebhookDelivery.objects.create(
        endpoint=endpoint,
        event="answer.accepted",
        event_id=uuid.uuid4(),
        occurred_at=timezone.now(),
        payload={},
        status="failed",
        attempts=6,
    )
    ApiToken.objects.create(name="sidebar", helpdesk=desk, prefix="abcdefgh", key_hash=ApiToken.hash_of("walk"))
