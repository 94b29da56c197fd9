import factory

from forum import services
from forum.models import Answer, Category, Question, Reply
from tests.accounts.factories import UserFactory
from tests.support import WrittenFactory, named_in_both_languages

CategoryFactory = named_in_both_languages(Category, "Category", "Kategorie")


class QuestionFactory(WrittenFactory):
    """A question row as the services would leave it (use services.ask_question to test asking itself)."""

    class Meta:
        model = Question

    category = factory.SubFactory(CategoryFactory)
    title = factory.Sequence(lambda n: f"How do I connect my device number {n} to the Wi-Fi?")
    body = "I tried the usual steps: reset, reconnect, reboot. **Nothing** helps."
    excerpt = factory.LazyAttribute(lambda o: o.body[:200])


class AnswerFactory(WrittenFactory):
    class Meta:
        model = Answer
        skip_postgeneration_save = True

    question = factory.SubFactory(QuestionFactory)
    body = "Hold the button for ten seconds, then pair it again in the app."

    @factory.post_generation
    def counted(self, create, extracted, **kwargs):
        if create:
            Question.objects.filter(pk=self.question_id).update(answer_count=self.question.answers.count())


class ReplyFactory(WrittenFactory):
    class Meta:
        model = Reply

    question = factory.SubFactory(QuestionFactory)
    answer = None
    body = "Thanks, that helped!"


def ask(by=None, **fields):
    """Ask through the real service, with sensible defaults."""
    data = {
        "title": "The app shows my device as offline",
        "body": "Since this morning the app says offline, but the light is green.",
        "category": CategoryFactory(),
        "tags": ["app"],
        "language": "en",
    }
    data.update(fields)
    return services.ask_question(by=by or UserFactory(), **data)


def thread_with(answers: int, replies: int) -> Question:
    """A question with this many answers and replies, written in bulk: for query budgets that must not grow."""
    question = QuestionFactory()
    question.tags.set(["wifi", "router"])
    authors = UserFactory.create_batch(5)
    made = Answer.objects.bulk_create(
        [
            Answer(question=question, author=authors[n % 5], body="Try this.", body_html="<p>Try this.</p>")
            for n in range(answers)
        ]
    )
    Reply.objects.bulk_create(
        [
            Reply(
                question=question,
                answer=made[n % answers] if answers and n % 3 else None,
                author=authors[n % 5],
                body="Thanks",
                body_html="<p>Thanks</p>",
            )
            for n in range(replies)
        ]
    )
    Question.objects.filter(pk=question.pk).update(answer_count=answers)
    return question


# Events other apps publish in reaction (badges, ranks) are theirs to test.
OTHERS = {"BadgeAwarded", "RankReached"}


def kinds(log):
    """The names of the forum's own events in an `event_log`, in order."""
    return [type(event).__name__ for event in mine(log)]


def mine(log):
    """The forum's own events in an `event_log`."""
    return [event for event in log if type(event).__name__ not in OTHERS]
