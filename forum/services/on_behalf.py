"""Posting for a customer: an agent types a question or an answer for someone who phoned or wrote in.

The customer is the post's author, so editing, accepting and following work as for anything they wrote;
`on_behalf_by` keeps the agent who typed it, and the first revision is the agent's (the history says who
wrote which words). The agent's own write checks apply (their suspension, their rate limit); the post is
never held for review: the people who review posts are staff themselves, and a person vouched for it.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from community import events
from community.accounts.models import User
from community.accounts.permissions import restriction_of

from ..kernel import require
from ..models import Category


def check_on_behalf(*, by: User, customer: User) -> None:
    """Refuse unless `by` may post for customers and `customer` may have something posted in their name."""
    require(by, "forum.post_on_behalf", message=_("Only agents, moderators and admins can post for a customer."))
    refuse_customer(by=by, customer=customer)


def refuse_customer(*, by: User, customer: User) -> None:
    """A ValidationError on the customer field when nothing may be posted in this person's name."""
    if customer.pk == by.pk:
        message = _("You cannot post for yourself here: use the usual form to write in your own name.")
        raise ValidationError({"customer": message}, code="self")
    if not customer.is_active or customer.is_erased:
        message = _("%(name)s has closed their account: nothing can be posted in their name.")
        raise ValidationError({"customer": message % {"name": customer.display_name}}, code="inactive")
    restriction = restriction_of(customer)
    if restriction == "suspended":
        message = _("%(name)s is suspended: nothing can be posted in their name until the suspension ends.")
        raise ValidationError({"customer": message % {"name": customer.display_name}}, code="suspended")
    if restriction is not None:  # silenced: posting for them would go around the moderators' decision
        message = _("%(name)s may not post at the moment (a moderator restricted them), so neither can you for them.")
        raise ValidationError({"customer": message % {"name": customer.display_name}}, code="restricted")


def check_customer_category(category: Category, customer: User) -> None:
    """The customer, as the author, must be able to read the category and start a thread there."""
    if customer.has_perm("forum.view_category", category) and customer.has_perm("forum.start_thread", category):
        return
    message = _("%(name)s cannot start threads in “%(category)s”. Please choose another category.")
    raise ValidationError(
        {"category": message % {"name": customer.display_name, "category": category.name}}, code="customer_category"
    )


def check_customer_reads(question, customer: User) -> None:
    """An answer goes in the customer's name only under a question they can read."""
    if not customer.has_perm("forum.view_category", question.category):
        message = _("%(name)s cannot see this question's category, so an answer cannot go in their name.")
        raise ValidationError({"customer": message % {"name": customer.display_name}}, code="customer_category")


def publish_posted_on_behalf(*, question_id: int, answer_id: int | None, customer: User, by: User) -> None:
    events.publish(
        events.PostedOnBehalf(question_id=question_id, answer_id=answer_id, author_id=customer.pk, by_user_id=by.pk)
    )


def revision_note() -> str:
    """The first revision's note: why someone other than the author wrote it."""
    return _("Written by the service team for the author")
