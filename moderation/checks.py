"""Checks the moderation app adds in front of every write (forum.checks), in the order they run.

Write checks: a suspension or silencing refuses first (so a refused write counts for no limit), then the
rate limit of the person's role counts the write. Hold checks: the spam defence (moderation/spam.py).
"""

from .limits import count_write
from .spam import link_of_new_accounts, links_from_new_member, repeated_link, spam_checker_objects
from .suspensions import refuse_restricted

WRITE_CHECKS = (refuse_restricted, count_write)
# The cheap checks first; the spam checker, which may take its time-out, last.
HOLD_CHECKS = (links_from_new_member, repeated_link, link_of_new_accounts, spam_checker_objects)
