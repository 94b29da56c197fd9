"""The badges, defined in code: name, description, tier, whether they repeat, and the rule that earns them.

A rule answers, for one person, the keys of what they have earned: [""] for a one-time badge,
["answer:12", ...] for a repeatable one (one award per answer). Awarding inserts what is new
(the database's unique key makes a second award impossible), so a rule may be asked any time.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, F, Min, Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Badge:
    code: str
    name: Promise
    description: Promise
    tier: str  # bronze, silver, gold
    repeatable: bool
    rule: Callable[[int], list[str]]


BADGES: dict[str, Badge] = {}
TIERS = {"bronze": _("Bronze"), "silver": _("Silver"), "gold": _("Gold")}


def badge(code, name, description, tier, repeatable=False):
    def register(rule):
        BADGES[code] = Badge(code, name, description, tier, repeatable, rule)
        return rule

    return register


def _once(condition: bool) -> list[str]:
    return [""] if condition else []


def _answers(user_id):
    from forum.models import Answer

    return Answer.objects.filter(author_id=user_id, deleted_at__isnull=True, question__deleted_at__isnull=True)


def _accepted(user_id) -> int:
    return _answers(user_id).filter(is_accepted=True).exclude(question__author_id=user_id).count()


@badge("first_question", _("Curious"), _("Asked a first question."), "bronze")
def first_question(user_id):
    from forum.models import Question

    return _once(Question.objects.filter(author_id=user_id, deleted_at__isnull=True).exists())


@badge("first_answer", _("First answer"), _("Answered a question for the first time."), "bronze")
def first_answer(user_id):
    return _once(_answers(user_id).exists())


@badge("first_accepted", _("Problem solver"), _("A first answer accepted as the solution."), "bronze")
def first_accepted(user_id):
    return _once(_accepted(user_id) >= 1)


@badge("accepted_10", _("Reliable helper"), _("10 answers accepted."), "bronze")
def accepted_10(user_id):
    return _once(_accepted(user_id) >= 10)


@badge("accepted_50", _("Expert"), _("50 answers accepted."), "silver")
def accepted_50(user_id):
    return _once(_accepted(user_id) >= 50)


@badge("accepted_250", _("Legend"), _("250 answers accepted."), "gold")
def accepted_250(user_id):
    return _once(_accepted(user_id) >= 250)


@badge("quick_helper", _("Quick helper"), _("Answered within an hour of the question, 10 times."), "silver")
def quick_helper(user_id):
    quick = _answers(user_id).filter(created_at__lte=F("question__created_at") + timedelta(hours=1))
    return _once(quick.exclude(question__author_id=user_id).count() >= 10)


@badge("welcomer", _("Welcomer"), _("Gave the first answer to a newcomer's question."), "bronze")
def welcomer(user_id):
    from forum.models import Answer

    firsts = (
        Answer.objects.filter(deleted_at__isnull=True)
        .values("question")
        .annotate(first=Min("created_at"))
        .filter(question__created_at__lte=F("question__author__date_joined") + timedelta(days=7))
    )
    mine = _answers(user_id).exclude(question__author_id=user_id).values_list("question", "created_at")
    first_times = {row["question"]: row["first"] for row in firsts.filter(question__in=[q for q, _ in mine])}
    return _once(any(first_times.get(question) == created for question, created in mine))


@badge("good_answer", _("Good answer"), _("An answer with 10 votes."), "silver", repeatable=True)
def good_answer(user_id):
    return [f"answer:{pk}" for pk in _answers(user_id).filter(score__gte=10).values_list("pk", flat=True)]


@badge("great_answer", _("Great answer"), _("An answer with 25 votes."), "gold", repeatable=True)
def great_answer(user_id):
    return [f"answer:{pk}" for pk in _answers(user_id).filter(score__gte=25).values_list("pk", flat=True)]


@badge("good_question", _("Good question"), _("A question with 5 votes."), "bronze", repeatable=True)
def good_question(user_id):
    from forum.models import Question

    found = Question.objects.filter(author_id=user_id, deleted_at__isnull=True, score__gte=5)
    return [f"question:{pk}" for pk in found.values_list("pk", flat=True)]


@badge("supporter", _("Supporter"), _("Voted up someone's post for the first time."), "bronze")
def supporter(user_id):
    from forum.models import Vote

    return _once(Vote.objects.filter(user_id=user_id, value=1).exists())


@badge("conversation", _("Conversation starter"), _("Wrote 10 replies."), "bronze")
def conversation(user_id):
    from forum.models import Reply

    return _once(Reply.objects.filter(author_id=user_id, deleted_at__isnull=True).count() >= 10)


@badge("editor", _("Editor"), _("Improved someone else's post."), "bronze")
def editor(user_id):
    from forum.models import Revision

    edits = Revision.objects.filter(author_id=user_id, number__gt=1).exclude(
        Q(question__author_id=user_id) | Q(answer__author_id=user_id)
    )
    return _once(edits.exists())


@badge("idea_maker", _("Idea maker"), _("Suggested a first idea."), "bronze")
def idea_maker(user_id):
    from .models import PointRule, ReputationEntry

    # The ledger hears of every idea posted (superusers meets the idea board at its events).
    return _once(ReputationEntry.objects.filter(user_id=user_id, reason=PointRule.Code.IDEA_POSTED).exists())


@badge("idea_planned", _("Visionary"), _("An idea of yours was planned."), "silver", repeatable=True)
def idea_planned(user_id):
    from .models import PointRule, ReputationEntry

    planned = ReputationEntry.objects.filter(user_id=user_id, reason=PointRule.Code.IDEA_PLANNED, idea_id__isnull=False)
    return [f"idea:{pk}" for pk in planned.values_list("idea_id", flat=True).distinct()]


@badge(
    "helpful_article",
    _("Knowledge keeper"),
    _("An answer of yours became an article 10 people found helpful."),
    "silver",
    repeatable=True,
)
def helpful_article(user_id):
    from forum.models import Article

    found = Article.objects.filter(answer__author_id=user_id, helpful_yes__gte=10, status=Article.Status.PUBLISHED)
    return [f"article:{pk}" for pk in found.values_list("pk", flat=True)]


@badge("streak_30", _("Regular"), _("Active on 30 days in a row."), "gold")
def streak_30(user_id):
    return _once(longest_streak(user_id) >= 30)


def longest_streak(user_id: int, days: int = 400) -> int:
    """The longest run of consecutive days with a question, answer or reply, within the last `days`."""
    from django.db.models.functions import TruncDate

    from forum.models import Answer, Question, Reply

    since = timezone.now() - timedelta(days=days)
    dates = set()
    for model in (Question, Answer, Reply):
        found = model.objects.filter(author_id=user_id, created_at__gte=since).annotate(day=TruncDate("created_at"))
        dates |= set(found.values_list("day", flat=True).distinct())
    longest = run = 0
    previous = None
    for day in sorted(dates):
        run = run + 1 if previous is not None and (day - previous).days == 1 else 1
        longest, previous = max(longest, run), day
    return longest


def holders_count() -> dict[str, int]:
    from .models import BadgeAward

    return dict(BadgeAward.objects.values("badge").annotate(n=Count("user", distinct=True)).values_list("badge", "n"))
