import factory
from django.contrib.auth.hashers import make_password

from community.accounts.models import User
from ideas import services
from ideas.models import Idea, IdeaComment, IdeaVote, ProductArea
from ideas.services import reindex
from tests.accounts.factories import UserFactory
from tests.support import WrittenFactory, named_in_both_languages

ProductAreaFactory = named_in_both_languages(ProductArea, "Area", "Bereich")


class IdeaFactory(WrittenFactory):
    """An idea row as the services would leave it (use services.post_idea to test posting itself)."""

    class Meta:
        model = Idea
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Export the heating history number {n} as a file")
    body = "I want to compare this winter with the last one in a **spreadsheet**."
    excerpt = factory.LazyAttribute(lambda o: o.body[:200])

    @factory.post_generation
    def indexed(self, create, extracted, **kwargs):
        if create:
            reindex(self.pk)


class IdeaCommentFactory(WrittenFactory):
    class Meta:
        model = IdeaComment

    idea = factory.SubFactory(IdeaFactory)
    body = "Yes please, I would use this every month."


def people(count: int, prefix: str = "voter") -> list[User]:
    """Many plain people at once (no roles, no confirmed address): for vote counts, not for permissions."""
    password = make_password(None)
    return User.objects.bulk_create(
        [
            User(email=f"{prefix}{n}@example.com", handle=f"{prefix}{n}", display_name=f"Voter {n}", password=password)
            for n in range(count)
        ]
    )


def add_votes(idea: Idea, voters) -> None:
    """Vote rows as the service would write them, in bulk, with the count kept."""
    import uuid

    IdeaVote.objects.bulk_create([IdeaVote(idea=idea, user=user, voted_event_id=uuid.uuid4()) for user in voters])
    Idea.objects.filter(pk=idea.pk).update(vote_count=IdeaVote.objects.filter(idea=idea).count())
    idea.refresh_from_db()


def post(by=None, **fields) -> Idea:
    """Post through the real service, with sensible defaults."""
    data = {
        "title": "Export the heating history as a CSV file",
        "body": "I would like to compare this winter with the last one in a spreadsheet.",
        "tags": ["export"],
    }
    data.update(fields)
    return services.post_idea(by=by or UserFactory(), **data)
