"""Who sees which categories, and the categories as lists and pages show them."""

from django.db.models import QuerySet

from community.accounts.permissions import has_agent_privileges, has_super_user_privileges

from ..models import Category


def audiences(user) -> list[str]:
    """The category audiences this person belongs to."""
    allowed = [Category.Audience.EVERYONE]
    if user.is_authenticated:
        if has_super_user_privileges(user):
            allowed.append(Category.Audience.SUPER_USERS)
        if has_agent_privileges(user):
            allowed.append(Category.Audience.STAFF)
    return allowed


def visible_categories(user) -> QuerySet[Category]:
    """Categories this person may see, with their counts and latest question (one query)."""
    return (
        Category.objects.filter(audience__in=audiences(user))
        .select_related("last_question")
        .only(*_CATEGORY_FIELDS, "last_question__id", "last_question__title", "last_question__last_activity_at")
    )


_CATEGORY_FIELDS = (
    "id",
    "slug",
    "name_en",
    "name_de",
    "description_en",
    "description_de",
    "colour",
    "order",
    "audience",
    "thread_starters",
    "question_count",
    "solved_count",
    "last_activity_at",
)


def categories_to_start_in(user) -> list[Category]:
    """Categories where this person may start a thread (ask, or move a question to), in their order."""
    return [category for category in visible_categories(user) if user.has_perm("forum.start_thread", category)]


def category(user, slug: str) -> Category:
    return Category.objects.filter(audience__in=audiences(user)).get(slug=slug)


def feed_category(slug: str) -> Category | None:
    """A category with a public feed: feeds are read without signing in, so only categories everyone sees."""
    return Category.objects.filter(slug=slug, audience=Category.Audience.EVERYONE).first()
